/**
 * `npm run bench`: runs every section in its own Node process, one after another, prints the
 * results as Markdown and writes them to bench/results.md (and, when every section ran, the
 * table in docs/benchmarks.md; the README keeps a few lines of summary that link there). Figures never fail the run; only a
 * section that crashes does (after the others have run).
 *
 *   npm run bench                      full run (a few minutes on 2 cores)
 *   npm run bench -- --quick           seconds; checks the harness, figures are noise
 *   npm run bench -- --only=big-lists  some sections (comma-separated ids)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { QUICK } from './lib/config.js';
import { ROOT } from './lib/library.js';
import { describeMachine } from './lib/machine.js';
import { BENCHMARKS_PAGE, renderResults, withDocsTable, withReadmeGoals } from './lib/report.js';
import type { Section } from './lib/table.js';
import { SECTION_IDS } from './suite.js';

function selectedSections(): string[] {
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (!only) return SECTION_IDS;
  const wanted = only.split(',');
  const unknown = wanted.filter((id) => !SECTION_IDS.includes(id));
  if (unknown.length > 0) throw new Error(`bench: unknown section(s) ${unknown.join(', ')}; known: ${SECTION_IDS.join(', ')}`);
  return wanted;
}

function runSection(id: string, dir: string): Section {
  const out = join(dir, `${id}.json`);
  const started = performance.now();
  process.stderr.write(`bench: ${id}${QUICK ? ' (quick)' : ''} ... `);
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/suite.ts', id, out], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, BENCH_QUICK: QUICK ? '1' : '0' },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (child.status !== 0) {
    process.stderr.write(`failed after ${seconds} s\n`);
    return { id, title: id, method: '', rows: [], notes: [`This section failed (exit ${child.status ?? child.signal}); see the run's stderr.`] };
  }
  process.stderr.write(`${seconds} s\n`);
  return JSON.parse(readFileSync(out, 'utf8')) as Section;
}

const machine = describeMachine();
const started = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'md-bench-'));
let sections: Section[];
try {
  sections = selectedSections().map((id) => runSection(id, dir));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const facts = { machine, quick: QUICK, seconds: (performance.now() - started) / 1000, date: new Date() };
const markdown = renderResults(sections, facts);
writeFileSync(join(ROOT, 'bench', 'results.md'), markdown);
// Only a run of every section replaces the docs page's table: a partial run would mix two runs.
if (sections.length === SECTION_IDS.length) {
  const page = join(ROOT, BENCHMARKS_PAGE);
  writeFileSync(page, withDocsTable(readFileSync(page, 'utf8'), sections, facts));
  const readme = join(ROOT, 'README.md');
  if (!QUICK) writeFileSync(readme, withReadmeGoals(readFileSync(readme, 'utf8'), sections, facts));
}
process.stdout.write(`${markdown}\n`);
if (sections.some((section) => section.rows.length === 0)) process.exitCode = 1;
