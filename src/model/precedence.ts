import { isObject, OVERRIDABLE_FIELDS, readFields } from './check.js';
import { matchCatalog, type CatalogIndex } from './catalog.js';
import { METADATA_FIELDS, type MetadataSource, type ModelMetadata } from './metadata.js';
import { MAX_ID_LENGTH } from './vocabulary.js';

/** The `overrides` option: the operator's own metadata per model id, which wins over everything. */
export type MetadataOverrides = Record<string, Omit<ModelMetadata, 'metadata_source'>>;

const OVERRIDABLE = new Set(OVERRIDABLE_FIELDS.map(([key]) => key));

/**
 * Checks the `overrides` option once, at construction. A wrong value here is the operator's
 * mistake, not the upstream's, so it is a `TypeError` naming the field rather than a silent drop.
 * The rules are `z.record(id, z.object(metadataShape less metadata_source).strict())`, checked by
 * hand so the main entry never loads zod; test/perf/ holds the two equal.
 */
export function checkOverrides(value: unknown): MetadataOverrides {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw badOverrides([], 'expected an object of model ids');
  const out: Record<string, Record<string, unknown>> = {};
  for (const id of Reflect.ownKeys(value)) {
    if (id === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, id)) continue;
    if (typeof id !== 'string' || id.length < 1 || id.length > MAX_ID_LENGTH) throw badOverrides([String(id)], `a model id is 1-${MAX_ID_LENGTH} characters`);
    const entry = value[id];
    if (!isObject(entry)) throw badOverrides([id], 'expected an object of metadata fields');
    const fields: Record<string, unknown> = {};
    const misfit = readFields(entry, OVERRIDABLE_FIELDS, fields);
    if (misfit) throw badOverrides([id, ...misfit], 'a value of the wrong type or out of range');
    for (const key in entry) if (!OVERRIDABLE.has(key)) throw badOverrides([id], `unknown field ${JSON.stringify(key)}`);
    out[id] = fields;
  }
  return out as MetadataOverrides;
}

/** What `z.record()` takes: an object whose prototype is Object's (or none), not an array, Map or class instance. */
function isPlainObject(value: unknown): value is Record<string | symbol, unknown> {
  if (!isObject(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function badOverrides(path: string[], reason: string): TypeError {
  const where = ['overrides', ...path].map((part, index) => (index === 0 ? part : `[${JSON.stringify(part)}]`)).join('');
  return new TypeError(
    `\`${where}\` is not valid (${reason}). Give { "<model id>": { context_window?, max_output_tokens?, pricing?: { input?, output?, cache_read?, cache_write? } (USD per million tokens), capabilities?: { vision?, tools?, reasoning? }, kind?, description? } }.`,
  );
}

const RANK: Record<MetadataSource, number> = { catalog: 0, upstream: 1, override: 2 };

/**
 * A model's metadata by precedence, field by field: the operator's override, then what the upstream
 * said, then the catalog. `metadata_source` names the strongest source any kept field came from.
 */
export function withMetadata<T extends ModelMetadata & { id: string }>(model: T, override: MetadataOverrides[string] | undefined, catalog: CatalogIndex | undefined): T {
  const fromCatalog = catalog ? matchCatalog(catalog, model.id)?.metadata : undefined;
  if (!override && !fromCatalog) return model;
  const merged = { ...model } as T & Record<string, unknown>;
  let source: MetadataSource | undefined = hasAnyField(model) ? (model.metadata_source ?? 'upstream') : undefined;
  for (const field of METADATA_FIELDS) {
    if (override?.[field] !== undefined) {
      merged[field] = override[field] as never;
      source = strongest(source, 'override');
    } else if (model[field] === undefined && fromCatalog?.[field] !== undefined) {
      merged[field] = fromCatalog[field] as never;
      source = strongest(source, 'catalog');
    }
  }
  if (source !== undefined) merged.metadata_source = source;
  return merged;
}

function hasAnyField(model: ModelMetadata): boolean {
  return METADATA_FIELDS.some((field) => model[field] !== undefined);
}

function strongest(current: MetadataSource | undefined, next: MetadataSource): MetadataSource {
  return current === undefined || RANK[next] > RANK[current] ? next : current;
}
