import { BodyTooLargeError, InvalidResponseError, RedirectRefusedError } from '../errors/errors.js';
import { upstreamDetail } from '../security/detail.js';
import type { Redactor } from '../security/redact.js';
import { jsonHoldsNoControlCharacters } from '../security/text.js';
import { statusError } from './failure.js';
import { splitList, type ListItems } from './json-list.js';
import { Utf8Text } from './utf8-text.js';

/** What the transport enforces on every response, whoever sent the request. */
export interface TransportSettings {
  /** The host's `fetch` (or the `fetch` option). */
  fetch: typeof globalThis.fetch;
  /** Bounds the error body read here; a 2xx body is bounded by its reader (`ReadSettings.maxBytes`). */
  maxBodyBytes: number;
  /** Scrubs every configured secret from an error's `detail`. */
  redactor: Redactor;
}

// Enough of an error body for any message a gateway writes; the rest is never read.
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/**
 * The one dialect-free transport: wraps `fetch` so that every response obeys our rules, whoever
 * sends the request (the SDK or a dialect's plain request). Redirects are refused (the SDK would
 * forward `x-api-key` to another origin); a non-2xx answer becomes its error here, in one place,
 * with the upstream's own words as a scrubbed `detail`. The body of a 2xx is handed back as it
 * came, and cut off at the cap while it streams by the readers below (`readJson`, `readListPage`),
 * the only code that reads one (the SDK would buffer and gunzip it whole; it is given the
 * response back unread). Not a second `Response` around a capped stream, which cost every page a
 * stream, a response and a promise per chunk. The deadline is the caller's signal, passed in
 * `init.signal` and attached to the body too.
 */
export function boundedFetch(settings: TransportSettings): typeof globalThis.fetch {
  const { fetch, maxBodyBytes, redactor } = settings;
  return async (input, init) => {
    const response = await fetch(input, { ...init, redirect: 'manual' });
    if (isRedirect(response)) {
      // Not awaited: the cancel of a body that was tee'd or cloned (msw, logging fetch wrappers)
      // settles only when every branch is cancelled, so waiting on it turned a refused redirect
      // into a timeout.
      void response.body?.cancel().catch(() => {});
      throw new RedirectRefusedError(
        `The gateway answered with a redirect${response.status ? ` (HTTP ${response.status})` : ''}, which is refused so that credentials never reach another address. Set the base URL to the address the gateway redirects to.`,
      );
    }
    if (!response.ok) {
      const text = await readPrefix(response, Math.min(MAX_ERROR_BODY_BYTES, maxBodyBytes));
      throw statusError(response.status, safeURL(input), upstreamDetail(text, response.headers.get('content-type'), redactor));
    }
    return response;
  };
}

/** How a 2xx body is read. */
export interface ReadSettings {
  /** The cap (`maxBodyBytes`): reading stops once more bytes have come. */
  maxBytes: number;
  /** Sees the body's text once, before it is parsed (the leak screen). */
  inspect?: (text: string) => void;
}

/** A 2xx body as JSON, or `invalid_response` saying what came instead. */
export async function readJson(response: Response, settings: ReadSettings): Promise<unknown> {
  const { text } = await readText(response, settings);
  settings.inspect?.(text);
  return parseWhole(text, response);
}

/** A list page as `readJson` reads it, its list (under `key`) left as JSON text, item by item, when it can be (json-list.ts). */
export interface ListPage {
  body: unknown;
  /** The list's items as JSON text (json-list.ts); absent when `body` was parsed whole. */
  items?: ListItems;
  /** The error for an item that is not JSON: the page's own, as `readJson` would have thrown it. */
  notJson: () => InvalidResponseError;
  /** True when no string in the page can hold a control character (security/text.ts), so its ids and names need no test each. */
  noControlCharacters: boolean;
}

