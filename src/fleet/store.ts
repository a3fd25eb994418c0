import type { SafeLog } from '../security/safe-log.js';
import { raceAbort, startDeadline } from '../upstream/deadline.js';

/**
 * Where instances share their list: Keyv's `get` / `set` / `delete`, so a Keyv instance fits
 * (`new Keyv(new KeyvRedis(url))` for Redis), as does any object with these methods. `set`
 * takes a time to live in milliseconds; values are plain JSON-compatible objects and strings.
 */
export interface Store {
  get(key: string): unknown;
  set(key: string, value: unknown, ttl?: number): unknown;
  delete?(key: string): unknown;
}

/** How long a store that failed is left alone before one call probes it again, in the background. */
export const STORE_RETRY_INTERVAL = 1_000;

/** What a guarded call answers when the store failed, is known to be down, or was closed. */
export const UNAVAILABLE: unique symbol = Symbol('store unavailable');

/**
 * Every store call goes through here: bounded by `storeTimeout`, never throwing, and while the
 * store is down answering at once from memory (a dead Redis must not add its timeout to every
 * read). One line is logged when the outage starts and one when it ends, never one per request.
 */
export class GuardedStore {
  readonly #store: Store;
  readonly #timeout: number;
  readonly #log: SafeLog;
  readonly #probe: (store: Store) => unknown;
  readonly #inFlight = new Set<Promise<unknown>>();
  #down = false;
  #downSince = 0;
  #probedAt = 0;
  #probing = false;
  #closed = false;

  /** `probe` tells whether the store answers again; it runs in the background, at most once a `STORE_RETRY_INTERVAL`. */
  constructor(store: Store, timeout: number, log: SafeLog, probe: (store: Store) => unknown) {
    this.#store = store;
    this.#timeout = timeout;
    this.#log = log;
    this.#probe = probe;
  }

  /**
   * Runs `work` against the store. `always` lets it through while the store is down (a forced
   * refresh's list, which the caller would rather wait for than lose to the fleet).
   */
  async run<T>(work: (store: Store) => T | Promise<T>, always = false): Promise<T | typeof UNAVAILABLE> {
    if (this.#closed) return UNAVAILABLE;
    if (this.#down && !always) {
      this.#probeInBackground();
      return UNAVAILABLE;
    }
    try {
      const result = await this.#track(work);
      if (this.#down) this.#up();
      return result;
    } catch (error) {
      // Calls already in flight when the store went down fail together: one line for all of them.
      if (!this.#down) {
        this.#down = true;
        this.#downSince = Date.now();
        this.#probedAt = Date.now();
        this.#log(
          'warn',
          `the shared store failed (${reasonOf(error, this.#timeout)}); serving this instance's own copy of the list until the store is back.`,
        );
      }
      return UNAVAILABLE;
    }
  }

  /** When the current outage started; undefined while the store answers. */
  get downSince(): number | undefined {
    return this.#down ? this.#downSince : undefined;
  }

  /** No call reaches the store any more; resolves once the calls in flight have settled (each within `storeTimeout`). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
  }

  #probeInBackground(): void {
    if (this.#probing || Date.now() - this.#probedAt < STORE_RETRY_INTERVAL) return;
    this.#probing = true;
    this.#probedAt = Date.now();
    this.#track(this.#probe)
      .then(
        () => {
          if (this.#down && !this.#closed) this.#up();
        },
        () => {},
      )
      .finally(() => {
        this.#probing = false;
      });
  }

  #up(): void {
    this.#down = false;
    this.#log('info', 'the shared store answers again; the list is shared with the other instances again.');
  }

  /** A bounded call, counted while in flight so that close() can wait for it. */
  #track<T>(work: (store: Store) => T | Promise<T>): Promise<T> {
    const call = this.#bounded(work);
    this.#inFlight.add(call);
    void call.then(
      () => this.#inFlight.delete(call),
      () => this.#inFlight.delete(call),
    );
    return call;
  }

  async #bounded<T>(work: (store: Store) => T | Promise<T>): Promise<T> {
    // A call that throws synchronously is a failure like any other.
    const call = Promise.resolve().then(() => work(this.#store));
    const deadline = startDeadline(this.#timeout);
    try {
      return await raceAbort(call, deadline.signal);
    } catch (error) {
      throw deadline.signal.aborted ? new StoreTimeout() : error;
    } finally {
      deadline.clear();
    }
  }
}

class StoreTimeout extends Error {}

function reasonOf(error: unknown, timeout: number): string {
  if (error instanceof StoreTimeout) return `no answer within ${timeout} ms, \`storeTimeout\``;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // One line, short: a store's error can carry a whole server reply.
  return text.split('\n', 1)[0]!.slice(0, 200);
}
