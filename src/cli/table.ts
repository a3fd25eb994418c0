import { withoutControlCharacters } from '../security/text.js';
import type { Model } from '../model/schema.js';

const HEADERS = ['ID', 'DISPLAY NAME', 'CREATED'] as const;

/**
 * The human-readable listing: one model per line, columns aligned, the creation date only (the
 * time of day of a model release is noise). Ends with a newline; an empty list prints the headers.
 */
export function formatTable(models: readonly Model[]): string {
  const rows = models.map((model) => [terminalSafe(model.id), terminalSafe(model.display_name ?? '-'), model.created_at?.slice(0, 10) ?? '-']);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), ...rows.map(line)].join('\n') + '\n';
}

// The core already drops ids with control characters; this keeps a terminal escape out of the
// output even if a future upstream dialect lets one through.
function terminalSafe(text: string): string {
  return withoutControlCharacters(text, '\uFFFD');
}

/** Columns are counted in code points, so a name with an emoji does not shift the next column. */
function width(text: string): number {
  return [...text].length;
}
