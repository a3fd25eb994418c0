import { withoutControlCharacters } from '../security/text.js';
import type { Model } from '../model/schema.js';

const HEADERS = ['ID', 'DISPLAY NAME', 'CREATED'] as const;

/**
 * The human-readable listing: one model per line, columns aligned, the creation date only (the
 * time of day of a model release is noise). Ends with a newline; an empty list prints the headers.
 */
export function formatTable(models: readonly Model[]): string {
  return formatColumns(
    HEADERS,
    models.map((model) => [model.id, model.display_name ?? '-', model.created_at?.slice(0, 10) ?? '-']),
  );
}

/** Rows under headers, columns aligned by two spaces, every cell made safe for a terminal. */
export function formatColumns(headers: readonly string[], cells: ReadonlyArray<readonly string[]>): string {
  const rows = cells.map((row) => row.map(terminalSafe));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
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
