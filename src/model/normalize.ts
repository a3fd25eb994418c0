import { hasControlCharacters } from '../security/text.js';
import { isObject } from './check.js';
import { MetadataDrops, normalizeMetadata, type NormalizeMetadataOptions, type RawMetadata } from './metadata.js';
import type { Model } from './schema.js';
import { MAX_ID_LENGTH } from './vocabulary.js';

export { MAX_ID_LENGTH } from './vocabulary.js';

/** The longest display name or `owned_by` kept; a longer one is left out. */
const MAX_TEXT_LENGTH = 1024;
/** The longest date text read; a longer one is left out unread. */
const MAX_DATE_LENGTH = 64;

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
 * never reaches anything but its own discarded parse result. Lenient on purpose: unknown fields
 * are ignored, a field of the wrong type is treated as absent, and only an item that is not an
 * object, or has no usable id, is refused. (Checked by hand, not by zod, so a 10,000-model list
 * costs little more than its JSON.parse; test/perf/ holds this to the zod schema it replaced.)
 *
 * `noControlCharacters`: every string in the item comes from a body shown as a whole to hold no
 * control character (`jsonHoldsNoControlCharacters`), so the id and names are not tested again.
 */
export function normalizeModel(item: unknown, metadata: NormalizeMetadataOptions = {}, noControlCharacters = false): Model | undefined {
  if (!isObject(item)) return undefined;
  const id = item.id;
  if (!isUsableId(id, noControlCharacters)) return undefined;
  // Filled into an empty literal, not made as `{ id }`: V8 gives `{}` room for four fields in the
  // object itself (id, display_name, created_at, owned_by: a whole list model), `{ id }` room for
  // its one, and each field added after that goes to a second array, grown as it fills. A
  // 10,000-model list of 10 pages took 0.1-0.2x a bare parse less (same-process A/B).
  const model = {} as Model;
  model.id = id;
  const displayName = optionalText(item.display_name, noControlCharacters);
  if (displayName !== undefined) model.display_name = displayName;
  const createdAt = toIsoDate(item.created_at) ?? fromUnixSeconds(item.created);
  if (createdAt !== undefined) model.created_at = createdAt;
  const ownedBy = optionalText(item.owned_by, noControlCharacters);
  if (ownedBy !== undefined) model.owned_by = ownedBy;
  // Each metadata field on its own: a bad one is dropped (and counted), never the model.
  return normalizeMetadata(item as RawMetadata, metadata, model);
}

/** `noControlCharacters`: the id comes from a body already shown to hold none (see normalizeModel). */
export function isUsableId(id: unknown, noControlCharacters = false): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH && (noControlCharacters || !hasControlCharacters(id));
}

/** A short, non-empty line of upstream text, or undefined. */
function optionalText(value: unknown, noControlCharacters: boolean): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= MAX_TEXT_LENGTH && (noControlCharacters || !hasControlCharacters(value)) ? value : undefined;
}

/**
 * The last date read and its ISO text, by kind: models of one list share dates (LiteLLM sends one
 * `created` for every model, a vendor's models share release days), and a date equal to the last
 * one is answered without being read again, with the same ISO text, so those models hold one
 * string between them instead of one each. Only readings that cannot change are kept: Unix
 * seconds and canonical ISO text (`Z`), not text `Date.parse` reads, which may have no zone and
 * be read in the process's time zone (`TZ` can change while it runs). At most four strings.
 */
let lastDateText: string | undefined;
let lastDateIso: string | undefined;
let lastSeconds: number | undefined;
let lastSecondsIso: string | undefined;

/** Any date text `Date.parse` reads, as ISO 8601 UTC (whole seconds without `.000`), or undefined. */
function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH) return undefined;
  if (value === lastDateText) return lastDateIso;
  if (isCanonicalIso(value)) {
    lastDateIso = value.length === 24 && value.endsWith('.000Z') ? `${value.slice(0, 19)}Z` : value;
    lastDateText = value;
    return lastDateIso;
  }
  const time = Date.parse(value);
  return Number.isFinite(time) ? withoutZeroMillis(new Date(time).toISOString()) : undefined;
}

function fromUnixSeconds(value: unknown): string | undefined {
  // 0 and negative stamps are placeholders some servers send, not real dates.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 253402300799) return undefined;
  if (value === lastSeconds) return lastSecondsIso;
  lastSecondsIso = Number.isInteger(value) ? isoOfWholeSeconds(value) : withoutZeroMillis(new Date(value * 1000).toISOString());
  lastSeconds = value;
  return lastSecondsIso;
}

/**
 * `new Date(seconds * 1000).toISOString()` less `.000`, for whole seconds from 1970 to 9999, by
 * arithmetic: a `Date` and its text cost a microsecond, which an OpenRouter list pays 10,000
 * times. The day is turned into a civil date as in Howard Hinnant's `civil_from_days`;
 * test/perf/ holds this equal to the `Date` path.
 */
