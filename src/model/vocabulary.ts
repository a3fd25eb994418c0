/**
 * The closed sets and bounds of a model's fields, as plain values: what the runtime checks need,
 * without zod (which the public schemas in `schema.ts` and `metadata-schema.ts` build on, and which
 * the main entry must not load at import).
 */

/**
 * What a model can be used for, so a chat picker can leave embedding and image models out.
 * `other` is for models whose upstream says what they are, but not one of these.
 */
export const MODEL_KINDS = ['chat', 'embedding', 'image', 'audio', 'other'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Where a model's metadata fields came from, in precedence order from weakest to strongest. */
export const METADATA_SOURCES = ['upstream', 'catalog', 'override'] as const;
export type MetadataSource = (typeof METADATA_SOURCES)[number];

/** How one source stands: `fresh` within its TTL, `stale` held past it or after a failed refresh, `down` no list and the last attempt failed, `pending` first fetch running, `not_configured`. */
export const SOURCE_STATUSES = ['fresh', 'stale', 'down', 'pending', 'not_configured'] as const;
export type SourceStatus = (typeof SOURCE_STATUSES)[number];

// --- Bounds. A value outside them is a bug or a hostile gateway, not a real model: the field is
// --- dropped (and counted), the model is kept.

/** The longest model id, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;
/** The largest context window or output limit accepted: 100 M tokens, ten times the largest shipped today. */
export const MAX_TOKENS = 100_000_000;
/** The largest price accepted, in USD per million tokens: 100× the dearest model listed anywhere today. */
export const MAX_PRICE_PER_MILLION = 100_000;
/** Descriptions are clipped to this many characters: a picker shows one line, not a model card. */
export const MAX_DESCRIPTION_LENGTH = 300;

/** The names of the metadata fields, for code that copies or merges them. */
export const METADATA_FIELDS = ['context_window', 'max_output_tokens', 'pricing', 'capabilities', 'kind', 'description'] as const;
/** The fields of `pricing` and of `capabilities`, in the schema's order. */
export const PRICE_FIELDS = ['input', 'output', 'cache_read', 'cache_write'] as const;
export const CAPABILITY_FIELDS = ['vision', 'tools', 'reasoning'] as const;
