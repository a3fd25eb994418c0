// `* as z`, not `{ z }`: see model/schema.ts.
import * as z from 'zod';

import { matchCatalog, type CatalogIndex } from './catalog.js';
import { METADATA_FIELDS, metadataShape, type MetadataSource, type ModelMetadata } from './metadata.js';

const { metadata_source: _source, ...overridable } = metadataShape;
const overridesSchema = z.record(z.string().min(1).max(256), z.object(overridable).strict());

/** The `overrides` option: the operator's own metadata per model id, which wins over everything. */
export type MetadataOverrides = Record<string, Omit<ModelMetadata, 'metadata_source'>>;

/**
 * Checks the `overrides` option once, at construction. A wrong value here is the operator's
 * mistake, not the upstream's, so it is a `TypeError` naming the field rather than a silent drop.
 */
export function checkOverrides(value: unknown): MetadataOverrides {
  if (value === undefined) return {};
  const parsed = overridesSchema.safeParse(value);
  if (parsed.success) return parsed.data as MetadataOverrides;
  const issue = parsed.error.issues[0];
  const where = ['overrides', ...(issue?.path ?? [])].map((part, index) => (index === 0 ? String(part) : `[${JSON.stringify(part)}]`)).join('');
  throw new TypeError(
    `\`${where}\` is not valid (${issue?.message ?? 'wrong shape'}). Give { "<model id>": { context_window?, max_output_tokens?, pricing?: { input?, output?, cache_read?, cache_write? } (USD per million tokens), capabilities?: { vision?, tools?, reasoning? }, kind?, description? } }.`,
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
