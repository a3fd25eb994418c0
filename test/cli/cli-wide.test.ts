import { describe, expect, it } from 'vitest';

import { parseCliArgs } from '../../src/cli/args.js';
import { helpText } from '../../src/cli/help.js';
import { formatTable } from '../../src/cli/table.js';

describe('model-discovery list --wide', () => {
  it('adds context window and input/output prices per million tokens, a dash where unknown', () => {
    const table = formatTable(
      [
        { id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', context_window: 200_000, pricing: { input: 3, output: 15 } },
        { id: 'mistral-medium-3.1', context_window: 262_144, pricing: { input: 0.4, output: 2 } },
        { id: 'cheap', pricing: { input: 0.000000003625 } },
        { id: 'local' },
      ],
      { wide: true },
    );
    expect(table.split('\n')).toEqual([
      'ID                  DISPLAY NAME       CREATED  CONTEXT  IN $/M           OUT $/M',
      'claude-sonnet-4-5   Claude Sonnet 4.5  -        200,000  $3               $15',
      'mistral-medium-3.1  -                  -        262,144  $0.4             $2',
      'cheap               -                  -        -        $0.000000003625  -',
      'local               -                  -        -        -                -',
      '',
    ]);
  });

  it('keeps the narrow table without the flag', () => {
    expect(formatTable([{ id: 'm', context_window: 5 }])).toBe('ID  DISPLAY NAME  CREATED\nm   -             -\n');
  });

  it('is a flag of its own, listed in --help', () => {
    expect(parseCliArgs(['--wide']).wide).toBe(true);
    expect(parseCliArgs([]).wide).toBe(false);
    expect(helpText('0.0.0')).toContain('--wide');
  });
});
