import { LRUCache } from 'lru-cache';
import pLimit, { type LimitFunction } from 'p-limit';

import { checkTenantCredentials, type TenantCredentials } from './credentials.js';

/** What the registry needs of a view: how to build one and how to let it go. */
export interface TenantsSettings<View> {
  maxTenants: number;
  tenantTtl: number;
  tenantConcurrency: number;
  /** Builds a view for a checked credential; `limit` is the one every view's upstream calls share. */
  create: (credential: { kind: 'apiKey' | 'authToken'; secret: string }, limit: LimitFunction) => View;
  /** When the view was last read: a view expires itself on its next read after `tenantTtl`; the sweep drops the ones nobody reads. */
  readAt: (view: View) => number;
}

/**
 * The tenant views of one `ModelDiscovery`, by credential: at most `maxTenants` (least recently
 * used dropped, lru-cache), each dropped once unread for `tenantTtl`. Keyed by the credential
 * itself: the map never leaves this process, and a lookup by string costs nanoseconds where a
 * hash of the key per read would cost microseconds. Only the views fingerprint their credential,
 * once, for log lines and store keys.
 */
export class Tenants<View> {
  readonly #settings: TenantsSettings<View>;
  readonly #views: LRUCache<string, View & {}>;
  readonly #limit: LimitFunction;
  readonly #ttl: number;

  constructor(settings: TenantsSettings<View>) {
    this.#settings = settings;
    this.#ttl = settings.tenantTtl;
    this.#limit = pLimit(settings.tenantConcurrency);
    // No lru-cache `ttl`: with `updateAgeOnGet` it reads the clock on every hit, a third of the cost
    // of a whole warm read. A view checks its idle time itself, with the clock its read takes anyway.
    // Nothing is disposed with a dropped view: a request may still hold it, and reads from it must
    // go on; it runs no timer (see ModelDiscovery), so it is simply collected once let go.
    this.#views = new LRUCache({ max: settings.maxTenants });
  }

  /** The view of this credential: the one held, or a new one. Throws a TypeError for a malformed credential. */
  view(credentials: TenantCredentials): View {
    // The hot path: a held view, found without checking or hashing anything. Only checked
    // credentials are stored, and a token's key starts with a space, which no valid credential
    // holds: an API key starting with one is malformed and goes on to the check, which throws.
    const apiKey = credentials?.apiKey;
    let key: string | undefined;
    if (typeof apiKey === 'string') {
      if (credentials.authToken === undefined && apiKey.charCodeAt(0) !== 32) key = apiKey;
    } else if (apiKey === undefined && typeof credentials?.authToken === 'string') {
      key = ` ${credentials.authToken}`;
    }
    const view = key === undefined ? undefined : this.#views.get(key, GET);
    return view ?? this.#create(credentials);
  }

  #create(credentials: TenantCredentials): View {
    const credential = checkTenantCredentials(credentials);
    const now = Date.now();
    this.#sweep(now);
    const view = this.#settings.create(credential, this.#limit);
    this.#views.set(credential.kind === 'apiKey' ? credential.secret : ` ${credential.secret}`, view as View & {});
    return view;
  }

  /**
   * Drops the views unread for `tenantTtl`, least recently used first, stopping at the first one
   * still in use (the LRU order is the order of last use). Run whenever a view is made.
   */
  #sweep(now: number): void {
    const expired: string[] = [];
    for (const [key, view] of this.#views.rentries() as Iterable<[string, View]>) {
      if (now - this.#settings.readAt(view) < this.#ttl) break;
      expired.push(key);
    }
    for (const key of expired) this.#views.delete(key);
  }

  /** How many views are held. */
  get size(): number {
    return this.#views.size;
  }

  /** The views held, most recently used first. */
  views(): IterableIterator<View> {
    return this.#views.values();
  }

  /** Drops every view: what the owner's `close()` calls, after closing each. */
  clear(): void {
    this.#views.clear();
  }
}

// Passed to every get(): lru-cache's default is a new `{}` per call, a few percent of a hit.
const GET = Object.freeze({});
