import type { SafeLog } from '../security/safe-log.js';
import { isObject, parseModel } from '../model/check.js';
import { isUsableId } from '../model/normalize.js';
import type { Model } from '../model/schema.js';
import { GuardedStore, UNAVAILABLE, type Store } from './store.js';
import { storeKeys, type StoreIdentity, type StoreKeys } from './store-key.js';

/** A list as the fleet shares it. */
export interface SharedEntry {
  models: readonly Model[];
  /** When the upstream answered, in ms since the epoch: the TTL runs from here on every instance. */
  refreshedAt: number;
}

/** Whether this instance should ask the upstream, and a list another instance already fetched. */
export interface Claim {
  upstream: boolean;
  list?: SharedEntry;
  /** The lease this claim won, for `release()`: only its holder hands a lease back. */
  lease?: LeaseToken;
}

/** One holding of the lease by this instance (a refresh, or #heal). */
export type LeaseToken = object;

/** What a refresh is after, for `claim()`. */
export interface ClaimTerms {
  /** A list younger than this (the fleet's or this instance's) makes the upstream call unnecessary. */
  within: number;
  /**
   * Whether the caller needs a newer list than it holds: an instance that loses the lease then
   * waits for the winner's list instead of serving its own (a forced refresh, a cold read).
   */
  needsNewer: boolean;
}

export interface SharedListSettings {
  store: Store;
  storeTimeout: number;
  ttl: number;
  timeout: number;
  maxModels: number;
  /** Which source's list this is: the store keys derive from it. */
  identity: StoreIdentity;
  log: SafeLog;
}

// Entries outlive the TTL (a stale list is still served while one refresh runs) but not forever:
// a rotated credential leaves a key behind that the store drops by itself.
const MIN_ENTRY_LIFETIME = 24 * 60 * 60 * 1000;
// A list stamped further ahead than this is treated as garbage, not as fresh for ever.
const MAX_CLOCK_SKEW = 60_000;
// How often an instance with nothing to serve looks for the list another instance is fetching.
const WAIT_STEP = 50;
// How often a write that did not land is tried again while a forced refresh waits for it.
const SAVE_RETRY_STEP = 100;

// However long `timeout` is, a lease ends soon enough that a crashed winner cannot stall the fleet.
const MAX_LEASE_TIME = 60_000;


/** The shape of a shared list; bumped with the key prefix (store-key.ts) when models gain fields. */
const ENTRY_VERSION = 2;

/**
 * The fleet's shared list in a Keyv-compatible store: read by every instance, written after
 * every successful refresh, and refreshed by one instance at a time where the store gives a lease.
 * Nothing here throws or rejects: a store that fails or answers garbage leaves the instance on
 * its own copy.
 */
export class SharedList {
  readonly #settings: SharedListSettings;
  readonly #guard: GuardedStore;
  readonly #keys: Promise<StoreKeys>;
  readonly #owner = randomToken();
  #seenStamp: string | undefined;
  #warnedGarbage = false;
  // The lease this instance holds, and until when: past that it is not held any more, even if
  // whatever won it never settled (a refresh left unsettled when a Worker's request ended).
  #held: { token: LeaseToken; until: number } | undefined;
  // The newest list this instance saved or read, as the upstream sent it: what it publishes again
  // when the store lost it or holds an older one (a restart, a write made while the store was down).
  #newest: SharedEntry | undefined;
  // Until when a #heal runs: one at a time, and never stuck past a lease's time.
  #healingUntil = 0;

  constructor(settings: SharedListSettings) {
    this.#settings = settings;
    this.#keys = storeKeys(settings.identity);
    // No more than the probe when the store answers again: a list this instance refreshed during
    // the outage is published by its next read (#heal). Calling the store on its own here would
    // also reconnect a client its owner has just destroyed (Keyv answers `undefined` then).
    this.#guard = new GuardedStore(settings.store, settings.storeTimeout, settings.log, async (store) => store.get((await this.#keys).stamp));
  }

  /**
   * Forgets what this instance saw and held (a tenant view back from idle): its next read takes
   * the store's list, whatever its stamp, and it never publishes its old list again.
   */
  forget(): void {
    this.#seenStamp = undefined;
    this.#newest = undefined;
  }

