import { toWireSnapshot, type RouteErrorCode, type Snapshot } from '../schema.js';
import type { ModelRoutesResponse } from './options.js';

/** A snapshot serialised once: the body, its byte length and its strong ETag. */
export interface RenderedSnapshot {
  body: string;
  length: number;
  etag: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

// Keyed by the snapshot object itself: `getModels()` hands out the same frozen object while nothing
// has changed, so every request between two changes reuses one body and one ETag. The promise is
// stored, so a burst of concurrent requests still serialises and hashes once.
const rendered = new WeakMap<Snapshot, Promise<RenderedSnapshot>>();

export function renderSnapshot(snapshot: Snapshot): Promise<RenderedSnapshot> {
  // A snapshot that is not frozen could change under the cache (a hand-made test double).
  if (!Object.isFrozen(snapshot)) return serialise(snapshot);
  let pending = rendered.get(snapshot);
  if (!pending) {
    pending = serialise(snapshot);
    rendered.set(snapshot, pending);
    pending.catch(() => rendered.delete(snapshot));
  }
  return pending;
}

async function serialise(snapshot: Snapshot): Promise<RenderedSnapshot> {
  const body = JSON.stringify(toWireSnapshot(snapshot));
  const bytes = new TextEncoder().encode(body);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  // 128 bits of SHA-256 is plenty for telling two bodies apart, and keeps the header short.
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return { body, length: bytes.byteLength, etag: `"${hex}"` };
}

/** The headers of every answer: JSON that a browser must not sniff as something else. */
function baseHeaders(cacheControl: string): Record<string, string> {
  return { 'content-type': JSON_TYPE, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' };
}

/** 200 with the snapshot; HEAD gets the same headers (and length) without the body. */
export function snapshotResponse(snapshot: RenderedSnapshot, withBody: boolean): ModelRoutesResponse {
  const headers = { ...baseHeaders('no-cache'), etag: snapshot.etag };
  return withBody
    ? { status: 200, headers, body: snapshot.body }
    : { status: 200, headers: { ...headers, 'content-length': String(snapshot.length) } };
}

export function notModifiedResponse(snapshot: RenderedSnapshot): ModelRoutesResponse {
  const { 'content-type': _, ...headers } = baseHeaders('no-cache');
  return { status: 304, headers: { ...headers, etag: snapshot.etag } };
}

/** A 4xx/5xx in the one error shape; never cached, never carries internal detail. */
export function errorResponse(status: number, code: RouteErrorCode, message: string, extraHeaders: Record<string, string> = {}): ModelRoutesResponse {
  return { status, headers: { ...baseHeaders('no-store'), ...extraHeaders }, body: JSON.stringify({ error: { code, message } }) };
}
