/** The longest delay `setTimeout` keeps (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_DELAY = 2_147_483_647;

/** A signal that aborts when time is up (or when any signal it was joined with aborts). */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Ends the timer once the work is done, so nothing is left scheduled. */
  clear(): void;
}

/**
 * The one deadline of this library: aborts after `ms` with a `TimeoutError`, or as soon as any of
 * `also` aborts (`AbortSignal.any`). The timer is a plain `setTimeout` rather than
 * `AbortSignal.timeout()`, whose clock no fake timer can drive: the tests simulate hours of
 * flapping gateways on a fake clock, and a host may do the same.
 */
export function startDeadline(ms: number, ...also: Array<AbortSignal | undefined>): Deadline {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  const joined = also.filter((signal): signal is AbortSignal => signal !== undefined);
  return {
    signal: joined.length === 0 ? timer.signal : AbortSignal.any([timer.signal, ...joined]),
    clear: () => clearTimeout(handle),
  };
}

/**
 * Settles as `work` does, or rejects with the signal's reason as soon as it aborts, whichever is
 * first. The work itself is not cancelled (it may be shared with other callers, or be a `fetch`
 * that ignores its signal); the one listener added is removed when the race is over, so a long
 * refresh of many pages leaves none behind.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs `work` with a signal of its own that aborts with `signal`, and stops following `signal`
 * once the work has settled. For a request whose sender keeps a listener on the signal it is
 * given (Node's `fetch` keeps one until the request is collected, so a signal shared by a list's
 * pages would gather one per page; the SDK, when it was given the signal, warned after ten). Not
 * `AbortSignal.any([signal])`, which on Node 20 costs weak references and a finalizer per call.
 *
 * Once `signal` has aborted, `work` does not run at all and this rejects with its reason: every
 * request of a refresh (each page, each enrichment call) goes through here, and a `fetch` that
 * ignores its signal would otherwise be sent request after request once the refresh had given up
 * (raceAbort).
 */
export async function withOwnSignal<T>(signal: AbortSignal, work: (own: AbortSignal) => Promise<T>): Promise<T> {
  signal.throwIfAborted();
  const own = new AbortController();
  const abort = () => own.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  try {
    return await work(own.signal);
  } finally {
    signal.removeEventListener('abort', abort);
  }
}