  /**
   * The store's list when it is newer than `known`. A read fetches only the small stamp unless it
   * changed since the last read, so consulting the store on every read stays cheap.
   */
  async latest(known: number | undefined): Promise<SharedEntry | undefined> {
    const found = await this.#read();
    if (found === UNAVAILABLE || found === undefined) return undefined;
    return known === undefined || found.refreshedAt > known ? found : undefined;
  }

  async #read(): Promise<SharedEntry | undefined | typeof UNAVAILABLE> {
    const found = await this.#guard.run(async (store) => {
      const keys = await this.#keys;
      const stamp = await store.get(keys.stamp);
      if (stamp === this.#seenStamp && stamp !== undefined) return undefined;
      if (stamp === undefined || stamp === null) return BEHIND;
      if (typeof stamp !== 'string' || stamp.length < 1 || stamp.length > MAX_STAMP_LENGTH) return this.#garbage('stamp');
      // The stamp starts with the list's refresh time: an older list than this instance's newest
      // is not worth reading, and the store is to get the newer one.
      if (this.#newest && stampTime(stamp) < this.#newest.refreshedAt) return BEHIND;
      const raw = await store.get(keys.entry);
      if (raw === undefined || raw === null) return undefined;
      const entry = readEntry(raw, this.#settings.maxModels);
      if (!entry) return this.#garbage('list');
      return { stamp, entry };
    });
    // State changes only on an answer the guard accepted: a call it gave up on (timed out) may
    // still finish later, when the store's owner may have destroyed its client, or after newer
    // calls; it must start nothing and change nothing.
    if (found === BEHIND) {
      this.#heal();
      return undefined;
    }
    if (found === UNAVAILABLE || found === undefined) return found;
    this.#seenStamp = found.stamp;
    this.#warnedGarbage = false;
    this.#remember(found.entry);
    return found.entry;
  }

  /**
   * The store lost the fleet's list or holds an older one than this instance (Redis restarted, or
   * this instance's write was made while it was down): this instance publishes its own, in the
   * background and under the lease, so that an instance holding an older list cannot overwrite a
   * newer one meanwhile. Every instance does the same on its next read, and the newest list wins.
   */
  #heal(): void {
    const newest = this.#newest;
    if (!newest || Date.now() < this.#healingUntil) return;
    this.#healingUntil = Date.now() + this.#leaseTime();
    void (async () => {
      const { result, token } = await this.#lease();
      if (result === 'taken') return;
      try {
        // Checked again under the lease: an instance with a newer list may have been first.
        const stamp = await this.#guard.run(async (store) => store.get((await this.#keys).stamp));
        if (stamp === UNAVAILABLE || (typeof stamp === 'string' && stampTime(stamp) >= newest.refreshedAt)) return;
        await this.#write(newest);
      } finally {
        await this.release(token);
      }
    })().finally(() => {
      this.#healingUntil = 0;
    });
  }

  #remember(entry: SharedEntry): void {
    if (!this.#newest || entry.refreshedAt > this.#newest.refreshedAt) this.#newest = entry;
  }

