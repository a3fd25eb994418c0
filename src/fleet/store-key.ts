import type { Endpoint } from '../upstream/endpoint.js';

/** The keys one upstream's shared state lives under. */
export interface StoreKeys {
  /** The list and its refresh time. */
  entry: string;
  /** A short token that changes with every write, so a read costs a few bytes, not the list. */
  stamp: string;
  /** Held by the one instance that is refreshing for the fleet. */
  lease: string;
}

const PREFIX = 'model-discovery:v1';

/**
 * Keys derived from the upstream's identity: the origin and path it is reached at, plus a one-way
 * SHA-256 fingerprint of the credentials sent to it, so two services with different keys never
 * share a list and the store never holds a credential.
 */
export async function storeKeys(endpoint: Endpoint): Promise<StoreKeys> {
  // The auth headers are exactly what identifies the caller to the upstream (key, token or Basic).
  const material = JSON.stringify([PREFIX, endpoint.authHeaders['x-api-key'] ?? null, endpoint.authHeaders.authorization ?? null]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material));
  const fingerprint = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const base = `${PREFIX}:${endpoint.sdkBaseURL}:${fingerprint}`;
  return { entry: `${base}:list`, stamp: `${base}:stamp`, lease: `${base}:lease` };
}
