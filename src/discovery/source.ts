import { createError, isModelDiscoveryError, NetworkError, type ModelDiscoveryError, type NotConfiguredError } from '../errors/errors.js';
import { SharedList, type ClaimTerms, type LeaseToken } from '../fleet/shared-list.js';
import type { Store } from '../fleet/store.js';
import { markDeduped } from '../model/dedupe.js';
import { KEEP_ALL } from '../model/filter.js';
import { MAX_ID_LENGTH } from '../model/normalize.js';
import type { Model, SourceStatus } from '../model/schema.js';
import type { Redactor } from '../security/redact.js';
import type { SafeLog } from '../security/safe-log.js';
import type { SourceEndpoint } from '../upstream/dialect.js';
import { DIALECTS } from '../upstream/dialects/index.js';
import { MAX_TIMER_DELAY } from '../upstream/deadline.js';
import { Upstream } from '../upstream/list.js';
import type { TenantLimit } from './tenants.js';
import type { RefreshEvent } from './events.js';
import { freezeModels } from './freeze.js';
import type { ResolvedSource, WaitUntil } from './options.js';

/** A list as one source holds it. */
export interface Held {
  /** Filtered, prefixed and marked with the source: as the snapshot shows them. */
  models: readonly Model[];
  refreshedAt: number;
}

export interface SourceSettings {
  source: ResolvedSource;
  endpoint: SourceEndpoint | NotConfiguredError;
  ttl: number;
  minRefreshInterval: number;
  /** The background refresh's period, when on: a fleet's instances reuse a list younger than half of it. */
  refreshInterval: number | undefined;
  failureBackoff: number;
  maxBodyBytes: number;
  maxPages: number;
  fetch: typeof globalThis.fetch | undefined;
  store: Store | undefined;
  storeTimeout: number;
  /** The instance's filter, on the ids as the snapshot shows them. */
  keep: (model: Model) => boolean;
  /** Whether models carry `source` (and events name it): true when built with `sources`. */
  named: boolean;
  redactor: Redactor;
  log: SafeLog;
  onRefresh: ((event: RefreshEvent) => void) | undefined;
  /** Called on every change of state, so the instance knows its snapshot must be rebuilt. */
  changed: () => void;
  /** The instance's `waitUntil`, used when a call brings none. */
  waitUntil: WaitUntil | undefined;
  /**
   * A tenant view's: the limiter every tenant's upstream call waits its turn in (p-limit), so
   * that a thousand cold tenants cannot open a thousand requests to one gateway at once.
   */
  limit?: TenantLimit | undefined;
  /**
   * A tenant view's: after an `unauthorized` answer, even a forced refresh is not sent again
   * within `failureBackoff`, so a client hammering refresh with a wrong key cannot hammer the
   * gateway (and get the host's address rate-limited for every other tenant).
   */
  holdUnauthorized?: boolean;
}

/** Why a refresh runs: a read (no list, or past the TTL), `refresh()`, or the `refreshInterval` timer. */
type RefreshKind = 'read' | 'forced' | 'interval';

/** The refresh in flight, and the time by which it has settled if whatever runs it is alive. */
interface Flight {
  promise: Promise<void>;
  /** Pushed back when a tenant's refresh leaves the limiter's queue: waiting there is not dying. */
  settleBy: number;
}

// How long past its own deadline (and the store's) a refresh may take before it counts as dead:
// room for the SDK's first import (not counted by the deadline) and a busy event loop. A live
// refresh taken for dead costs one extra upstream call; a dead one waited for costs this wait.
const SETTLE_GRACE = 2_000;

// How long a forced refresh waits for a shared store that did not take its list: long enough for
// a Redis client to reconnect after a restart (node-redis through @keyv/redis backs off at most 2 s),
// so the fleet sees the list on its next read. Only a forced refresh waits: its caller asked for it.
const PUBLISH_PATIENCE = 2_500;

/**
 * One source's cache: its list, TTL, single flight, failure backoff, forced-refresh coalescing
 * and shared-store entry. Nothing here throws or rejects for an upstream problem: a failure is
 * state (`error`), and the held list stays until a newer one replaces it.
 */