  /**
   * Shares a list the upstream just sent. Resolves once the store has it, or has failed. With
   * `patience`, a store whose outage began less than that long ago is tried again meanwhile: a
   * Redis that has just restarted answers once its client reconnects, and a forced refresh waits
   * for that so the fleet sees its list on the next read. In a long outage nothing waits. A list
   * that did not land is published on this instance's first read after the store is back (#heal).
   */
  async save(list: SharedEntry, patience = 0): Promise<void> {
    this.#remember(list);
    for (let attempt = 0; attempt <= Math.ceil(patience / SAVE_RETRY_STEP); attempt += 1) {
      if (attempt > 0) await sleep(SAVE_RETRY_STEP);
      // Only a caller with patience writes to a store known to be down: any other leaves it alone
      // until the store is back (a client asked while it reconnects may start reconnecting twice).
      if ((await this.#write(list, patience > 0)) !== UNAVAILABLE || this.#newest !== list) return;
      const since = this.#guard.downSince;
      if (since === undefined || Date.now() - since >= patience) return;
    }
  }

  async #write(list: SharedEntry, always = false): Promise<void | typeof UNAVAILABLE> {
    const stamp = `${list.refreshedAt}.${randomToken()}`;
    const lifetime = finiteOr(Math.max(MIN_ENTRY_LIFETIME, 2 * this.#settings.ttl), undefined);
    const written = await this.#guard.run(async (store) => {
      const keys = await this.#keys;
      // The list first, then the stamp that makes other instances read it.
      if ((await store.set(keys.entry, { v: ENTRY_VERSION, refreshedAt: list.refreshedAt, models: list.models }, lifetime)) === false) throw new Error('the store refused the list');
      if ((await store.set(keys.stamp, stamp, lifetime)) === false) throw new Error('the store refused the stamp');
    }, always);
    // Seen only when the guard accepted the write (see #read).
    if (written !== UNAVAILABLE) this.#seenStamp = stamp;
    return written;
  }

  /** No store call from now on; resolves once the calls in flight have settled. */
  close(): Promise<void> {
    return this.#guard.close();
  }

  /**
   * Decides, before a refresh, whether this instance should ask the upstream: not when a list
   * younger than `within` is held or in the store, and otherwise only when it wins the lease, so
   * the fleet makes one call per refresh however many instances ask at once (forced refreshes
   * included). An instance that lost the lease and `needsNewer` waits for the winner's list, for
   * as long as the lease lasts; one that does not serves its own list meanwhile.
   */
  async claim(known: number | undefined, { within, needsNewer }: ClaimTerms): Promise<Claim> {
    const shared = await this.latest(known);
    const newest = shared?.refreshedAt ?? known;
    if (newest !== undefined && Date.now() - newest < within) return withList({ upstream: false }, shared);

    const { result: lease, token } = await this.#lease();
    if (lease === 'won') {
      // Checked again under the lease: another instance may have fetched, saved and released it
      // between the read above and now, and its list makes this call unnecessary.
      const since = await this.latest(newest);
      if (since && Date.now() - since.refreshedAt < within) {
        await this.release(token);
        return { upstream: false, list: since };
      }
    }
    if (lease !== 'taken') return withList({ upstream: true, lease: token }, shared);
    if (!needsNewer && newest !== undefined) return withList({ upstream: false }, shared);
    for (let step = 0; step < Math.ceil(this.#leaseTime() / WAIT_STEP); step += 1) {
      await sleep(WAIT_STEP);
      const list = await this.#read();
      if (list === UNAVAILABLE) break;
      if (list && (newest === undefined || list.refreshedAt > newest)) return { upstream: false, list };
      // The winner handed the lease back: without a list (its refresh failed) this one tries now
      // instead of waiting out a lease nobody holds. Its list may have landed between the read
      // above and winning the lease, so the store is read once more under the lease.
      const retry = await this.#lease();
      if (retry.result === 'won') {
        const landed = await this.#read();
        if (landed === UNAVAILABLE || landed === undefined || (newest !== undefined && landed.refreshedAt <= newest)) return { upstream: true, lease: retry.token };
        await this.release(retry.token);
        return { upstream: false, list: landed };
      }
    }
    return { upstream: true };
  }

  /**
   * Hands the lease back once the list is in the store, so the next TTL window's refresh need not
   * wait for it to expire. Only by the holding that won it (`token`): a refresh that found the
   * lease held by this instance's other work must not end that work's lease.
   */
  async release(token: LeaseToken | undefined): Promise<void> {
    if (token === undefined || this.#held?.token !== token) return;
    this.#held = undefined;
    await this.#guard.run(async (store) => {
      const key = (await this.#keys).lease;
      const redis = await redisClientOf(store);
      if (redis) {
        // Compare-and-delete in one step, so a lease that expired and went to another instance stays theirs.
        await redis.eval(RELEASE_SCRIPT, { keys: [key], arguments: [this.#owner] });
      } else if (readLease(await store.get(key))?.owner === this.#owner) {
        await store.delete?.(key);
      }
    });
  }

  /** `won` (with the token that releases it), `taken` by another instance, or `none` when the store cannot tell. */
  async #lease(): Promise<{ result: 'won' | 'taken' | 'none'; token?: LeaseToken }> {
    // Held already by this instance (a refresh, or #heal): taken for the other one, and left
    // held, so that whichever holds it hands it back (or it expires).
    if (this.#held !== undefined && Date.now() < this.#held.until) return { result: 'taken' };
    const ttl = this.#leaseTime();
    const result = await this.#guard.run(async (store) => {
      const key = (await this.#keys).lease;
      const redis = await redisClientOf(store);
      // Redis `SET NX PX` is atomic: exactly one instance of the fleet wins.
      if (redis) return (await redis.set(key, this.#owner, { NX: true, PX: ttl })) === null ? 'taken' : 'won';
      // Anywhere else a lease can only be best effort: read, write, read back. Two instances
      // racing within one round trip may both win, which costs one extra upstream call.
      // The deadline travels inside the value, so a store that ignores `ttl` cannot strand it.
      const held = readLease(await store.get(key));
      if (held && held.owner !== this.#owner && held.until > Date.now()) return 'taken';
      await store.set(key, { owner: this.#owner, until: Date.now() + ttl }, ttl);
      const after = readLease(await store.get(key));
      return after && after.owner !== this.#owner ? 'taken' : 'won';
    });
    if (result !== 'won') return { result: result === UNAVAILABLE ? 'none' : result };
    // Only ever set here: a concurrent call of this instance that lost must not clear it.
    const token: LeaseToken = {};
    this.#held = { token, until: Date.now() + ttl };
    return { result, token };
  }

  /** Long enough for the winner to fetch (bounded by `timeout`) and write the list. */
  #leaseTime(): number {
    return Math.min(this.#settings.timeout + 2 * this.#settings.storeTimeout, MAX_LEASE_TIME);
  }

  #garbage(what: string): undefined {
    if (!this.#warnedGarbage) {
      this.#warnedGarbage = true;
      this.#settings.log('warn', `the shared store holds a ${what} that is not what this library writes; ignoring it until the next refresh overwrites it.`);
    }
    return undefined;
  }
}

/** What a read answers when the store lost the list or holds an older one than this instance. */
const BEHIND: unique symbol = Symbol('store behind');

const MAX_STAMP_LENGTH = 100;

/**
 * A stored list as this library writes it, or undefined: the version, a plausible stamp (a safe
 * integer, positive, not past the clock's skew), at most `maxModels` models each fitting
 * `modelSchema` with a usable id. Copied model by model (known fields only), so whatever else a
 * shared store holds never reaches a snapshot. Checked by hand, not by zod: see model/check.ts.
 */
export function readEntry(raw: unknown, maxModels: number): SharedEntry | undefined {
  if (!isObject(raw) || raw.v !== ENTRY_VERSION) return undefined;
  const { refreshedAt, models: list } = raw;
  if (typeof refreshedAt !== 'number' || !Number.isSafeInteger(refreshedAt) || refreshedAt <= 0 || refreshedAt > Date.now() + MAX_CLOCK_SKEW) return undefined;
  if (!Array.isArray(list) || list.length > maxModels) return undefined;
  const models: Model[] = [];
  for (const item of list) {
    const model = parseModel(item);
    if (!model || !isUsableId(model.id)) return undefined;
    models.push(model);
  }
  return { refreshedAt, models };
}

/** A lease as this library writes it (`{ owner, until }`), or undefined. */
function readLease(raw: unknown): { owner: string; until: number } | undefined {
  if (!isObject(raw) || typeof raw.owner !== 'string' || typeof raw.until !== 'number' || !Number.isFinite(raw.until)) return undefined;
  return { owner: raw.owner, until: raw.until };
}

function withList(claim: Claim, list: SharedEntry | undefined): Claim {
  return list ? { ...claim, list } : claim;
}

interface RedisLike {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** The Redis client behind a Keyv instance using `@keyv/redis`, found by shape so it is never imported. */
async function redisClientOf(store: Store): Promise<RedisLike | undefined> {
  const adapter = (store as { store?: unknown }).store ?? store;
  const candidate = adapter as { opts?: { dialect?: unknown }; getClient?: () => Promise<unknown> };
  if (candidate.opts?.dialect !== 'redis' || typeof candidate.getClient !== 'function') return undefined;
  const client = (await candidate.getClient()) as Partial<RedisLike> | undefined;
  return typeof client?.set === 'function' && typeof client.eval === 'function' ? (client as RedisLike) : undefined;
}

/** The refresh time a stamp starts with (see save); NaN for a stamp this library did not write. */
/** The refresh time a stamp of ours starts with; NaN for any other (compared with nothing). */
function stampTime(stamp: string): number {
  const dot = stamp.indexOf('.');
  return dot > 0 ? Number(stamp.slice(0, dot)) : Number.NaN;
}

// Not unref'd: a caller awaits it, and a script whose only work is that wait must not exit.
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function finiteOr<T>(value: number, otherwise: T): number | T {
  return Number.isFinite(value) ? value : otherwise;
}

function randomToken(): string {
  return crypto.randomUUID();
}
