import { ERROR_CODES } from '../errors/errors.js';
import { isObject, parseModel } from './check.js';
import type { Snapshot, SnapshotWire, SourceInfoWire } from './schema.js';
import { SOURCE_STATUSES } from './vocabulary.js';

/**
 * The snapshot in its wire form (snake_case), exactly as `snapshotWireSchema.parse()` would hand
 * it out: known fields only, in the schema's order, every value checked; a snapshot that does not
 * fit throws. Written by hand so that the routes never load zod; test/perf/ holds it equal to the
 * schema.
 */
export function toWireSnapshot(snapshot: Snapshot): SnapshotWire {
  return {
    models: snapshot.models.map((model, index) => parseModel(model) ?? misfit(`models[${index}]`)),
    discovery_available: boolean(snapshot.discoveryAvailable, 'discovery_available'),
    stale: boolean(snapshot.stale, 'stale'),
    last_refreshed: nullableString(snapshot.lastRefreshed, 'last_refreshed'),
    error: errorInfo(snapshot.error, 'error'),
    sources: snapshot.sources.map((source, index) => {
      const where = `sources[${index}]`;
      const wire: SourceInfoWire = {
        name: typeof source.name === 'string' ? source.name : misfit(`${where}.name`),
        status: (SOURCE_STATUSES as readonly unknown[]).includes(source.status) ? source.status : misfit(`${where}.status`),
        count: Number.isSafeInteger(source.count) && source.count >= 0 ? source.count : misfit(`${where}.count`),
        last_refreshed: nullableString(source.lastRefreshed, `${where}.lastRefreshed`),
        error: errorInfo(source.error, `${where}.error`),
      };
      if (source.duplicates !== undefined) {
        wire.duplicates = Number.isSafeInteger(source.duplicates) && source.duplicates > 0 ? source.duplicates : misfit(`${where}.duplicates`);
      }
      return wire;
    }),
  };
}


function errorInfo(value: unknown, where: string): SnapshotWire['error'] {
  if (value === null) return null;
  if (!isObject(value)) return misfit(where);
  const { code, message, status, detail } = value;
  if (!(ERROR_CODES as readonly unknown[]).includes(code) || typeof message !== 'string') return misfit(where);
  const info: Record<string, unknown> = { code, message };
  if (status !== undefined) {
    if (typeof status !== 'number' || !Number.isSafeInteger(status)) return misfit(`${where}.status`);
    info.status = status;
  } else if ('status' in value) info.status = undefined;
  if (detail !== undefined) {
    if (typeof detail !== 'string') return misfit(`${where}.detail`);
    info.detail = detail;
  } else if ('detail' in value) info.detail = undefined;
  return info as NonNullable<SnapshotWire['error']>;
}

function boolean(value: unknown, where: string): boolean {
  return typeof value === 'boolean' ? value : misfit(where);
}

function nullableString(value: unknown, where: string): string | null {
  return value === null || typeof value === 'string' ? value : misfit(where);
}

function misfit(where: string): never {
  throw new TypeError(`model-discovery: the snapshot does not fit its wire schema at \`${where}\`; this is a bug in model-discovery or in a hand-made snapshot.`);
}