export class Source {
  readonly name: string;
  readonly timeout: number;
  readonly #settings: SourceSettings;
  readonly #ttl: number;
  readonly #upstream: Upstream | undefined;
  readonly #shared: SharedList | undefined;

  held: Held | undefined;
  error: ModelDiscoveryError | undefined;
  #failedAt: number | undefined;
  #lastCallAt: number | undefined;
  #flight: Flight | undefined;
  // Forced refreshes that joined a refresh which may turn out dead: how much longer than usual
  // their caller waits (see bounded).
  readonly #longerWaits = new WeakMap<Promise<void>, number>();
  #warnedNotConfigured = false;
  #waiting: { work: Promise<void>; wait: Promise<void> } | undefined;
  // Aborts the upstream request in flight on close(), so no deadline timer outlives the instance.
  readonly #closer = new AbortController();

  constructor(settings: SourceSettings) {
    this.#settings = settings;
    this.#ttl = settings.ttl;
    const { source, endpoint } = settings;
    this.name = source.name;
    this.timeout = source.timeout;
    if (isModelDiscoveryError(endpoint)) {
      this.error = settings.redactor.leaks(endpoint.message) ? createError(endpoint.code, settings.redactor.redact(endpoint.message)) : endpoint;
    } else {
      const dialect = DIALECTS[source.dialect];
      this.#upstream = new Upstream({
        endpoint,
        dialect,
        timeout: source.timeout,
        maxBodyBytes: settings.maxBodyBytes,
        maxPages: settings.maxPages,
        maxModels: source.maxModels,
        fetch: settings.fetch,
        redactor: settings.redactor,
        warn: (message) => settings.log('warn', message),
      });
      if (settings.store) {
        this.#shared = new SharedList({
          store: settings.store,
          storeTimeout: settings.storeTimeout,
          ttl: settings.ttl,
          timeout: source.timeout,
          maxModels: source.maxModels,
          identity: { baseURL: endpoint.baseURL, dialect: dialect.name, request: dialect.request(endpoint, undefined) },
          log: settings.log,
        });
      }
    }
  }

  /** Where this source's list is asked for, safe to show; null when not configured. */
  get url(): string | null {
    return this.#upstream?.url ?? null;
  }

  get configured(): boolean {
    return this.#upstream !== undefined;
  }

  /** True when a store is shared: every read then asks it for a newer list. */
  get shared(): boolean {
    return this.#shared !== undefined;
  }

  /**
   * Waits for `work` (this source's refresh) at most this source's `timeout` (plus what the store
   * may add), counted from when the refresh's deadline starts, that is once a shared store has
   * said this instance should ask the upstream and the SDK is loaded: a cold read is never held
   * hostage by one source. The refresh goes on after the wait ends; the source shows `pending`.
   * A forced refresh that joined another caller's refresh waits longer: until that refresh would
   * have settled if alive, then for its own (see #join).
   */
  bounded(work: Promise<void>): Promise<void> {
    // One wait per refresh, shared by every caller joining it: a thousand cold callers cost one
    // timer, and a later caller's wait ends no later than its own would have.
    if (this.#waiting?.work === work) return this.#waiting.wait;
    const wait = this.#boundedWait(work);
    this.#waiting = { work, wait };
    return wait;
  }

  async #boundedWait(work: Promise<void>): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    // Clamped: setTimeout fires at once past 2^31-1 ms, and a refresh still queued behind other
    // tenants' may be joined with that long a wait (see #start).
    const ms = Math.min(MAX_TIMER_DELAY, this.timeout + (this.#shared ? 2 * this.#settings.storeTimeout : 0) + (this.#longerWaits.get(work) ?? 0));
    // A tenant's refresh may wait its turn behind other tenants' (the limiter): its caller's wait
    // starts at once, so a busy queue answers `pending` after `timeout` instead of holding the read.
    const started = this.#settings.limit ? Promise.resolve() : (this.#upstream?.ready() ?? Promise.resolve());
    const waited = started.then(
      () =>
        new Promise<void>((resolve) => {
          // No timer once the work is over: a stray one would hold a short-lived process open.
          if (!done) timer = setTimeout(resolve, ms);
        }),
    );
    try {
      await Promise.race([work, waited]);
    } finally {
      done = true;
      clearTimeout(timer);
    }
  }

  /** Holds a list within its TTL and its last refresh did not fail: a read has nothing to do. */
  isFresh(now: number): boolean {
    const held = this.held;
    return held !== undefined && this.error === undefined && now - held.refreshedAt < this.#ttl;
  }

  /** Until when `isFresh()` holds, as things are now: never, without a fresh list. */
  freshUntil(): number {
    const held = this.held;
    return held !== undefined && this.error === undefined ? held.refreshedAt + this.#ttl : -Infinity;
  }

  /** Whether a refresh is running, so a read that waits joins it rather than starting one. */
  get inFlight(): boolean {
    return this.#flight !== undefined;
  }

  isStale(now: number): boolean {
    const held = this.held;
    return held !== undefined && (this.error !== undefined || now - held.refreshedAt >= this.#settings.ttl);
  }

  status(now: number): SourceStatus {
    if (!this.#upstream) return 'not_configured';
    if (this.held) return this.isStale(now) ? 'stale' : 'fresh';
    return this.error ? 'down' : 'pending';
  }

  /**
   * A read. With a list held, starts one background refresh once the TTL is over (stale while
   * revalidate) and returns nothing to wait for. Without one, starts (or joins) the refresh and
   * returns it, unless the source is backing off after a failure; after a failure it is returned
   * only when `waitAfterFailure` (no other source has a list to show meanwhile).
   */
  read(now: number, waitAfterFailure: boolean, waitUntil: WaitUntil | undefined): Promise<void> | undefined {
    if (!this.#upstream) {
      this.#warnNotConfigured();
      return undefined;
    }
    const held = this.held;
    if (held) {
      if (now - held.refreshedAt >= this.#settings.ttl && !this.#inBackoff(now)) this.#refreshBehind(now, 'read', waitUntil);
      return undefined;
    }
    if (this.#inBackoff(now)) return undefined;
    const failedBefore = this.error !== undefined;
    const work = this.#refreshOnce('read', waitUntil);
    return !failedBefore || waitAfterFailure ? work : undefined;
  }

  /** Asks the upstream now, joining a refresh in flight or reusing one from the last `minRefreshInterval`. */
  forcedRefresh(waitUntil: WaitUntil | undefined): Promise<void> {
    if (!this.#upstream) {
      this.#warnNotConfigured();
      return Promise.resolve();
    }
    const now = Date.now();
    if (this.#settings.holdUnauthorized && this.error?.code === 'unauthorized' && this.#inBackoff(now)) return Promise.resolve();
    const recent = this.#lastCallAt !== undefined && now - this.#lastCallAt < this.#settings.minRefreshInterval;
    const flight = this.#flight;
    if (recent && !flight) return Promise.resolve();
    const work = this.#refreshOnce('forced', waitUntil);
    // Joining a refresh that may be dead (its request ended): the caller waits until that shows,
    // plus its own refresh's time, rather than being answered stale while nothing refreshes.
    // With a store, it also waits while its list is published to a store that is coming back.
    const longer = (flight ? Math.max(0, flight.settleBy - now) : 0) + (this.#shared ? PUBLISH_PATIENCE : 0);
    if (longer > 0) this.#longerWaits.set(work, longer);
    return work;
  }

  /** The `refreshInterval` timer's refresh: in the background, unless one runs or the source is backing off. */
  refreshInBackground(waitUntil: WaitUntil | undefined): void {
    const now = Date.now();
    if (this.#upstream && !this.#closer.signal.aborted && !this.#inBackoff(now)) this.#refreshBehind(now, 'interval', waitUntil);
  }

  /** Starts no refresh and no store call from now on; the upstream request in flight is abandoned. */
  close(): Promise<void> {
    this.#closer.abort();
    return this.#shared?.close() ?? Promise.resolve();
  }

  /**
   * Single flight: joins the refresh in flight, or starts one. (Not p-memoize: it shares a promise
   * until that promise settles, and on Cloudflare Workers a refresh can be left never settling,
   * see #join.)
   */
  #refreshOnce(kind: RefreshKind, waitUntil: WaitUntil | undefined): Promise<void> {
    const flight = this.#flight;
    return flight ? this.#join(flight, kind, waitUntil) : this.#start(kind, waitUntil);
  }

  /** A stale read's or the timer's refresh: started behind the answer and never waited for, so nothing to join. */
  #refreshBehind(now: number, kind: RefreshKind, waitUntil: WaitUntil | undefined): void {
    const flight = this.#flight;
    if (flight && now < flight.settleBy) return;
    if (flight) this.#abandon(flight);
    void this.#start(kind, waitUntil);
  }

  #start(kind: RefreshKind, waitUntil: WaitUntil | undefined): Promise<void> {
    // A refresh queued behind other tenants' has no deadline running yet: it cannot be taken for
    // dead until it leaves the queue (see #runRefresh).
    const flight: Flight = { promise: Promise.resolve(), settleBy: Date.now() + (this.#settings.limit ? MAX_TIMER_DELAY : this.#settleWithin()) };
    const promise = this.#runRefresh(kind, () => {
      flight.settleBy = Date.now() + this.#settleWithin();
    }).finally(() => {
      if (this.#flight === flight) this.#flight = undefined;
    });
    flight.promise = promise;
    this.#flight = flight;
    // On a platform that ends a request's work with its response (Cloudflare Workers), a refresh
    // outlives the request that started it only when handed over; the caller may stop waiting for
    // a cold or forced one too (its signal, or the bounded wait), so every refresh is handed over.
    const handOver = waitUntil ?? this.#settings.waitUntil;
    if (handOver) {
      try {
        handOver(promise);
      } catch {
        this.#settings.log('warn', '`waitUntil` threw; the refresh goes on, but may not outlive this request.');
      }
    }
    return promise;
  }

  /**
   * Waits for the refresh in flight, at most until it has settled if it is alive. On Cloudflare
   * Workers, a refresh started by a request that ended without handing it to `waitUntil` never
   * settles: its timers and I/O are dropped, and awaiting it from another request either rejects
   * (compatibility dates with handle_cross_request_promise_resolution) or waits forever (older
   * ones). #runRefresh itself never rejects, so a rejection means that too. Such a refresh is
   * dropped and this caller starts its own.
   */
  async #join(flight: Flight, kind: RefreshKind, waitUntil: WaitUntil | undefined): Promise<void> {
    const left = Math.min(MAX_TIMER_DELAY, flight.settleBy - Date.now());
    if (left > 0 && (await settlesWithin(flight.promise, left))) return;
    if (this.#flight === flight) this.#abandon(flight);
    return this.#refreshOnce(kind, waitUntil);
  }

  #abandon(flight: Flight): void {
    if (this.#flight === flight) this.#flight = undefined;
    this.#settings.log(
      'warn',
      'a refresh never finished (on Cloudflare Workers: the request that ran it ended, and nothing handed it to `waitUntil`); starting a new one.',
    );
  }

  /** How long a live refresh can take: its deadline, each store call's (and a forced one's publishing), and the grace. */
  #settleWithin(): number {
    return this.timeout + (this.#shared ? 3 * this.#settings.storeTimeout + PUBLISH_PATIENCE : 0) + SETTLE_GRACE;
  }

  /** Lets go of the held list and of the last failure, as if this source had never been asked. */
  forget(): void {
    if (!this.#upstream) return;
    this.held = undefined;
    this.error = undefined;
    this.#failedAt = undefined;
    this.#lastCallAt = undefined;
    // The fleet's list is to be read afresh too, and this instance's old one never published again.
    this.#shared?.forget();
    this.#settings.changed();
  }

  /** Takes a newer list from the shared store, if there is one. */
  async adoptShared(): Promise<void> {
    const list = await this.#shared?.latest(this.held?.refreshedAt);
    if (list) this.#adopt(list.models, list.refreshedAt);
  }

  #inBackoff(now: number): boolean {
    return this.#failedAt !== undefined && now - this.#failedAt < this.#settings.failureBackoff;
  }

  async #runRefresh(kind: RefreshKind, dequeued: () => void): Promise<void> {
    const upstream = this.#upstream!;
    const { log } = this.#settings;
    const started = Date.now();
    const forced = kind === 'forced';
    let lease: LeaseToken | undefined;
    try {
      if (this.#shared) {
        // Another instance may have just fetched the list, or be fetching it now (see shared-list.ts).
        const claim = await this.#shared.claim(this.held?.refreshedAt, this.#claimTerms(kind));
        lease = claim.lease;
        if (claim.list) this.#adopt(claim.list.models, claim.list.refreshedAt);
        if (!claim.upstream || this.#closer.signal.aborted) return;
      }
      const { limit } = this.#settings;
      const list = () => {
        this.#lastCallAt = Date.now();
        return upstream.list(this.#closer.signal);
      };
      const result = await (limit
        ? limit(() => {
            dequeued();
            return list();
          })
        : list());
      // A gateway can echo the credential it received into its list, and no snapshot may hold a
      // secret. Screened once per body where that can stand for it (`screened`), else model by model.
      const screened = result.screened ? { models: result.models, dropped: 0, cleared: 0 } : this.#withoutSecrets(result.models);
      const { models } = screened;
      if (screened.dropped > 0) log('warn', `dropped ${screened.dropped} upstream item(s) whose id contains a configured credential.`);
      if (screened.cleared > 0) log('warn', `left out ${screened.cleared} field(s) of upstream items that contain a configured credential; the models are kept.`);
      const refreshedAt = Date.now();
      this.#adopt(models, refreshedAt, true);
      // The fleet shares the whole list as the upstream sent it: each instance applies its own
      // filter and prefix when it adopts it.
      await this.#shared?.save({ models: freezeModels(models), refreshedAt }, forced ? PUBLISH_PATIENCE : 0);
      if (result.dropped > 0) log('warn', `dropped ${result.dropped} upstream item(s) without a usable id (1-256 characters, no control characters) or with a duplicate id.`);
      if (result.truncated > 0) log('warn', `kept the first ${this.#settings.source.maxModels} models and dropped ${result.truncated}; raise \`maxModels\` to keep more.`);
      if (result.metadataDropped) log('warn', result.metadataDropped);
      log('info', `discovered ${models.length} model(s) from ${upstream.url} in ${Date.now() - started} ms.`);
      this.#emit({ outcome: 'success', durationMs: Date.now() - started, count: models.length, forced });
    } catch (thrown) {
      // Abandoned by close(): nothing failed that anyone still reads.
      if (this.#closer.signal.aborted) return;
      const error = this.#scrub(
        isModelDiscoveryError(thrown) ? thrown : new NetworkError('Model discovery failed unexpectedly. The held list is served until the next refresh succeeds.'),
      );
      this.error = error;
      this.#failedAt = Date.now();
      this.#settings.changed();
      const held = this.held ? `serving the held list of ${this.held.models.length} model(s)` : 'no list is held yet';
      log('warn', `refresh failed (${error.code}): ${error.message} (${held})`);
      this.#emit({ outcome: 'failure', code: error.code, error, durationMs: Date.now() - started, count: this.held?.models.length ?? 0, forced });
    } finally {
      // After a failure too: instances waiting for this one's list then try the upstream themselves.
      await this.#shared?.release(lease);
    }
  }

  /**
   * A forced refresh reuses a list from the last `minRefreshInterval`, the timer's one from the
   * last half `refreshInterval` (so instances whose jittered timers fire close together share one
   * call), a read's any list within the TTL. A forced refresh and a read without a list wait for
   * the lease winner's list; the others serve what they hold meanwhile.
   */
  #claimTerms(kind: RefreshKind): ClaimTerms {
    const { ttl, minRefreshInterval, refreshInterval } = this.#settings;
    if (kind === 'forced') return { within: minRefreshInterval, needsNewer: true };
    if (kind === 'interval') return { within: Math.min(ttl, (refreshInterval ?? ttl) / 2), needsNewer: false };
    return { within: ttl, needsNewer: this.held === undefined };
  }

  /**
   * Holds a list (fetched here or by another instance); a failure older than that list is over.
   * `deduped`: each id is in it once (the upstream's list is; a store's may not be), which
   * filtering and one prefix for all keep so.
   */
  #adopt(models: readonly Model[], refreshedAt: number, deduped = false): void {
    const shown = freezeModels(this.#present(models, deduped));
    this.held = { models: deduped ? markDeduped(shown) : shown, refreshedAt };
    if (this.#failedAt === undefined || this.#failedAt <= refreshedAt) {
      this.error = undefined;
      this.#failedAt = undefined;
    }
    this.#settings.changed();
  }

  /**
   * The source's filter on its own ids, then `idPrefix`, then the instance's filter, then `source`.
   * `fresh`: the upstream's own list, just made (its ids checked, the array this source's alone),
   * handed back as it is when there is nothing to filter, prefix or name.
   */
  #present(models: readonly Model[], fresh: boolean): Model[] {
    const { source, keep, named } = this.#settings;
    if (fresh && source.keep === KEEP_ALL && keep === KEEP_ALL && source.idPrefix === '' && !named) return models as Model[];
    const shown: Model[] = [];
    for (const model of models) {
      if (!source.keep(model)) continue;
      const id = source.idPrefix + model.id;
      // A prefix can push a long id past the id rule; such a model cannot be served.
      if (id.length > MAX_ID_LENGTH) continue;
      const presented = id === model.id && !named ? model : { ...model, id, ...(named ? { source: source.name } : {}) };
      if (keep(presented)) shown.push(presented);
    }
    return shown;
  }

  #emit(event: Omit<RefreshEvent, 'source'>): void {
    try {
      this.#settings.onRefresh?.(this.#settings.named ? { source: this.name, ...event } : event);
    } catch {
      this.#settings.log('error', 'the onRefresh hook threw; the refresh itself was not affected.');
    }
  }

  /**
   * The models with no configured secret in any text field. A model whose id holds one is dropped
   * (redacting an id would hand out a model that does not exist); any other field that holds one
   * is left out, as a metadata value of the wrong type is, and the model kept. Replacing the
   * secret instead could push a description past its length rule.
   */
  #withoutSecrets(listed: readonly Model[]): { models: Model[]; dropped: number; cleared: number } {
    const { redactor } = this.#settings;
    const models: Model[] = [];
    let dropped = 0;
    let cleared = 0;
    for (const model of listed) {
      if (redactor.leaks(model.id)) {
        dropped += 1;
        continue;
      }
      let kept = model;
      for (const key in model) {
        const field = model[key as keyof Model];
        if (typeof field !== 'string' || !redactor.leaks(field)) continue;
        if (kept === model) kept = { ...model };
        delete kept[key as keyof Model];
        cleared += 1;
      }
      models.push(kept);
    }
    return { models, dropped, cleared };
  }

  /** Last guard: an error whose text holds a secret is rebuilt with that text scrubbed. */
  #scrub(error: ModelDiscoveryError): ModelDiscoveryError {
    const { redactor } = this.#settings;
    if (!redactor.leaks(error.message) && !(error.detail !== undefined && redactor.leaks(error.detail))) return error;
    return createError(error.code, redactor.redact(error.message), {
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.detail === undefined ? {} : { detail: redactor.redact(error.detail) }),
    });
  }

  #warnNotConfigured(): void {
    if (this.#warnedNotConfigured || !this.error) return;
    this.#warnedNotConfigured = true;
    this.#settings.log('warn', this.error.message);
  }
}

/**
 * Whether `work` settles within `ms`. A rejection counts as not settling (see Source#join). The
 * timer is unref'd on Node, so a caller that stopped waiting does not hold the process open.
 */
function settlesWithin(work: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    (timer as { unref?: () => void }).unref?.();
    work.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}