/** `key`: where the page's list is, to be split at its items; without one the page is parsed whole. */
export async function readListPage(response: Response, key: string | undefined, settings: ReadSettings): Promise<ListPage> {
  const { text, bytes } = await readText(response, settings);
  settings.inspect?.(text);
  const length = text.length;
  const invalid = () => notJson(response, length);
  const noControlCharacters = jsonHoldsNoControlCharacters(text, bytes);
  const split = key === undefined ? undefined : splitList(text, key);
  if (split) return { body: split.body, items: split.items, notJson: invalid, noControlCharacters };
  return { body: parseWhole(text, response), notJson: invalid, noControlCharacters };
}

/** The whole body parsed, or the `notJson` error that says what came instead. */
function parseWhole(text: string, response: Response): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw notJson(response, text.length);
  }
}

function notJson(response: Response, length: number): InvalidResponseError {
  const type = describeContentType(response.headers.get('content-type'));
  return new InvalidResponseError(
    `The gateway's answer is not JSON (${type}, ${length} characters). Check that the base URL points at the gateway itself and not at a proxy's error page.`,
  );
}

/**
 * The body as text, its bytes kept off the heap as they stream in and decoded once (utf8-text.ts
 * says why): `response.text()` holds every chunk, then a joined copy of them, then the text,
 * three copies of a body at once; this lets the chunks go before the text is made. Reading stops
 * once more than `maxBytes` have come (counted after decompression: the runtime's `fetch` hands
 * over inflated bytes), and the rest is cancelled unread.
 */
async function readText(response: Response, { maxBytes }: ReadSettings): Promise<{ text: string; bytes: number }> {
  if (!response.body) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const text = new Utf8Text();
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = bytesOf(value);
    if (!chunk) {
      void reader.cancel().catch(() => {});
      throw new InvalidResponseError(
        'The response body streamed something other than bytes; reading stopped there. A `fetch` passed in must return a Response whose body streams Uint8Array chunks.',
      );
    }
    seen += chunk.byteLength;
    if (seen > maxBytes) {
      void reader.cancel().catch(() => {});
      throw new BodyTooLargeError(
        `The gateway's response is larger than maxBodyBytes (${maxBytes} bytes); reading stopped there. Raise \`maxBodyBytes\` if the list is really this large.`,
      );
    }
    text.push(chunk);
  }
  return { text: text.end(), bytes: seen };
}

/**
 * A chunk as the bytes it holds, or undefined when it holds none a body could. A body stream hands
 * over `Uint8Array`s; one from a `fetch` passed in may hold other views (a `Float32Array`, a
 * `DataView`), which are read as their bytes, never element by element, so that the text is
 * exactly the bytes counted. Anything else (text, a view of a detached buffer) is not a body.
 */
function bytesOf(chunk: unknown): Uint8Array | undefined {
  if (chunk instanceof Uint8Array) return chunk;
  if (!ArrayBuffer.isView(chunk)) return undefined;
  try {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  } catch {
    return undefined;
  }
}

// The header is upstream text, and a gateway can echo anything (the key included) in it: only a
// plain `type/subtype` is worth quoting in a message.
function describeContentType(header: string | null): string {
  const type = header?.split(';')[0]?.trim() ?? '';
  if (type === '') return 'no content type';
  return /^[a-z]{1,20}\/[a-z0-9.+-]{1,60}$/.test(type) ? type : 'an unrecognised content type';
}

/** The request URL without its query, for messages: ours, so it never holds credentials. */
function safeURL(input: Parameters<typeof globalThis.fetch>[0]): string {
  const text = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return text.split(/[?#]/, 1)[0]!;
}

/** At most `maxBytes` of the body as text; the rest is cancelled unread. Never throws. */
async function readPrefix(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  try {
    while (seen < maxBytes) {
      const { done, value } = await reader.read();
      const chunk = done ? undefined : bytesOf(value);
      // The end, or a chunk that is not bytes: what came before it is the detail.
      if (!chunk) break;
      chunks.push(chunk);
      seen += chunk.byteLength;
    }
  } catch {
    // A body that fails mid-way still gave the status; what was read is enough.
  } finally {
    void reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(seen, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}
