/**
 * A list page's JSON split at its items, so that they can be parsed, mapped and let go one at a
 * time: a whole `JSON.parse` builds every item's tree at once (three times the body for an
 * OpenRouter list), and the young-generation collector copies that live tree while the models
 * are made.
 *
 * `body` is the page parsed with the list emptied (`[]`), by `JSON.parse` itself, so every key
 * beside the list reads as a whole parse would read it. `items` are the list's items as JSON
 * text, each parsed alone: a slice of the page's text, which `JSON.parse` reads where it lies
 * (a batch of items wrapped in `[...]` is a new string, a second copy of the body made a batch at
 * a time; one parse per item costs no more than one per batch). Undefined whenever the page is
 * not plainly `{ ..., "<key>": [ ... ], ... }` with that key once: the caller then parses the
 * page whole, which also says how malformed JSON is malformed. Each item is one JSON value when
 * the page is JSON, so an item that does not parse means the page is not JSON (a blank one too:
 * `[1,]`). test/perf/ holds the split equal to a whole parse.
 */
export interface SplitList {
  body: Record<string, unknown>;
  items: ListItems;
}

/** The items of a split list, as JSON text, each sliced from the page's text when asked for. */
export class ListItems {
  readonly #text: string;
  // The list's `[`, the commas between its items, then its `]` (only the `[` for an empty list).
  readonly #bounds: number[];

  constructor(text: string, bounds: number[]) {
    this.#text = text;
    this.#bounds = bounds;
  }

  get length(): number {
    return this.#bounds.length - 1;
  }

  /** Item `index`'s JSON text. */
  at(index: number): string {
    return this.#text.slice(this.#bounds[index]! + 1, this.#bounds[index + 1]);
  }
}

/**
 * Pages shorter than this are parsed whole. Their tree is small next to the young generation
 * the collector keeps anyway, and the split's scan costs more than it saves: measured with bench
 * section 5 when items were parsed 64 at a time, a 2 MB page peaked at 4.0× its size split and
 * 2.7× whole, a 6 MB one (nested fields) at 3.8× split and 4.9× whole; section 6's 11 MB page at
 * 4.4× and 5.4×. Split item by item, the 2 MB page still took 2.9-3.5× a bare parse's time
 * against 2.3× whole (the scan alone is 3 ms of it).
 */
export const MIN_SPLIT_LENGTH = 4 * 1024 * 1024;

export function splitList(text: string, key: string, minLength = MIN_SPLIT_LENGTH): SplitList | undefined {
  if (text.length < minLength) return undefined;
  const found = findList(text, `"${key}"`);
  if (!found) return undefined;
  const { open, close, bounds } = found;
  // `[]` and `[ ]` hold no item; anything else between the brackets is one item more than commas.
  if (bounds.length > 1 || text.slice(open + 1, close).trim() !== '') bounds.push(close);
  let body: unknown;
  try {
    body = JSON.parse(`${text.slice(0, open)}[]${text.slice(close + 1)}`);
  } catch {
    return undefined;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { body: body as Record<string, unknown>, items: new ListItems(text, bounds) } : undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

/**
 * One pass over the text: where the top-level object's `key` holds an array, that array's brackets,
 * and its `[` followed by the commas between its elements (`bounds`). Undefined when the text is
 * not an object, the key is not there (or is there twice, or some top-level key has an escape
 * that could spell it), its value is not an array, or brackets do not balance.
 */
function findList(text: string, quotedKey: string): { open: number; close: number; bounds: number[] } | undefined {
  const length = text.length;
  let index = skipSpace(text, 0);
  if (text.charCodeAt(index) !== OPEN_BRACE) return undefined;
  let depth = 0;
  let open = -1;
  let close = -1;
  const bounds: number[] = [];
  let keyNext = false;
  for (; index < length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (end < 0) return undefined;
      // A key of the top-level object: the one wanted, or one that must not be read as it.
      if (depth === 1 && keyNext) {
        const raw = text.slice(index, end + 1);
        if (raw === quotedKey) {
          if (open !== -1) return undefined;
          const colon = skipSpace(text, end + 1);
          if (text.charCodeAt(colon) !== COLON) return undefined;
          const value = skipSpace(text, colon + 1);
          if (text.charCodeAt(value) !== OPEN_BRACKET) return undefined;
          open = value;
          bounds.push(open);
          depth = 2;
          index = value;
          keyNext = false;
          continue;
        }
        if (raw.includes('\\')) return undefined;
      }
      keyNext = false;
      index = end;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      keyNext = code === OPEN_BRACE && depth === 1;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 1 && open !== -1 && close === -1) {
        if (code !== CLOSE_BRACKET) return undefined;
        close = index;
      }
      if (depth === 0) break;
    } else if (code === COMMA) {
      if (depth === 2 && open !== -1 && close === -1) bounds.push(index);
      else if (depth === 1) keyNext = true;
    }
  }
  if (open === -1 || close === -1 || depth !== 0) return undefined;
  return { open, close, bounds };
}

/** The index of the quote that ends the string opening at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  let index = start;
  for (;;) {
    index = text.indexOf('"', index + 1);
    if (index < 0) return -1;
    // Escaped when an odd number of backslashes stand right before it.
    let backslashes = 0;
    while (text.charCodeAt(index - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return index;
  }
}

function skipSpace(text: string, from: number): number {
  let index = from;
  for (;;) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return index;
    index += 1;
  }
}
