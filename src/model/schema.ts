// A namespace import, not `import { z }`: that `z` is one object holding all of zod, which a
// bundler (esbuild, so wrangler) cannot tree-shake: it put all of zod, every locale included
// (~760 KiB), into a Cloudflare Worker. Every file of this library imports zod this way.
import * as z from 'zod';

import { ERROR_CODES } from '../errors/errors.js';
import { metadataShape } from './metadata-schema.js';
import { MAX_ID_LENGTH, SOURCE_STATUSES } from './vocabulary.js';

export { SOURCE_STATUSES, type SourceStatus } from './vocabulary.js';

// The public schemas, and the only place they are written. They are exported from
// `model-discovery/schema` (not the main entry, which must not load zod at import); the runtime
// checks the same rules by hand (`check.ts`, `wire.ts`), held equal to these by property tests
// (test/perf/).

/** A model as this library hands it out; optional fields are absent when the upstream is silent. */
export const modelSchema = z.object({
  id: z.string().min(1).max(MAX_ID_LENGTH),
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
 * The snapshot as the HTTP routes send it: the same fields in snake_case. The OpenAPI document is
 * generated from it, and the route handler's bodies (`wire.ts`) are held to it by property tests,
 * so the two cannot drift apart.
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
