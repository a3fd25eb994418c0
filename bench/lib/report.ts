import type { Machine } from './machine.js';
import { markdownTable, type Row, type Section } from './table.js';

export interface RunFacts {
  machine: Machine;
  quick: boolean;
  seconds: number;
  date: Date;
}

const README_START = '<!-- bench:start -->';
const README_END = '<!-- bench:end -->';

/** The page that holds the full table (the README only summarises it, in prose, and links here). */
export const BENCHMARKS_PAGE = 'docs/benchmarks.md';

/**
 * The docs page's copy of the table, between its markers: the machine, the rows and where the
 * methods are. A run of every section replaces it, so the page never shows numbers from
 * another run than bench/results.md.
 */
export function withDocsTable(readme: string, sections: readonly Section[], facts: RunFacts): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`bench: ${BENCHMARKS_PAGE} has no ${README_START} … ${README_END} block.`);
  const block = [README_START, '', ...header(facts).slice(0, 4), '', markdownTable(allRows(sections)), '', README_END].join('\n');
  return readme.slice(0, start) + block + readme.slice(end + README_END.length);
}

const GOALS_START = '<!-- bench-goals:start -->';
const GOALS_END = '<!-- bench-goals:end -->';

/**
 * The README's summary: every row that has a goal, with its median ratio and whether the goal is
 * met, from the same run as the docs page. Rows marked `info`, `floor` or `report` are left to the
 * full table.
 */
export function withReadmeGoals(readme: string, sections: readonly Section[], facts: RunFacts): string {
  const start = readme.indexOf(GOALS_START);
  const end = readme.indexOf(GOALS_END);
  if (start === -1 || end < start) throw new Error(`bench: README.md has no ${GOALS_START} … ${GOALS_END} block.`);
  const lines = ['| Measure | Median (min–max) | Goal | Met |', '| --- | ---: | ---: | :---: |'];
  for (const row of allRows(sections)) {
    const verdict = goalMet(row);
    if (verdict === undefined) continue;
    const goal = row.goal.replace(/\s*\((met|missed)\)$/, '');
    // A goal in multiples of the body is ours alone (the ratio column compares with JSON.parse).
    const measured = /body/.test(goal) ? row.ours : row.ratio;
    lines.push(`| ${[row.compared, measured, goal, verdict ? 'yes' : '**no**'].map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  const when = `${facts.machine.cpus} CPU(s), Node ${facts.machine.node}, ${facts.date.toISOString().slice(0, 10)}, load at start ${facts.machine.load}`;
  const block = [GOALS_START, '', `Every goal of the last full run (${when}):`, '', ...lines, '', GOALS_END].join('\n');
  return readme.slice(0, start) + block + readme.slice(end + GOALS_END.length);
}

/** Whether a row meets its goal; undefined for a row without a numeric goal. */
function goalMet(row: Row): boolean | undefined {
  const said = /\((met|missed)\)$/.exec(row.goal);
  if (said) return said[1] === 'met';
  const goal = /^([≥≤<])\s*([\d.]+)/.exec(row.goal);
  const median = /^([\d.,]+)/.exec(row.ratio);
  if (!goal || !median) return undefined;
  const bound = Number(goal[2]);
  const value = Number(median[1]!.replaceAll(',', ''));
  if (Number.isNaN(bound) || Number.isNaN(value)) return undefined;
  return goal[1] === '≥' ? value >= bound : goal[1] === '≤' ? value <= bound : value < bound;
}

function allRows(sections: readonly Section[]): Row[] {
  return sections.flatMap((section) => section.rows.map((row) => ({ ...row, compared: `**${section.title.split('.')[0]}.** ${row.compared}` })));
}

function header(facts: RunFacts): string[] {
  const { machine } = facts;
  return [
    facts.quick
      ? '> **Quick run** (`--quick`): every duration and count shrunk to check the harness. These figures are noise; run `npm run bench` for real ones.'
      : '> Full run of `npm run bench`.',
    '',
    `- Machine: ${machine.cpus} CPU(s), ${machine.cpuModel}, ${machine.memory} RAM, ${machine.platform}; Node ${machine.node}; load average at start (1/5/15 min): ${machine.load}`,
    `- Date: ${facts.date.toISOString()}; whole run: ${facts.seconds.toFixed(0)} s`,
    '- Reproduce: `npm ci && npm run bench` (writes bench/results.md). Each section runs in its own Node process.',
    '- Every figure is `median (min–max)` over the runs counted in the last column; a ratio is taken run by run, then summarised.',
  ];
}

/** The whole results.md: what ran where, one table of every row, then how each part was measured. */
export function renderResults(sections: readonly Section[], facts: RunFacts): string {
  const lines = ['# Benchmark results', '', ...header(facts), '', markdownTable(allRows(sections)), '', '## How each part was measured'];
  for (const section of sections) {
    lines.push('', `### ${section.title}`, '');
    if (section.method) lines.push(section.method, '');
    for (const note of section.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
