import type { SourceInfo } from '../model/schema.js';
import { formatColumns } from './table.js';

const HEADERS = ['SOURCE', 'STATUS', 'MODELS', 'ERROR'] as const;

/**
 * Whether the listing gets a per-source block. One implicit source (`default`, made of the
 * base URL and the environment) is already told by the table and, when it fails, by the error
 * line on stderr: its output stays exactly what scripts have been reading.
 */
export function showsSources(sources: readonly SourceInfo[]): boolean {
  return sources.length > 1 || (sources.length === 1 && sources[0]?.name !== 'default');
}

/** One line per source, in configuration order: its name, status, model count and error code. */
export function formatSources(sources: readonly SourceInfo[]): string {
  return formatColumns(
    HEADERS,
    sources.map((source) => [source.name, source.status, String(source.count), errorCell(source.error)]),
  );
}

function errorCell(error: SourceInfo['error']): string {
  if (error === null) return '-';
  return error.status === undefined ? error.code : `${error.code} (HTTP ${error.status})`;
}
