/**
 * A clock read at most once per `resolution` ms, as lru-cache's `ttlResolution`: on some virtual
 * machines `Date.now()` costs 100-250 ns, more than the rest of a cache hit. It counts from its
 * own `epoch`, so that its times are small integers (for about 24 days), which V8 keeps unboxed
 * in an object's field, where a `Date.now()` value, a double, is a separate heap object that a
 * warm read would follow (and miss in the CPU's cache, a thousand tenant views apart). Past that
 * they are doubles: only slower, never wrong. The value handed out
 * is a real earlier reading, so staleness is noticed up to `resolution` late, never early (later
 * only while the event loop is too busy to run the timer that drops it, as in lru-cache). It is
 * forgotten by a timer, so only where timers belong to the process (Node, Bun); where a platform
 * drops a request's timers with its response (Cloudflare Workers) the cached value could outlive
 * its timer, so there, and with a `resolution` of 0, every call reads the clock.
 */
export class CoarseClock {
  // undefined: none (0 is a time, the clock's first millisecond).
  #cached: number | undefined;
  #stopped = false;
  /** The `Date.now()` this clock counts from: its time `t` is `epoch + t` ms since 1970. */
  readonly epoch = Date.now();
  readonly #resolution: number;
  readonly #forget = () => {
    if (!this.#stopped) this.#cached = undefined;
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

  /** Milliseconds since `epoch`, read at most `resolution` ms ago. */
  now(): number {
    const cached = this.#cached;
    if (cached !== undefined) return cached;
    const now = this.exact();
    if (this.#resolution > 0) {
      this.#cached = now;
      // unref'd: a cached time must not hold a short-lived process open.
      (setTimeout(this.#forget, this.#resolution) as { unref?: () => void }).unref?.();
    }
    return now;
  }

  /** Milliseconds since `epoch`, read now. */
  exact(): number {
    // Math.floor, though the difference is whole already: a difference of two doubles is a double,
    // which V8 stores boxed; the floor of one is handed back as a small integer where it fits.
    return Math.floor(Date.now() - this.epoch);
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