function isoOfWholeSeconds(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const inDay = seconds - days * 86_400;
  // Days since 0000-03-01, in 400-year eras of 146,097 days (the epoch is in era 4).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const marchMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * marchMonth + 2) / 5) + 1;
  const month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(inDay / 3600);
  const minute = Math.floor((inDay - hour * 3600) / 60);
  // Two halves of at most 12 characters, each made flat, then joined once: one chain of 12 joins
  // made 6 linked pieces past 13 characters, kept by every model (about 200 bytes each).
  const date = `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
  return date + `${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[inDay - hour * 3600 - minute * 60]}Z`;
}

/** "00" to "99", made once. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

function withoutZeroMillis(iso: string): string {
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * True for `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` naming a real instant (day within
 * its month, leap years included; hours 00-23): text that `Date.parse` + `toISOString` would hand
 * back unchanged (but for `.000`), so the common case skips both. Anything else takes the slow
 * path, which decides alone; test/perf/ holds the two equal, calendar edges included.
 */
function isCanonicalIso(text: string): boolean {
  const length = text.length;
  if (length !== 20 && length !== 24) return false;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) return false;
  if (length === 24 && (text.charCodeAt(19) !== 46 || digits(text, 20, 23) < 0)) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  return day <= daysInMonth(year, month);
}

/** The decimal number in text[start, end), or -1 when any of it is not an ASCII digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const asRaw = (item: unknown) => item as RawModel;

/**
 * Normalises a whole list: upstream order kept, first occurrence of an id wins (as `mergeById`
 * keeps it), at most `maxModels` kept. Counts what it dropped (no usable id, or a duplicate) and
 * what the cap cut, for one summarised warning. Duplicates are dropped as the items come, so a
 * 10,000-model list is not walked (and copied) a second time to dedupe it.
 */
export class ModelCollector {
  readonly #maxModels: number;
  readonly #models: Model[] = [];
  readonly #ids = new Set<string>();
  readonly #drops = new MetadataDrops();
  readonly #options: NormalizeMetadataOptions = { drops: this.#drops };
  #unusable = 0;
  #duplicates = 0;

  constructor(maxModels: number) {
    this.#maxModels = maxModels;
  }

  /**
   * Adds one page; `toRaw` is the dialect's item mapping (an item it maps to undefined is dropped).
   * `noControlCharacters`: the page's body was shown to hold none (see normalizeModel).
   */
  add(items: readonly unknown[], toRaw: (item: unknown) => RawModel | undefined = asRaw, noControlCharacters = false): void {
    // Indexed, not for-of: this loop runs once per page, mostly before V8 optimises it, and an
    // unoptimised for-of makes an iterator result per item.
    for (let index = 0; index < items.length; index += 1) this.addOne(items[index], toRaw, noControlCharacters);
  }

  /**
   * `add` for a page's own freshly parsed items, each let go (its slot emptied) once added: the
   * parsed page becomes garbage item by item, so a young-generation collection that falls while
   * the list is mapped copies only the part not yet mapped, not the whole tree beside the models
   * (bench section 5: such a collection took 3-9 ms of a 10,000-model list's 15-20). A frozen
   * array is only read.
   */
  drain(items: readonly unknown[], toRaw: (item: unknown) => RawModel | undefined = asRaw, noControlCharacters = false): void {
    if (Object.isFrozen(items)) return this.add(items, toRaw, noControlCharacters);
    const slots = items as unknown[];
    for (let index = 0; index < slots.length; index += 1) {
      const item = slots[index];
      slots[index] = undefined;
      this.addOne(item, toRaw, noControlCharacters);
    }
  }

  /** Adds one item (of a list read item by item). */
  addOne(item: unknown, toRaw: (item: unknown) => RawModel | undefined = asRaw, noControlCharacters = false): void {
    const raw = toRaw(item);
    const model = raw === undefined ? undefined : normalizeModel(raw, this.#options, noControlCharacters);
    if (model === undefined) {
      this.#unusable += 1;
      return;
    }
    // One hash of the id: a Set that did not grow already held it.
    const ids = this.#ids;
    const size = ids.size;
    if (ids.add(model.id).size === size) this.#duplicates += 1;
    else this.#models.push(model);
  }

  /** `metadataDropped`: the one warning about metadata values left out, when any were. */
  result(): { models: Model[]; dropped: number; truncated: number; metadataDropped?: string } {
    const models = this.#models;
    const truncated = Math.max(0, models.length - this.#maxModels);
    const result = { models: truncated > 0 ? models.slice(0, this.#maxModels) : models, dropped: this.#unusable + this.#duplicates, truncated };
    const metadataDropped = this.#drops.summary();
    return metadataDropped === undefined ? result : { ...result, metadataDropped };
  }
}
