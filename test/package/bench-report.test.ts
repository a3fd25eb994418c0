import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ratio, spread } from '../../bench/lib/format.js';
import { BENCHMARKS_PAGE, renderResults, withDocsTable } from '../../bench/lib/report.js';
import { pairedRatios, summarize } from '../../bench/lib/stats.js';
import type { Section } from '../../bench/lib/table.js';

// The benchmark figures themselves are never asserted (speed belongs in bench/, not in tests);
// these pin how they are summarised and reported, on fixed input.

const machine = { cpus: 2, cpuModel: 'Test CPU', memory: '24 GiB', node: 'v20.0.0', platform: 'linux x64', load: '0.00 / 0.00 / 0.00' };

const section: Section = {
  id: 'cached-read',
  title: '1. Cached read',
  method: 'How it was measured.',
  rows: [{ compared: 'a ÷ b | ops/s', ours: '2 ops/s', theirs: '1 ops/s', ratio: '2.00× (1.00–3.00)', goal: '≥ 1', runs: 3 }],
  notes: ['A note.'],
};

describe('the benchmark report', () => {
  it('summarises runs as a median with the whole range and the quartiles', () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, runs: 5 });
    expect(summarize([1, 2, 3, 4]).median).toBe(2.5);
  });

  it('takes ratios run by run, so drift between runs cancels out', () => {
    expect(pairedRatios([10, 40], [5, 10])).toEqual([2, 4]);
  });

  it('writes a figure as its median followed by the range of the runs', () => {
    expect(spread(summarize([1200, 1000, 1100]), 'ops/s')).toBe('1,100 ops/s (1,000–1,200)');
    expect(ratio(summarize([0.5, 0.25, 1]))).toBe('0.50× (0.25–1.00)');
  });

  it('puts every row in one Markdown table, numbered by its section, with pipes escaped', () => {
    const markdown = renderResults([section], { machine, quick: false, seconds: 12, date: new Date('2026-01-01T00:00:00Z') });
    expect(markdown).toContain('| **1.** a ÷ b \\| ops/s | 2 ops/s | 1 ops/s | 2.00× (1.00–3.00) | ≥ 1 | 3 |');
    expect(markdown).toContain('2 CPU(s), Test CPU');
    expect(markdown).toContain('Node v20.0.0');
    expect(markdown).toContain('### 1. Cached read');
    expect(markdown).not.toContain('Quick run');
  });

  it('labels a quick run as one whose figures are noise', () => {
    const markdown = renderResults([section], { machine, quick: true, seconds: 1, date: new Date() });
    expect(markdown).toContain('**Quick run**');
  });
});

describe("the docs page's copy of the table", () => {
  it('lives in docs/benchmarks.md, not on the front page', () => {
    expect(BENCHMARKS_PAGE).toBe('docs/benchmarks.md');
    const page = readFileSync(new URL(`../../${BENCHMARKS_PAGE}`, import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(page).toMatch(/<!-- bench:start -->[\s\S]*\| Compared \|[\s\S]*<!-- bench:end -->/);
    expect(readme).not.toContain('<!-- bench:start -->');
    expect(readme).toContain('https://github.com/model-discovery/model-discovery/blob/main/docs/benchmarks.md');
  });

  it('replaces only what lies between its markers', () => {
    const readme = 'before\n<!-- bench:start -->\nold table\n<!-- bench:end -->\nafter\n';
    const updated = withDocsTable(readme, [section], { machine, quick: false, seconds: 12, date: new Date() });
    expect(updated.startsWith('before\n<!-- bench:start -->')).toBe(true);
    expect(updated.endsWith('<!-- bench:end -->\nafter\n')).toBe(true);
    expect(updated).not.toContain('old table');
    expect(updated).toContain('| **1.** a ÷ b');
  });

  it('refuses a README without the markers instead of appending somewhere', () => {
    expect(() => withDocsTable('no markers', [section], { machine, quick: false, seconds: 1, date: new Date() })).toThrow(/bench:start/);
  });
});
