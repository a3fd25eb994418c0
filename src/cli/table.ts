import { withoutControlCharacters } from '../security/text.js';
import type { Model } from '../model/schema.js';

const HEADERS = ['ID', 'DISPLAY NAME', 'CREATED'] as const;
/** `--wide` adds what an operator picks a model by: how much it reads and what it costs. */
const WIDE_HEADERS = [...HEADERS, 'CONTEXT', 'IN $/M', 'OUT $/M'] as const;

export interface TableOptions {
  /** Adds the context window and the input and output prices (USD per million tokens). @default false */
  wide?: boolean;
}

/**
 * The human-readable listing: one model per line, columns aligned, the creation date only (the
 * time of day of a model release is noise). Ends with a newline; an empty list prints the headers.
 */
export function formatTable(models: readonly Model[], options: TableOptions = {}): string {
  const headers: readonly string[] = options.wide ? WIDE_HEADERS : HEADERS;
  return formatColumns(
    headers,
    models.map((model) => {
      const row = [model.id, model.display_name ?? '-', model.created_at?.slice(0, 10) ?? '-'];
      if (options.wide) row.push(tokens(model.context_window), price(model.pricing?.input), price(model.pricing?.output));
      return row;
    }),
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

/** `200,000`; `-` when unknown. */
function tokens(count: number | undefined): string {
  return count === undefined ? '-' : count.toLocaleString('en-US');
}

/** `$3`, `$0.4`, `$0.003625` (four significant digits, never exponent notation); `-` when unknown. */
function price(usd: number | undefined): string {
  return usd === undefined ? '-' : `$${usd.toLocaleString('en-US', { maximumSignificantDigits: 4 })}`;
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
