// A namespace import, not `import { z }`: that `z` is one object holding all of zod, which a
// bundler (esbuild, so wrangler) cannot tree-shake: it put all of zod, every locale included
// (~760 KiB), into a Cloudflare Worker. Every file of this library imports zod this way.
import * as z from 'zod';

import { ERROR_CODES } from '../errors/errors.js';
import { hasControlCharacters } from '../security/text.js';
import { metadataShape } from './metadata.js';

/** A model as this library hands it out; optional fields are absent when the upstream is silent. */
export const modelSchema = z.object({
  id: z.string().min(1).max(256),
  display_name: z.string().optional(),
  /** ISO 8601. */
  created_at: z.string().optional(),
  owned_by: z.string().optional(),
  /** The name of the source (upstream) this model came from. */
  source: z.string().optional(),
  // context_window, max_output_tokens, pricing, capabilities, kind, metadata_source, and
  // description (one line of upstream text; Claude Code shows it under the name in `/model`)
  ...metadataShape,
});

export type Model = z.infer<typeof modelSchema>;

export const errorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  status: z.number().int().optional(),
  /** The upstream's own error text, clipped and with every secret replaced; `message` stays ours. */
  detail: z.string().optional(),
});

/** How one source stands: `fresh` within its TTL, `stale` held past it or after a failed refresh, `down` no list and the last attempt failed, `pending` first fetch running, `not_configured`. */
export const SOURCE_STATUSES = ['fresh', 'stale', 'down', 'pending', 'not_configured'] as const;

export type SourceStatus = (typeof SOURCE_STATUSES)[number];

/** One source's entry in the snapshot, in configuration order. */
export const sourceInfoSchema = z.object({
  name: z.string(),
  status: z.enum(SOURCE_STATUSES),
  /** Models this source contributes to the merged list. */
  count: z.number().int().nonnegative(),
  /** ISO time of this source's last successful discovery, or `null`. */
  lastRefreshed: z.string().nullable(),
  error: errorInfoSchema.nullable(),
  /** Ids this source listed that an earlier source had already listed (dropped from the merge); absent when none. */
  duplicates: z.number().int().positive().optional(),
});

export type SourceInfo = z.infer<typeof sourceInfoSchema>;

/** A source's entry as the routes send it (snake_case). */
export const sourceInfoWireSchema = z.object({
  name: z.string(),
  status: z.enum(SOURCE_STATUSES),
  count: z.number().int().nonnegative(),
  last_refreshed: z.string().nullable(),
  error: errorInfoSchema.nullable(),
  duplicates: z.number().int().positive().optional(),
});

export type SourceInfoWire = z.infer<typeof sourceInfoWireSchema>;

/** The snapshot as `getModels()` returns it. */
export const snapshotSchema = z.object({
  models: z.array(modelSchema),
  discoveryAvailable: z.boolean(),
  stale: z.boolean(),
  lastRefreshed: z.string().nullable(),
  error: errorInfoSchema.nullable(),
  /** One entry per source, in configuration order. */
  sources: z.array(sourceInfoSchema),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

/**
 * The snapshot as the HTTP routes send it: the same fields in snake_case. The route handler
 * parses every body through this schema and the OpenAPI document is generated from it, so the
 * two cannot drift apart.
 */
export const snapshotWireSchema = z.object({
  models: z.array(modelSchema),
  discovery_available: z.boolean(),
  stale: z.boolean(),
  last_refreshed: z.string().nullable(),
  error: errorInfoSchema.nullable(),
  sources: z.array(sourceInfoWireSchema),
});

export type SnapshotWire = z.infer<typeof snapshotWireSchema>;

/** The snapshot in its wire form. */
export function toWireSnapshot(snapshot: Snapshot): SnapshotWire {
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

// --- What the upstream sends. Lenient on purpose: unknown fields are ignored, a field of the
// --- wrong type is treated as absent, and only a page without a `data` array is refused.

/** One page of `GET /v1/models`, Anthropic (`has_more`, `last_id`) or OpenAI/LiteLLM shaped. */
export const upstreamPageSchema = z.object({
  // Ollama sends `"data": null` when no model is installed: that is an empty list, not an error.
  data: z.array(z.unknown()).nullable(),
  // Only a real `true` continues paging; `"false"` (a string) must not page forever.
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
