import { LRUCache } from 'lru-cache';
import type { LimitFunction } from 'p-limit';

import { checkTenantCredentials, type TenantCredentials } from './credentials.js';

/** What the registry needs of a view: how to build one and how to let it go. */
export interface TenantsSettings<View> {
  maxTenants: number;
  tenantTtl: number;
  tenantConcurrency: number;
  /** Builds a view for a checked credential; `limit` is the one every view's upstream calls share. */
  create: (credential: { kind: 'apiKey' | 'authToken'; secret: string }, limit: TenantLimit) => View;
  /** When the view was last read: a view expires itself on its next read after `tenantTtl`; the sweep drops the ones nobody reads. */
  readAt: (view: View) => number;
  /**
   * Records on the view the round it was last found in (a small integer, kept on the view so
   * that checking it touches nothing the read does not touch anyway) and says whether that
   * changed, i.e. whether this is the view's first lookup of the round.
   */
  enterRound: (view: View, round: number) => boolean;
}

/** Runs `work` when its turn comes among every tenant view's upstream calls. */
export type TenantLimit = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * The limiter of every tenant view's upstream calls (p-limit's), loaded with the first tenant
 * refresh rather than at import: p-limit and yocto-queue were about 4 ms of the main entry's
 * import (a fifth of what it adds to a bare start), paid by every host, and most hosts never make
 * a tenant view. The import settles during the refresh that starts it; later ones chain onto it.
 */
function lazyLimit(concurrency: number): TenantLimit {
  let limit: LimitFunction | undefined;
  let loading: Promise<LimitFunction> | undefined;
  return (work) => {
    // Once loaded, used directly: no later refresh waits on a promise an earlier one made (on
    // Cloudflare Workers a promise belongs to the request that made it, see Upstream).
    if (limit) return limit(work);
    loading ??= import('p-limit').then(
      ({ default: pLimit }) => (limit = pLimit(concurrency)),
      (error: unknown) => {
        // Not kept: the next tenant refresh tries the import again.
        loading = undefined;
        throw error;
      },
    );
    return loading.then((run) => run(work));
  };
}

// Rounds are counted in a small integer (an unboxed one for V8): it wraps long before it leaves that range.
const ROUND_MASK = 0x3fffffff;

/**
 * The tenant views of one `ModelDiscovery`, by credential: at most `maxTenants` (least recently
 * used dropped), each dropped once unread for `tenantTtl`.
 *
 * lru-cache holds the views: it owns the bound, the recency order and eviction, and hands every
 * view it drops to `dispose`. In front of it, two plain Maps (API keys, tokens) index the same
 * views by the same credentials, kept in step by that `dispose`, so that the lookup of a held
 * view is one `Map.get` with the caller's own string: no key built, nothing allocated, no clock.
 *
 * Maps, not prototype-less objects: V8 interns a string used as a property name, after which a
 * lookup with that same string object compares pointers (about 13 ns less per read in the tenants
 * bench, whose keys are the same string objects every round), but interning a fresh string, as a
 * request's header value is, costs more than the Map's hash and compare: 45-75 ns more per lookup
 * (measured on Node 20), on every request of a real host.
 *
 * Recency is told to lru-cache once per view per round, a round ending whenever a view is made
 * (the only time lru-cache may drop one for `maxTenants`): a view is never dropped while one not
 * looked up since the last view was made is held. Between two views made, the views looked up
 * keep the order of their first lookup of the round, not of their last.
 *
 * Keyed by the credential itself: the maps never leave this process, and a lookup by string costs
 * nanoseconds where a hash of the key per read would cost microseconds. Only the views
 * fingerprint their credential, once, for log lines and store keys.
 */
export class Tenants<View> {
  readonly #settings: TenantsSettings<View>;
  // Keyed by the API key, or by tokenKey(token).
  readonly #views: LRUCache<string, View & {}>;
  readonly #byApiKey = new Map<string, View>();
  readonly #byAuthToken = new Map<string, View>();
  readonly #limit: TenantLimit;
  readonly #ttl: number;
  #round = 0;

  constructor(settings: TenantsSettings<View>) {
    this.#settings = settings;
    this.#ttl = settings.tenantTtl;
    this.#limit = lazyLimit(settings.tenantConcurrency);
    // No lru-cache `ttl`: with `updateAgeOnGet` it reads the clock on every hit, a third of the cost
    // of a whole warm read. A view checks its idle time itself, with the clock its read takes anyway.
    // Nothing else is disposed with a dropped view: a request may still hold it, and reads from it
    // must go on; it runs no timer (see ModelDiscovery), so it is simply collected once let go.
    this.#views = new LRUCache({
      max: settings.maxTenants,
      dispose: (_view, key) => {
        if (key.charCodeAt(0) === TOKEN_MARK) this.#byAuthToken.delete(key.slice(1));
        else this.#byApiKey.delete(key);
      },
    });
  }

  /** The view of this credential: the one held, or a new one. Throws a TypeError for a malformed credential. */
  view(credentials: TenantCredentials): View {
    // The hot path: a held view, found without checking or hashing anything. Only checked
    // credentials are indexed, so a malformed one misses and goes on to the check, which throws.
    const apiKey = credentials?.apiKey;
    const authToken = credentials?.authToken;
    let view: View | undefined;
    if (typeof apiKey === 'string') {
      if (authToken === undefined) view = this.#byApiKey.get(apiKey);
    } else if (apiKey === undefined && typeof authToken === 'string') {
      view = this.#byAuthToken.get(authToken);
    }
    if (view === undefined) return this.#create(credentials);
    // Its first lookup since the last view was made: lru-cache moves it to the recent end.
    if (this.#settings.enterRound(view, this.#round)) this.#views.get(typeof apiKey === 'string' ? apiKey : tokenKey(authToken!), GET);
    return view;
  }

  #create(credentials: TenantCredentials): View {
    const credential = checkTenantCredentials(credentials);
    const now = Date.now();
    this.#sweep(now);
    const view = this.#settings.create(credential, this.#limit);
    const isApiKey = credential.kind === 'apiKey';
    // lru-cache drops the least recently used view first if it is full, through `dispose`.
    this.#views.set(isApiKey ? credential.secret : tokenKey(credential.secret), view as View & {});
    (isApiKey ? this.#byApiKey : this.#byAuthToken).set(credential.secret, view);
    // A new round: the next lookup of every view, this one's too, tells lru-cache again.
    this.#round = (this.#round + 1) & ROUND_MASK;
    return view;
  }

  /**
   * Drops the views unread for `tenantTtl`, least recently used first, stopping at the first one
   * still in use (the recency order is, to within a round, the order of last use). Run whenever a
   * view is made.
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

// lru-cache's key of a token: a space and the token, apart from every API key (no valid credential
// starts with a space). An API key is its own key.
const TOKEN_MARK = 32;
function tokenKey(token: string): string {
  return ` ${token}`;
}

// Passed to every get(): lru-cache's default is a new `{}` per call, a few percent of a hit.
const GET = Object.freeze({});
