import { describe, expect, it } from 'vitest';

import { filterModels, ModelDiscovery, type Model } from '../../src/index.js';
import { GATEWAY, listOf, serveModels } from '../support/upstream.js';

const models: Model[] = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'openai/gpt-4o', 'llama3:8b', 'text-embedding-3-small', 'claude-3-latest'].map((id) => ({ id }));
const ids = (list: readonly Model[]) => list.map((model) => model.id);

describe('filterModels', () => {
  it('keeps every model, in order, when no filter is given', () => {
    expect(ids(filterModels(models, undefined))).toEqual(ids(models));
  });

  it('keeps only ids that start with a prefix, as a proxy that routes only Claude models needs', () => {
    expect(ids(filterModels(models, { prefix: 'claude-' }))).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-3-latest']);
  });

  it('accepts several prefixes and keeps an id that starts with any of them', () => {
    expect(ids(filterModels(models, { prefix: ['openai/', 'llama'] }))).toEqual(['openai/gpt-4o', 'llama3:8b']);
  });

  it('matches include globs across slashes and colons', () => {
    expect(ids(filterModels(models, { include: ['openai/*', '*:8b'] }))).toEqual(['openai/gpt-4o', 'llama3:8b']);
    expect(ids(filterModels(models, { include: '*gpt*' }))).toEqual(['openai/gpt-4o']);
  });

  it('treats ? as exactly one character and every other glob character literally', () => {
    const odd: Model[] = [{ id: 'a.b' }, { id: 'axb' }, { id: 'a+b' }, { id: 'ab' }];
    expect(ids(filterModels(odd, { include: 'a.b' }))).toEqual(['a.b']);
    expect(ids(filterModels(odd, { include: 'a?b' }))).toEqual(['a.b', 'axb', 'a+b']);
    expect(ids(filterModels(odd, { include: 'a+b' }))).toEqual(['a+b']);
  });

  it('lets exclude win over include and prefix', () => {
    expect(ids(filterModels(models, { prefix: 'claude-', exclude: '*-latest' }))).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
  });

  it('takes predicates for include, exclude, or as the whole filter', () => {
    const hasOwner = (model: Model) => model.owned_by === 'anthropic';
    const owned: Model[] = [{ id: 'a', owned_by: 'anthropic' }, { id: 'b', owned_by: 'openai' }, { id: 'c' }];
    expect(ids(filterModels(owned, hasOwner))).toEqual(['a']);
    expect(ids(filterModels(owned, { include: hasOwner }))).toEqual(['a']);
    expect(ids(filterModels(owned, { exclude: hasOwner }))).toEqual(['b', 'c']);
  });

  it("keeps exactly what Claude Code keeps with the 'claudeCode' preset: claude or anthropic anywhere, any case", () => {
    const gateway: Model[] = [
      'claude-sonnet-4-5',
      'anthropic/claude-haiku-4-5',
      'us.anthropic.claude-opus-4-1-20250805-v1:0',
      'bedrock/ANTHROPIC.claude-3-haiku',
      'my-Claude-proxy',
      'anthropic-only',
      'gpt-4o',
      'mistral/cla-ude-lookalike',
      'llama3:8b',
    ].map((id) => ({ id }));
    // Claude Code 2.1.332 keeps `/(claude|anthropic)/i.test(id)` (read from its code; the E2E test
    // in test/claude-code/ checks the same list against the real CLI).
    const claudeCodeKeeps = gateway.filter((model) => /(claude|anthropic)/i.test(model.id));

    expect(filterModels(gateway, 'claudeCode')).toEqual(claudeCodeKeeps);
    expect(ids(filterModels(gateway, 'claudeCode'))).toEqual([
      'claude-sonnet-4-5',
      'anthropic/claude-haiku-4-5',
      'us.anthropic.claude-opus-4-1-20250805-v1:0',
      'bedrock/ANTHROPIC.claude-3-haiku',
      'my-Claude-proxy',
      'anthropic-only',
    ]);
    // The prefix filter the README used to suggest drops ids Claude Code shows and routes.
    expect(ids(filterModels(gateway, { prefix: 'claude-' }))).toEqual(['claude-sonnet-4-5']);
  });

  it('compares ids case-sensitively, as the upstream spells them', () => {
    expect(ids(filterModels([{ id: 'Claude-X' }, { id: 'claude-x' }], { prefix: 'claude' }))).toEqual(['claude-x']);
  });

  it.each([
    [{ prefixes: 'claude' }, /unknown rule `prefixes`/],
    [{ include: 42 }, /include` must be a string or an array of strings/],
    [{ exclude: ['ok', 1] }, /exclude` must be a string or an array of strings/],
    ['claude-*', /names no preset: "claude-\*".*'claudeCode'.*\{ include: '…' \}/],
    ['toString', /names no preset/],
    [42, /must be a preset name, a function or an object/],
  ])('rejects a malformed filter %j with a TypeError that names the mistake', (filter, message) => {
    expect(() => filterModels(models, filter as never)).toThrow(TypeError);
    expect(() => filterModels(models, filter as never)).toThrow(message);
  });
});

describe('the filter option of ModelDiscovery', () => {
  it('applies the same rules to every snapshot, so the available-models side sees the filtered list', async () => {
    serveModels(listOf(['claude-sonnet-4-5', 'gpt-4o', 'claude-haiku-4-5']));
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, filter: { prefix: 'claude-' } });

    const snapshot = await discovery.getModels();

    expect(ids(snapshot.models)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
    expect(snapshot.discoveryAvailable).toBe(true);
  });

  it('filters the fallback list too', async () => {
    const discovery = new ModelDiscovery({ env: {}, fallbackModels: ['claude-opus-4-1', 'gpt-4o'], filter: { exclude: 'gpt-*' } });

    expect(ids((await discovery.getModels()).models)).toEqual(['claude-opus-4-1']);
  });

  it('rejects a malformed filter when the discovery is built', () => {
    expect(() => new ModelDiscovery({ env: {}, filter: { include: 7 } as never })).toThrow(/filter.include/);
  });
});

describe('glob matching on untrusted ids', () => {
  it('stays linear on hostile ids, so a gateway cannot freeze the host (regression: a backtracking RegExp took about a minute)', () => {
    const hostile: Model[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `${'-'.repeat(250)}${i}` }));
    const kept = filterModels(hostile, { exclude: ['*-*-*-preview', '*-*-*-*-*-preview'] });
    expect(kept).toHaveLength(10_000);
  });

  it.each([
    ['claude-*', 'claude-sonnet-4-5', true],
    ['*', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['?pt-4o', 'gpt-4o', true],
    ['*:8b', 'llama3:8b', true],
    ['openai/*', 'openai/gpt-4o', true],
    ['claude-3.5*', 'claude-305-x', false],
    ['a[b]', 'a[b]', true],
    ['**x', 'x', true],
  ])('%s against %s → %s', (glob, id, expected) => {
    expect(filterModels([{ id }], { include: glob })).toHaveLength(expected ? 1 : 0);
  });
});
