import { hasControlCharacters } from '../security/text.js';
import { mergeById } from './dedupe.js';
import { MetadataDrops, normalizeMetadata, type NormalizeMetadataOptions } from './metadata.js';
import { upstreamModelSchema, type Model } from './schema.js';

export const MAX_ID_LENGTH = 256;

/**
 * One upstream item in the shared raw form a dialect maps its items to: `id` plus optional
 * fields, none of them validated yet (the normaliser does that, and drops what does not fit).
 */
export interface RawModel {
  id: unknown;
  display_name?: unknown;
  /** ISO 8601 text. */
  created_at?: unknown;
  /** Seconds since the epoch. */
  created?: unknown;
  owned_by?: unknown;
  context_window?: unknown;
  max_output_tokens?: unknown;
  pricing?: unknown;
  capabilities?: unknown;
  kind?: unknown;
  description?: unknown;
}

/**
 * Turns one upstream item into a model, or says why it cannot be one. The result is a fresh
 * object with known keys only, so a hostile `__proto__` or `constructor` key in the upstream JSON
 * never reaches anything but its own discarded parse result.
 */
export function normalizeModel(item: unknown, metadata: NormalizeMetadataOptions = {}): Model | undefined {
  const parsed = upstreamModelSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { id, display_name, created_at, created, owned_by } = parsed.data;
  if (!isUsableId(id)) return undefined;
  const model: Model = { id };
  if (display_name !== undefined) model.display_name = display_name;
  const createdAt = toIsoDate(created_at) ?? fromUnixSeconds(created);
  if (createdAt !== undefined) model.created_at = createdAt;
  if (owned_by !== undefined) model.owned_by = owned_by;
  // Each metadata field on its own: a bad one is dropped (and counted), never the model.
  return Object.assign(model, normalizeMetadata(item as RawModel, metadata));
}

export function isUsableId(id: unknown): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH && !hasControlCharacters(id);
}

function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString().replace('.000Z', 'Z') : undefined;
}

function fromUnixSeconds(value: unknown): string | undefined {
  // 0 and negative stamps are placeholders some servers send, not real dates.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 253402300799) return undefined;
  return new Date(value * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Normalises a whole list: upstream order kept, first occurrence of an id wins, at most
 * `maxModels` kept. Counts what it dropped (no usable id, or a duplicate) and what the cap cut,
 * for one summarised warning.
 */
export class ModelCollector {
  readonly #maxModels: number;
  readonly #models: Model[] = [];
  readonly #drops = new MetadataDrops();
  #unusable = 0;

  constructor(maxModels: number) {
    this.#maxModels = maxModels;
  }

  /** Adds one page; `toRaw` is the dialect's item mapping (an item it maps to undefined is dropped). */
  add(items: readonly unknown[], toRaw: (item: unknown) => RawModel | undefined = (item) => item as RawModel): void {
    for (const item of items) {
      const raw = toRaw(item);
      const model = raw === undefined ? undefined : normalizeModel(raw, { drops: this.#drops });
      if (model) this.#models.push(model);
      else this.#unusable += 1;
    }
  }

  /** `metadataDropped`: the one warning about metadata values left out, when any were. */
  result(): { models: Model[]; dropped: number; truncated: number; metadataDropped?: string } {
    const { items, duplicates } = mergeById([this.#models]);
    const truncated = Math.max(0, items.length - this.#maxModels);
    const result = { models: truncated > 0 ? items.slice(0, this.#maxModels) : items, dropped: this.#unusable + duplicates[0]!, truncated };
    const metadataDropped = this.#drops.summary();
    return metadataDropped === undefined ? result : { ...result, metadataDropped };
  }
}
