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

/** How long a store that failed is left alone before one read probes it again, in the background. */
export const STORE_RETRY_INTERVAL = 1_000;

/** What a guarded call answers when the store failed or is known to be down. */
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
  #down = false;
  #probedAt = 0;
  #probing = false;

  constructor(store: Store, timeout: number, log: SafeLog, probe: (store: Store) => unknown) {
    this.#store = store;
    this.#timeout = timeout;
    this.#log = log;
    this.#probe = probe;
  }

  async run<T>(work: (store: Store) => T | Promise<T>): Promise<T | typeof UNAVAILABLE> {
    if (this.#down) {
      this.#probeInBackground();
      return UNAVAILABLE;
    }
    try {
      return await this.#bounded(work);
    } catch (error) {
      // Calls already in flight when the store went down fail together: one line for all of them.
      if (!this.#down) {
        this.#down = true;
        this.#probedAt = Date.now();
        this.#log(
          'warn',
          `the shared store failed (${reasonOf(error, this.#timeout)}); serving this instance's own copy of the list until the store is back.`,
        );
      }
      return UNAVAILABLE;
    }
  }

  #probeInBackground(): void {
    if (this.#probing || Date.now() - this.#probedAt < STORE_RETRY_INTERVAL) return;
    this.#probing = true;
    this.#probedAt = Date.now();
    this.#bounded(this.#probe).then(
      () => {
        this.#down = false;
        this.#log('info', 'the shared store answers again; the list is shared with the other instances again.');
      },
      () => {},
    ).finally(() => {
      this.#probing = false;
    });
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
