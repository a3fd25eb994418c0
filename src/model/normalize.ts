import { hasControlCharacters, upstreamModelSchema, type Model } from './schema.js';

export const MAX_ID_LENGTH = 256;

/** Why an item was dropped, for one summarised warning instead of one line per item. */
export type DropReason = 'no usable id' | 'duplicate id';

/**
 * Turns one upstream item into a model, or says why it cannot be one. The result is a fresh
 * object with known keys only, so a hostile `__proto__` or `constructor` key in the upstream JSON
 * never reaches anything but its own discarded parse result.
 */
export function normalizeModel(item: unknown): Model | undefined {
  const parsed = upstreamModelSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { id, display_name, created_at, created, owned_by } = parsed.data;
  if (!isUsableId(id)) return undefined;
  const model: Model = { id };
  if (display_name !== undefined) model.display_name = display_name;
  const createdAt = toIsoDate(created_at) ?? fromUnixSeconds(created);
  if (createdAt !== undefined) model.created_at = createdAt;
  if (owned_by !== undefined) model.owned_by = owned_by;
  return model;
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

/** Normalises a whole list: upstream order kept, first occurrence of an id wins. */
export class ModelCollector {
  readonly models: Model[] = [];
  readonly dropped = new Map<DropReason, number>();
  truncated = 0;
  readonly #seen = new Set<string>();

  constructor(private readonly maxModels: number) {}

  add(items: readonly unknown[]): void {
    for (const item of items) {
      const model = normalizeModel(item);
      if (!model) {
        this.#drop('no usable id');
      } else if (this.#seen.has(model.id)) {
        this.#drop('duplicate id');
      } else if (this.models.length >= this.maxModels) {
        this.truncated += 1;
      } else {
        this.#seen.add(model.id);
        this.models.push(model);
      }
    }
  }

  #drop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }
}
