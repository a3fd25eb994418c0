import type { Machine } from './machine.js';
import { markdownTable, type Row, type Section } from './table.js';

export interface RunFacts {
  machine: Machine;
  quick: boolean;
  seconds: number;
  date: Date;
}

/** The whole results.md: what ran where, one table of every row, then how each part was measured. */
export function renderResults(sections: readonly Section[], facts: RunFacts): string {
  const { machine } = facts;
  const rows: Row[] = sections.flatMap((section) =>
    section.rows.map((row) => ({ ...row, compared: `**${section.title.split('.')[0]}.** ${row.compared}` })),
  );
  const lines = [
    '# Benchmark results',
    '',
    facts.quick
      ? '> **Quick run** (`--quick`): every duration and count shrunk to check the harness. These figures are noise; run `npm run bench` for real ones.'
      : '> Full run of `npm run bench`.',
    '',
    `- Machine: ${machine.cpus} CPU(s), ${machine.cpuModel}, ${machine.memory} RAM, ${machine.platform}`,
    `- Node ${machine.node}; load average at start (1/5/15 min): ${machine.load}`,
    `- Date: ${facts.date.toISOString()}; whole run: ${facts.seconds.toFixed(0)} s`,
    '- Reproduce: `npm ci && npm run bench` (writes this file). Each section runs in its own Node process.',
    '- Every figure is `median (min–max)` over the runs counted in the last column; a ratio is taken run by run, then summarised.',
    '',
    markdownTable(rows),
    '',
    '## How each part was measured',
  ];
  for (const section of sections) {
    lines.push('', `### ${section.title}`, '');
    if (section.method) lines.push(section.method, '');
    for (const note of section.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
