import { fingerprint } from '../security/fingerprint.js';
import type { PageRequest } from '../upstream/dialect.js';

/** The keys one source's shared state lives under. */
export interface StoreKeys {
  /** The list and its refresh time. */
  entry: string;
  /** A short token that changes with every write, so a read costs a few bytes, not the list. */
  stamp: string;
  /** Held by the one instance that is refreshing for the fleet. */
  lease: string;
}

/** What identifies one source's list across the fleet. */
export interface StoreIdentity {
  /** The source's base URL, without credentials: the readable part of the key. */
  baseURL: string;
  /** The dialect's name: two dialects on one base URL list different things. */
  dialect: string;
  /** The first page's request: its URL (the path, `modelsPath` included) and every header sent. */
  request: PageRequest;
}

// v2: models carry metadata (context window, pricing, ...). A new prefix rather than a new field:
// during a rolling deploy an old instance must not read a new list (its schema would strip the
// metadata and it would save the stripped list back for everyone), nor a new one an old list.
const PREFIX = 'model-discovery:v2';

/**
 * Keys derived from the source's identity: its base URL, plus a one-way SHA-256 fingerprint of
 * the dialect, the path and every header sent to it (credentials and custom headers alike), so
 * two services with different keys, two dialects or two paths never share a list, and the store
 * never holds a credential.
 */
export async function storeKeys(identity: StoreIdentity): Promise<StoreKeys> {
  const headers = Object.entries(identity.request.headers)
    .map(([name, value]) => [name.toLowerCase(), value])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  const material = JSON.stringify([PREFIX, identity.dialect, identity.request.method ?? 'GET', identity.request.url, headers]);
  const base = `${PREFIX}:${identity.baseURL}:${await fingerprint(material)}`;
  return { entry: `${base}:list`, stamp: `${base}:stamp`, lease: `${base}:lease` };
}
