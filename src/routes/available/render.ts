import type { Snapshot } from '../../model/schema.js';
import { toWireSnapshot } from '../../model/wire.js';
import type { ModelRoutesResponse } from '../shared/http.js';
import { jsonHeaders, ROUTE_PROBLEMS, type RouteErrorCode } from '../shared/problems.js';

/**
 * A snapshot serialised once: its strong ETag and the three answers built from the body. The
 * answers are frozen because every request until the next change shares them.
 */
export interface RenderedSnapshot {
  etag: string;
  ok: ModelRoutesResponse;
  head: ModelRoutesResponse;
  notModified: ModelRoutesResponse;
}

// Keyed by the snapshot object itself: `getModels()` hands out the same frozen object while nothing
// has changed, so every request between two changes reuses one body and one ETag. The promise is
// stored, so a burst of concurrent requests still serialises and hashes once.
const rendered = new WeakMap<Snapshot, Promise<RenderedSnapshot>>();
// The settled results too, so the hot path (a warm snapshot) answers without waiting on a promise.
const settled = new WeakMap<Snapshot, RenderedSnapshot>();

/** The rendering of a snapshot already rendered, or `undefined`: no promise, no wait. */
export function renderedAlready(snapshot: Snapshot): RenderedSnapshot | undefined {
  return settled.get(snapshot);
}

export function renderSnapshot(snapshot: Snapshot): Promise<RenderedSnapshot> {
  // A snapshot that is not frozen could change under the cache (a hand-made test double).
  if (!Object.isFrozen(snapshot)) return serialise(snapshot);
  let pending = rendered.get(snapshot);
  if (!pending) {
    pending = serialise(snapshot);
    rendered.set(snapshot, pending);
    pending.then(
      (result) => settled.set(snapshot, result),
      () => rendered.delete(snapshot),
    );
  }
  return pending;
}

/**
 * The answer's body as the bytes it is sent as, beside `body` on the 200 (not enumerable, so the
 * response still reads as `{ status, headers, body }`). Adapters send these bytes: the server
 * then copies them to the socket as they are, instead of encoding the text again per request.
 * Registered, as each CommonJS subpath bundle has its own copy of this module.
 */
export const ENCODED_BODY: unique symbol = Symbol.for('model-discovery.encodedBody');

/** A response that may carry its body already encoded (see ENCODED_BODY). */
export type MaybeEncoded = ModelRoutesResponse & { readonly [ENCODED_BODY]?: Uint8Array<ArrayBuffer> };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The same text as one flat string. A long `JSON.stringify` result or a template literal is a
 * rope in V8 (pieces joined by reference), which every write to a socket walks, or flattens.
 */
function flat(text: string): string {
  return decoder.decode(encoder.encode(text));
}

async function serialise(snapshot: Snapshot): Promise<RenderedSnapshot> {
  const bytes = encoder.encode(JSON.stringify(toWireSnapshot(snapshot)));
  const body = decoder.decode(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  // 128 bits of SHA-256 is plenty for telling two bodies apart, and keeps the header short.
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const etag = flat(`"${hex}"`);
  const headers = { ...jsonHeaders('no-cache'), etag };
  const { 'content-type': _, ...notModifiedHeaders } = headers;
  const ok = Object.defineProperty({ status: 200, headers, body }, ENCODED_BODY, { value: bytes });
  return {
    etag,
    ok: deepFreeze(ok),
    head: deepFreeze({ status: 200, headers: { ...headers, 'content-length': String(bytes.byteLength) } }),
    notModified: deepFreeze({ status: 304, headers: notModifiedHeaders }),
  };
}

function deepFreeze(response: ModelRoutesResponse): ModelRoutesResponse {
  Object.freeze(response.headers);
  return Object.freeze(response);
}

/** A 4xx/5xx in the plain error shape; never cached, never carries internal detail. */
export function errorResponse(code: RouteErrorCode, message: string, extraHeaders: Record<string, string> = {}): ModelRoutesResponse {
  return { status: ROUTE_PROBLEMS[code].status, headers: { ...jsonHeaders('no-store'), ...extraHeaders }, body: JSON.stringify({ error: { code, message } }) };
}
