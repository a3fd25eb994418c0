// The zod-based code the hand-written fast paths replaced (issue 17), kept verbatim as the
// reference test/perf/*.test.ts holds them to. Taken from src/model/schema.ts,
// src/model/normalize.ts, src/model/precedence.ts, src/fleet/shared-list.ts and
// src/upstream/dialects/openai.ts as of 0.2.0.
import * as z from 'zod';

import { ERROR_CODES } from '../../src/errors/errors.js';
import { normalizeMetadata, type NormalizeMetadataOptions, type RawMetadata } from '../../src/model/metadata.js';
import { metadataShape } from '../../src/model/metadata-schema.js';
import { isUsableId, type RawModel } from '../../src/model/normalize.js';
import { modelSchema, snapshotWireSchema, type Model, type Snapshot, type SnapshotWire } from '../../src/model/schema.js';
import { hasControlCharacters } from '../../src/security/text.js';

export { ERROR_CODES };

/** One page of `GET /v1/models`, Anthropic (`has_more`, `last_id`) or OpenAI/LiteLLM shaped. */
export const upstreamPageSchema = z.object({
  data: z.array(z.unknown()).nullable(),
  has_more: z.unknown().optional().transform((value) => value === true),
  last_id: z.unknown().optional().transform((value) => (typeof value === 'string' && value !== '' ? value : undefined)),
});

const optionalText = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && value !== '' && value.length <= 1024 && !hasControlCharacters(value) ? value : undefined));

/** One item of a page, either shape. Everything but `id` may be missing or wrong. */
export const upstreamModelSchema = z.object({
  id: z.unknown().optional(),
  display_name: optionalText,
  created_at: z.unknown().optional(),
  created: z.unknown().optional(),
  owned_by: optionalText,
});

/** `{ data: [...] }` or a bare array: the openai dialect's list. */
export const openaiListSchema = z.union([z.object({ data: z.array(z.unknown()).nullable() }), z.array(z.unknown())]);

export function referenceNormalizeModel(item: unknown, metadata: NormalizeMetadataOptions = {}): Model | undefined {
  const parsed = upstreamModelSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { id, display_name, created_at, created, owned_by } = parsed.data;
  if (!isUsableId(id)) return undefined;
  const model: Model = { id };
  if (display_name !== undefined) model.display_name = display_name;
  const createdAt = toIsoDate(created_at) ?? fromUnixSeconds(created);
  if (createdAt !== undefined) model.created_at = createdAt;
  if (owned_by !== undefined) model.owned_by = owned_by;
  return Object.assign(model, normalizeMetadata(item as RawModel as RawMetadata, metadata));
}

export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString().replace('.000Z', 'Z') : undefined;
}

function fromUnixSeconds(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 253402300799) return undefined;
  return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
}

const { metadata_source: _source, ...overridable } = metadataShape;
export const overridesSchema = z.record(z.string().min(1).max(256), z.object(overridable).strict());

export function sharedEntrySchema(maxModels: number) {
  return z.object({
    v: z.literal(2),
    refreshedAt: z.number().int().positive().refine((at) => at <= Date.now() + 60_000),
    models: z.array(modelSchema.extend({ id: z.string().refine(isUsableId) })).max(maxModels),
  });
}

export function referenceToWireSnapshot(snapshot: Snapshot): SnapshotWire {
  return snapshotWireSchema.parse({
    models: snapshot.models,
    discovery_available: snapshot.discoveryAvailable,
    stale: snapshot.stale,
    last_refreshed: snapshot.lastRefreshed,
    error: snapshot.error,
    sources: snapshot.sources.map((source) => ({
      name: source.name,
      status: source.status,
      count: source.count,
      last_refreshed: source.lastRefreshed,
      error: source.error,
      ...(source.duplicates === undefined ? {} : { duplicates: source.duplicates }),
    })),
  });
}
