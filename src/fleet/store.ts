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

/** How long a store that failed is left alone before one call tries it again. */
export const STORE_RETRY_INTERVAL = 1_000;

/** What a guarded call answers when the store failed, is known to be down, or was closed. */
export const UNAVAILABLE: unique symbol = Symbol('store unavailable');

/**
 * Every store call goes through here: bounded by `storeTimeout`, never throwing, and while the
 * store is down answering at once from memory (a dead Redis must not add its timeout to every
 * read). Once a `STORE_RETRY_INTERVAL` has passed, the next call is let through as the probe: the
 * first read after the store is back is served from it, not from this instance's own copy. One
 * line is logged when the outage starts and one when it ends, never one per request.
 */
export class GuardedStore {
  readonly #store: Store;
  readonly #timeout: number;
  readonly #log: SafeLog;
  readonly #inFlight = new Set<Promise<unknown>>();
  #down = false;
  #downSince = 0;
  #failedAt = 0;
  #probing = false;
  #closed = false;

  constructor(store: Store, timeout: number, log: SafeLog) {
    this.#store = store;
    this.#timeout = timeout;
    this.#log = log;
  }

  /**
   * Runs `work` against the store. `always` lets a write through while the store is down: a
   * list that never lands is lost to the fleet, whereas one write more costs at most `storeTimeout`.
   */
  async run<T>(work: (store: Store) => T | Promise<T>, always = false): Promise<T | typeof UNAVAILABLE> {
    if (this.#closed) return UNAVAILABLE;
    const probe = this.#down && !always;
    if (probe) {
      if (this.#probing || Date.now() - this.#failedAt < STORE_RETRY_INTERVAL) return UNAVAILABLE;
      this.#probing = true;
    }
    const call = this.#bounded(work);
    this.#inFlight.add(call);
    try {
      const result = await call;
      if (this.#down) {
        this.#down = false;
        this.#log('info', 'the shared store answers again; the list is shared with the other instances again.');
      }
      return result;
    } catch (error) {
      // Calls already in flight when the store went down fail together: one line for all of them.
      if (!this.#down) {
        this.#down = true;
        this.#downSince = Date.now();
        this.#log(
          'warn',
          `the shared store failed (${reasonOf(error, this.#timeout)}); serving this instance's own copy of the list until the store is back.`,
        );
      }
      this.#failedAt = Date.now();
      return UNAVAILABLE;
    } finally {
      this.#inFlight.delete(call);
      if (probe) this.#probing = false;
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
