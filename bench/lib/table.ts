/** One line of the results table. Every cell is already formatted text. */
export interface Row {
  /** What was measured and against what, with the meaning of the ratio. */
  compared: string;
  ours: string;
  theirs: string;
  /** The headline: `median× (min–max)` over paired runs. */
  ratio: string;
  goal: string;
  runs: number;
}

/** One numbered part of the benchmark (one row of the issue), with its rows and notes. */
export interface Section {
  id: string;
  title: string;
  /** How it was measured: what drives it, which transport, how many runs. */
  method: string;
  rows: Row[];
  notes: string[];
}

const HEADER = ['Compared', 'model-discovery', 'Alternative', 'Ratio, median (min–max)', 'Goal', 'Runs'];

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) {
    const cells = [row.compared, row.ours, row.theirs, row.ratio, row.goal, String(row.runs)];
    lines.push(`| ${cells.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

