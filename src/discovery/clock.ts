/**
 * A clock read at most once per `resolution` ms, as lru-cache's `ttlResolution`: on some virtual
 * machines `Date.now()` costs 100-250 ns, more than the rest of a cache hit. The value handed out
 * is a real earlier reading, so staleness is noticed up to `resolution` late, never early (later
 * only while the event loop is too busy to run the timer that drops it, as in lru-cache). It is
 * forgotten by a timer, so only where timers belong to the process (Node, Bun); where a platform
 * drops a request's timers with its response (Cloudflare Workers) the cached value could outlive
 * its timer, so there, and with a `resolution` of 0, every call reads the clock.
 */
export class CoarseClock {
  #cached = 0;
  #stopped = false;
  readonly #resolution: number;
  readonly #forget = () => {
    if (!this.#stopped) this.#cached = 0;
  };

  constructor(resolution: number) {
    this.#resolution = resolution > 0 && timersOutliveRequests() ? resolution : 0;
  }

  /**
   * From now on `now()` answers `Infinity`: every deadline compared with it has passed. What a
   * closed `ModelDiscovery` does to the clock its tenant views share, so that none of them, held or
   * not, answers a warm read after it; free for the reads themselves.
   */
  stop(): void {
    this.#stopped = true;
    this.#cached = Infinity;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  now(): number {
    if (this.#cached !== 0) return this.#cached;
    const now = Date.now();
    if (this.#resolution > 0) {
      this.#cached = now;
      // unref'd: a cached time must not hold a short-lived process open.
      (setTimeout(this.#forget, this.#resolution) as { unref?: () => void }).unref?.();
    }
    return now;
  }
}

/**
 * Whether a timer outlives the request that set it: a timer handle with `unref()` is Node's or
 * Bun's, whose timers belong to the process. Cloudflare Workers (even with Node compatibility) say
 * who they are in `navigator.userAgent`.
 */
export function timersOutliveRequests(): boolean {
  known ??= detect();
  return known;
}

let known: boolean | undefined;

function detect(): boolean {
  if ((globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers') return false;
  const timer = setTimeout(() => {}, 0) as unknown;
  clearTimeout(timer as ReturnType<typeof setTimeout>);
  return typeof (timer as { unref?: unknown } | null)?.unref === 'function';
}
