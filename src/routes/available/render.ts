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

async function serialise(snapshot: Snapshot): Promise<RenderedSnapshot> {
  const body = JSON.stringify(toWireSnapshot(snapshot));
  const bytes = new TextEncoder().encode(body);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  // 128 bits of SHA-256 is plenty for telling two bodies apart, and keeps the header short.
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const etag = `"${hex}"`;
  const headers = { ...jsonHeaders('no-cache'), etag };
  const { 'content-type': _, ...notModifiedHeaders } = headers;
  return {
    etag,
    ok: deepFreeze({ status: 200, headers, body }),
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
