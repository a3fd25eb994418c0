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
}

export interface SharedListSettings {
  store: Store;
  storeTimeout: number;
  ttl: number;
  timeout: number;
  minRefreshInterval: number;
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
  #leased = false;

  constructor(settings: SharedListSettings) {
    this.#settings = settings;
    this.#keys = storeKeys(settings.identity);
    this.#guard = new GuardedStore(settings.store, settings.storeTimeout, settings.log, async (store) => store.get((await this.#keys).stamp));
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

  #read(): Promise<SharedEntry | undefined | typeof UNAVAILABLE> {
    return this.#guard.run(async (store) => {
      const keys = await this.#keys;
      const stamp = await store.get(keys.stamp);
      if (stamp === undefined || stamp === null || stamp === this.#seenStamp) return undefined;
      if (typeof stamp !== 'string' || stamp.length < 1 || stamp.length > MAX_STAMP_LENGTH) return this.#garbage('stamp');
      const raw = await store.get(keys.entry);
      if (raw === undefined || raw === null) return undefined;
      const entry = readEntry(raw, this.#settings.maxModels);
      if (!entry) return this.#garbage('list');
      this.#seenStamp = stamp;
      this.#warnedGarbage = false;
      return entry;
    });
  }

  /** Shares a list the upstream just sent. Resolves once the store has it, or has failed. */
  async save(list: SharedEntry): Promise<void> {
    const stamp = `${list.refreshedAt}.${randomToken()}`;
    const lifetime = finiteOr(Math.max(MIN_ENTRY_LIFETIME, 2 * this.#settings.ttl), undefined);
    await this.#guard.run(async (store) => {
      const keys = await this.#keys;
      // The list first, then the stamp that makes other instances read it.
      if ((await store.set(keys.entry, { v: ENTRY_VERSION, refreshedAt: list.refreshedAt, models: list.models }, lifetime)) === false) throw new Error('the store refused the list');
      if ((await store.set(keys.stamp, stamp, lifetime)) === false) throw new Error('the store refused the stamp');
      this.#seenStamp = stamp;
    });
  }

  /**
   * Decides, before a refresh, whether this instance should ask the upstream. A forced refresh
   * reuses a list another instance fetched within `minRefreshInterval`; a TTL refresh reuses any
   * fresh list and otherwise asks only when it wins the lease. Without a list of its own, an
   * instance that lost the lease waits for the winner's list, for as long as the lease lasts.
   */
  async claim(known: number | undefined, forced: boolean): Promise<Claim> {
    const { ttl, minRefreshInterval } = this.#settings;
    const shared = await this.latest(known);
    const newest = shared?.refreshedAt ?? known;
    const within = forced ? minRefreshInterval : ttl;
    if (newest !== undefined && Date.now() - newest < within) return withList({ upstream: false }, shared);
    if (forced) return withList({ upstream: true }, shared);

    const lease = await this.#lease();
    if (lease === 'won') {
      // Checked again under the lease: another instance may have fetched, saved and released it
      // between the read above and now, and its list makes this call unnecessary.
      const since = await this.latest(newest);
      if (since && Date.now() - since.refreshedAt < within) {
        await this.release();
        return { upstream: false, list: since };
      }
    }
    if (lease !== 'taken') return withList({ upstream: true }, shared);
    if (newest !== undefined) return withList({ upstream: false }, shared);
    for (let step = 0; step < Math.ceil(this.#leaseTime() / WAIT_STEP); step += 1) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP));
      const list = await this.#read();
      if (list === UNAVAILABLE) break;
      if (list) return { upstream: false, list };
      // The winner handed the lease back: without a list (its refresh failed) this one tries now
      // instead of waiting out a lease nobody holds. Its list may have landed between the read
      // above and winning the lease, so the store is read once more under the lease.
      if ((await this.#lease()) === 'won') {
        const landed = await this.#read();
        if (landed === UNAVAILABLE || landed === undefined) return { upstream: true };
        await this.release();
        return { upstream: false, list: landed };
      }
    }
    return { upstream: true };
  }

  /** Hands the lease back once the list is in the store, so the next TTL window's refresh need not wait for it to expire. */
  async release(): Promise<void> {
    if (!this.#leased) return;
    this.#leased = false;
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

  /** `won`, `taken` by another instance, or `none` when the store cannot tell. */
  async #lease(): Promise<'won' | 'taken' | 'none'> {
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
    this.#leased = result === 'won';
    return result === UNAVAILABLE ? 'none' : result;
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

function finiteOr<T>(value: number, otherwise: T): number | T {
  return Number.isFinite(value) ? value : otherwise;
}

function randomToken(): string {
  return crypto.randomUUID();
}
