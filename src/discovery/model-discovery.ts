import { firstOfEachId, mergeById, type MergedById } from '../model/dedupe.js';
import { normalizeModel } from '../model/normalize.js';
import type { Model, Snapshot, SourceInfo } from '../model/schema.js';
import { Redactor } from '../security/redact.js';
import { safeLogger, type SafeLog } from '../security/safe-log.js';
import { secretsOf } from '../security/secrets.js';
import { raceAbort } from '../upstream/deadline.js';
import { describeRefusal, resolveEndpoint } from '../upstream/endpoint.js';
import { withMetadata, type MetadataOverrides } from '../model/precedence.js';
import { CatalogSource } from './catalog-source.js';
import { CoarseClock, timersOutliveRequests } from './clock.js';
import type { ReadStatus, RefreshEvent } from './events.js';
import { deepFreeze } from './freeze.js';
import { WARM_READ } from './warm-read.js';
import { resolveOptions, type ModelDiscoveryOptions, type ResolvedOptions, type WaitUntil } from './options.js';
import { Source } from './source.js';
import { tenantOptions, type TenantCredentials } from './credentials.js';
import { Tenants, type TenantLimit } from './tenants.js';
import { fingerprint } from '../security/fingerprint.js';

export { WARM_READ } from './warm-read.js';

export interface GetModelsOptions {
  /** Ask the upstreams now instead of serving the cache (coalesced with other forced refreshes). */
  refresh?: boolean;
  /** Stops this caller waiting; a refresh shared with other callers goes on for them. */
  signal?: AbortSignal;
  /**
   * This request's way to keep work alive after its response (a Worker's `ctx.waitUntil`, bound):
   * a refresh this call starts is handed to it. Overrides the constructor's `waitUntil`.
   */
  waitUntil?: WaitUntil;
}

export interface RefreshOptions {
  signal?: AbortSignal;
  /** As in `getModels()`. */
  waitUntil?: WaitUntil;
}

/**
 * What `forCredentials()` returns: one tenant's own lists (their own cache, single flight,
 * backoff and redactor), read like a `ModelDiscovery`. Routes take it wherever they take one.
 */
export interface TenantView {
  getModels(options?: GetModelsOptions): Promise<Snapshot>;
  refresh(options?: RefreshOptions): Promise<Snapshot>;
  peek(): Snapshot;
  toJSON(): object;
}

/**
 * How a tenant view is made: the parent's checked options with the tenant's credential, the
 * pieces it shares with the parent (the limiter, the catalog), and its log id. Passed in place of
 * the options, so a view is a `ModelDiscovery` built without checking anything twice.
 */
class TenantSeed {
  /** The first 12 hex digits of the credential's fingerprint, once computed: log lines say which tenant. */
  id: string | undefined;

  constructor(
    readonly resolved: ResolvedOptions,
    readonly named: boolean,
    readonly limit: TenantLimit,
    readonly catalog: CatalogSource | undefined,
    /** The parent's clock: a thousand views read in turn must share one cached time, not each set a timer. */
    readonly clock: CoarseClock,
  ) {}
}

/**
 * Discovers which models one or several gateways can route to. Reads are served from a TTL cache
 * per source; every caller shares one upstream request per source; failures keep the held lists
 * and never reject; one dead or slow source never blanks, stalls or stales the others.
 */
export class ModelDiscovery {
  // What a warm read touches, declared first: V8 lays an object's fields out in this order, so
  // they share the object's first cache line or two, which is what a read across a thousand
  // tenant views (a thousand objects out of the CPU's cache) pays for. Its times are the clock's
  // (see CoarseClock), small integers that V8 keeps in the field itself: a `Date.now()` there
  // would be a heap object of its own, one more line to fetch per read.
  // The warm read's answer: until `#warmUntil` it may be served, so while nothing changes the
  // same settled promise of the same snapshot is handed out, with one (cached) clock read and no
  // other work. Fields, not an object of their own: one pointer fewer to follow per read.
  // `#warmPromise` undefined: no warm answer, or one made per read from `#warmSnapshot`.
  #warmPromise: Promise<Snapshot> | undefined;
  // The end of the warm answer: the first TTL, or `tenantTtl` after the last read (see #markRead).
  #warmUntil = 0;
  readonly #clock: CoarseClock;
  // When it was last read, by the clock: moved on by a warm read once per clock reading (once per
  // `ttlResolution`), so that a warm read across many views mostly writes to none of them.
  #readAt: number;
  readonly #onRead: ((status: ReadStatus) => void) | undefined;
  // A tenant view's: the parent's lookup round it was last found in (see Tenants).
  #round = -1;
  // `#warmSnapshot` undefined: no warm answer.
  #warmSnapshot: Snapshot | undefined;
  // Until when every list is fresh, by the clock.
  #warmFresh = 0;
  // A tenant view's `tenantTtl` (Infinity for the instance itself).
  readonly #idleTtl: number;
  readonly #sources: readonly Source[];
  readonly #fallback: readonly Model[];
  readonly #shared: boolean;
  // Bumped on every change of any source; a snapshot is rebuilt only when it or a source's
  // staleness changes, so callers (and the route handler's ETag) see the same object meanwhile.
  #version = 0;
  // The snapshot last built and what it was built from, as fields of the instance rather than an
  // object of their own: a warm read then touches this one object only, which is what keeps a
  // read across a thousand tenant views (a thousand objects out of the CPU's cache) cheap.
  #snapshot: Snapshot | undefined;
  #snapshotVersion = -1;
  #snapshotStale = 0;
  #snapshotCatalog: unknown;
  #merged: { lists: Array<readonly Model[] | undefined>; catalog: unknown; value: MergedById<Model> } | undefined;
  readonly #overrides: MetadataOverrides;
  readonly #catalog: CatalogSource | undefined;
  readonly #log: SafeLog;
  // The cold read that callers without options are waiting on: later such callers share it, so a
  // burst of cold callers costs one async frame and one wait, not one each.
  #cold: Promise<Snapshot> | undefined;
  // Whether one promise may be handed to many callers (the warm one, the cold one): not where a
  // promise made for one request may not settle for another (Cloudflare Workers, see Source#join).
  readonly #sharePromises: boolean;
  // What close() undoes, in order: timers, then every user of the store (sources, the catalog, and
  // whatever else registers here). Each may return a promise; close() waits for all of them.
  readonly #disposers: Array<() => unknown> = [];
  #closed: Promise<void> | undefined;
  readonly #resolved: ResolvedOptions;
  readonly #named: boolean;
  // Made on the first forCredentials(); undefined on a tenant view, which has no tenants of its own.
  #tenants: Tenants<ModelDiscovery> | undefined;
  readonly #isView: boolean;

  constructor(options: ModelDiscoveryOptions = {}) {
    const seed = options instanceof TenantSeed ? options : undefined;
    const resolved = seed ? seed.resolved : resolveOptions(options);
    this.#resolved = resolved;
    this.#isView = seed !== undefined;
    this.#idleTtl = seed ? resolved.tenantTtl : Infinity;
    // A `waitUntil` says the platform ends a request's work with its response: no cached clock there.
    const clock = seed ? seed.clock : new CoarseClock(resolved.waitUntil ? 0 : resolved.ttlResolution);
    this.#clock = clock;
    this.#readAt = clock.exact();
    // One redactor for the instance: an error or a log line of one source must not hold another's
    // secret either. A tenant view has its own, which knows its tenant's credential.
    const redactor = new Redactor(resolved.sources.flatMap((source) => secretsOf(source.endpoint)));
    const log = seed ? tenantLog(safeLogger(resolved.logger, redactor), seed) : safeLogger(resolved.logger, redactor);
    const named = seed ? seed.named : options.sources !== undefined;
    this.#named = named;
    const onRefresh = seed && resolved.onRefresh ? tenantEvents(resolved.onRefresh, seed) : resolved.onRefresh;
    const changed = () => {
      this.#version += 1;
      this.#warmSnapshot = undefined;
      this.#warmPromise = undefined;
    };
    this.#sources = resolved.sources.map(
      (source) =>
        new Source({
          source,
          endpoint: resolveEndpoint(source.endpoint),
          ttl: resolved.ttl,
          minRefreshInterval: resolved.minRefreshInterval,
          refreshInterval: resolved.refreshInterval,
          failureBackoff: resolved.failureBackoff,
          maxBodyBytes: resolved.maxBodyBytes,
          maxPages: resolved.maxPages,
          fetch: resolved.fetch,
          store: resolved.store,
          storeTimeout: resolved.storeTimeout,
          keep: resolved.keep,
          named,
          redactor,
          log: named ? prefixed(log, source.name) : log,
          onRefresh,
          changed,
          waitUntil: resolved.waitUntil,
          limit: seed?.limit,
          holdUnauthorized: seed !== undefined,
        }),
    );
    this.#shared = this.#sources.some((source) => source.shared);
    // A gateway configured all the same (in code) is asked; the variables read for the rest were not.
    for (const { endpoint } of resolved.sources) {
      if (endpoint.refused?.length && endpoint.baseURL !== undefined) log('warn', describeRefusal(endpoint.refused));
    }
    this.#overrides = resolved.overrides;
    // A view reads the parent's catalog: a thousand tenants must not fetch it a thousand times.
    this.#catalog = seed
      ? seed.catalog
      : resolved.catalog
      ? new CatalogSource({
          catalog: resolved.catalog,
          catalogTtl: resolved.catalogTtl,
          timeout: Math.max(...resolved.sources.map((source) => source.timeout)),
          maxBodyBytes: resolved.maxBodyBytes,
          fetch: resolved.fetch,
          redactor,
          log,
          store: resolved.store,
          storeTimeout: resolved.storeTimeout,
          changed,
        })
      : undefined;
    this.#fallback = deepFreeze(firstOfEachId(resolved.fallbackModels.map(toFallbackModel)).filter(resolved.keep));
    this.#sharePromises = !resolved.waitUntil && timersOutliveRequests();
    this.#onRead = resolved.onRead;
    this.#log = log;
    // Not on a tenant view: a thousand idle tenants must not each call the upstream every period.
    // A view refreshes on its reads (past `ttl`, behind the answer), as an instance without the timer does.
    if (resolved.refreshInterval !== undefined && !seed) {
      try {
        this.#disposers.push(startRefreshTimer(resolved.refreshInterval, () => this.#refreshInBackground()));
      } catch {
        // Cloudflare Workers refuse a timer outside a request (in global scope).
        log('warn', '`refreshInterval` is ignored: this platform does not allow a timer here. Reads past the TTL refresh the list instead.');
      }
    }
    for (const source of this.#sources) this.#disposers.push(() => source.close());
    // A view reads the parent's catalog: only the parent closes it.
    const catalog = seed ? undefined : this.#catalog;
    if (catalog) this.#disposers.push(() => catalog.close());
    this.#disposers.push(() => this.#closeTenants());
  }

  /** The current list. Resolves for every upstream problem; rejects only for bad arguments, a read after `close()`, or the caller's abort. */
  getModels(options?: GetModelsOptions): Promise<Snapshot> {
    // No closed check here: close() clears the warm and cold answers, so after it every read reaches #read.
    if (options === undefined) {
      const warm = this.#warmPromise;
      if (warm !== undefined) {
        const now = this.#clock.now();
        // Past it (a list's TTL, or a tenant view idle past `tenantTtl`), the read goes the slow way.
        if (now < this.#warmUntil) {
          this.#markRead(now);
          if (this.#onRead !== undefined) this.#reportRead('hit');
          return warm;
        }
      } else {
        // Where a promise may serve one request only: the same answer, in a promise of its own.
        const snapshot = this.#warmRead();
        if (snapshot !== undefined) {
          if (this.#onRead !== undefined) this.#reportRead('hit');
          return Promise.resolve(snapshot);
        }
      }
      const cold = this.#cold;
      if (cold !== undefined) {
        if (this.#onRead !== undefined) this.#reportRead('inflight');
        return cold;
      }
    }
    return this.#read(options);
  }

  /**
   * A warm read done synchronously: hands the snapshot a warm `getModels()` would answer with to
   * `use`, and returns what `use` returns; `undefined` when the read has something to do or to
   * wait for (or `use` returned nothing; the read is then not counted). For the route handler,
   * which then answers in the same tick, as a bare route does.
   */
  [WARM_READ]<T>(use: (snapshot: Snapshot) => T | undefined): T | undefined {
    const snapshot = this.#warmRead();
    if (snapshot === undefined) return undefined;
    const result = use(snapshot);
    if (result !== undefined && this.#onRead !== undefined) this.#reportRead('hit');
    return result;
  }

  /** The warm answer's snapshot if it may be served now, the read then recorded; undefined otherwise. */
  #warmRead(): Snapshot | undefined {
    const snapshot = this.#warmSnapshot;
    if (snapshot === undefined) return undefined;
    const now = this.#clock.now();
    if (now >= this.#warmUntil) return undefined;
    this.#markRead(now);
    return snapshot;
  }

  /**
   * Records a read at `now` (by the clock): the warm answer then lasts until its first TTL or
   * `tenantTtl` from now, whichever ends first, so that the warm read checks one deadline. Never
   * moves `#readAt` back (a cached clock reading may be behind the exact one a slow read took).
   */
  #markRead(now: number): void {
    if (now <= this.#readAt) return;
    this.#readAt = now;
    this.#warmUntil = Math.min(this.#warmFresh, now + this.#idleTtl);
  }

  async #read(options: GetModelsOptions | undefined): Promise<Snapshot> {
    if (this.#isClosed()) throw closedError('getModels');
    const { refresh, signal, waitUntil } = options === undefined ? NO_OPTIONS : checkCallOptions(options, 'getModels');
    signal?.throwIfAborted();
    const sources = this.#sources;
    // A tenant view unread for `tenantTtl` has expired: it starts over as a new view would, before
    // anything else (a forced refresh too, and before adopting the fleet's list, which it then
    // may). Checked here, with a clock read this read takes anyway, so that finding the view
    // (forCredentials) reads no clock. Never true for the instance itself (Infinity).
    const readAt = this.#clock.exact();
    if (readAt - this.#readAt >= this.#idleTtl) this.#forget();
    this.#markRead(readAt);
    // Asked for (at most once a `catalogTtl`) beside the lists, never instead of them: it never throws.
    const catalog = this.#catalog?.loadIfDue();
    if (refresh) {
      if (this.#onRead !== undefined) this.#reportRead('refresh');
      await raceAbort(Promise.all([...sources.map((source) => source.bounded(source.forcedRefresh(waitUntil))), catalog]), signal);
      return this.#currentSnapshot();
    }
    // With a shared store every read asks it for newer lists (a few bytes each, bounded by `storeTimeout`).
    if (this.#shared) await raceAbort(Promise.all(sources.map((source) => source.adoptShared())), signal);
    const now = Date.now();
    // The warm read: every source holds a fresh list, nothing to start, nothing to wait for.
    let fresh = true;
    for (let index = 0; fresh && index < sources.length; index += 1) fresh = sources[index]!.isFresh(now);
    if (fresh) {
      if (this.#onRead !== undefined) this.#reportRead('hit');
      // Lists held (or adopted from the fleet) but no catalog yet: the first answer waits for it.
      if (catalog === undefined) return this.#snapshotWhenFresh(now);
      if (this.#catalog?.current() === undefined) await raceAbort(catalog, signal);
      return this.#currentSnapshot();
    }
    // A source without a list that failed before is retried in the background while others have
    // lists to show; with nothing to show at all, the read waits for it, as a single source's does.
    let anyHeld = false;
    for (const source of sources) anyHeld ||= source.held !== undefined;
    let waits: Array<Promise<void>> | undefined;
    let started = false;
    for (const source of sources) {
      const joining = source.inFlight;
      const work = source.read(now, !anyHeld, waitUntil);
      if (work) {
        (waits ??= []).push(source.bounded(work));
        started ||= !joining;
      }
    }
    if (!waits) {
      if (this.#onRead !== undefined) this.#reportRead(anyHeld ? 'stale' : 'miss');
      // Lists held (or adopted from the fleet) but no catalog yet: the first answer waits for it.
      if (catalog && this.#catalog?.current() === undefined) await raceAbort(catalog, signal);
      return catalog ? this.#currentSnapshot() : this.#currentSnapshot(now);
    }
    if (this.#onRead !== undefined) this.#reportRead(started ? 'miss' : 'inflight');
    // A cold read waits for the catalog too (bounded like a source), so its first answer is complete.
    if (catalog) waits.push(catalog);
    const answer = this.#afterWaits(waits, signal);
    // Not once closed: a read that resumed after close() must not leave an answer for later reads.
    if (options === undefined && this.#sharePromises && !this.#isClosed()) {
      this.#cold = answer;
      const done = () => {
        if (this.#cold === answer) this.#cold = undefined;
      };
      answer.then(done, done);
    }
    return answer;
  }

  async #afterWaits(waits: Array<Promise<unknown>>, signal: AbortSignal | undefined): Promise<Snapshot> {
    await raceAbort<unknown>(waits.length === 1 ? waits[0]! : Promise.all(waits), signal);
    // Usually every list is fresh now: the next read is then already a warm one.
    const now = Date.now();
    return this.#sources.every((source) => source.isFresh(now)) ? this.#snapshotWhenFresh(now) : this.#currentSnapshot(now);
  }

  /** The snapshot of a read that found every list fresh, kept as the warm read's answer until the first TTL ends. */
  #snapshotWhenFresh(now: number): Snapshot {
    const snapshot = this.#currentSnapshot(now, 0);
    // Not after close(): a read that was in flight then must not make the closed instance warm again.
    if (!this.#shared && this.#catalog === undefined && !this.#isClosed()) {
      let until = Infinity;
      for (const source of this.#sources) until = Math.min(until, source.freshUntil());
      this.#warmFresh = until - this.#clock.epoch;
      this.#warmUntil = Math.min(this.#warmFresh, this.#readAt + this.#idleTtl);
      this.#warmPromise = this.#sharePromises ? Promise.resolve(snapshot) : undefined;
      this.#warmSnapshot = snapshot;
    }
    return snapshot;
  }

  #reportRead(status: ReadStatus): void {
    try {
      this.#onRead!(status);
    } catch {
      this.#log('error', 'the onRead hook threw; the read itself was not affected.');
    }
  }

  /**
   * The current snapshot without waiting for, or starting, a refresh: the held lists (stale or
   * not), else the `fallbackModels`. What a caller with a deadline serves while discovery goes on,
   * as the served routes do after `maxWait`.
   */
  peek(): Snapshot {
    if (this.#isClosed()) throw closedError('peek');
    return this.#currentSnapshot();
  }

  /**
   * Stops the `refreshInterval` timer, abandons the refreshes in flight and stops every use of
   * `store`; resolves once the store calls in flight have settled (each within `storeTimeout`), so
   * the store's client can be disconnected right after. Idempotent. Every read afterwards rejects
   * with a `TypeError`.
   */
  close(): Promise<void> {
    // The warm and cold answers go first: getModels() then reaches #read, which rejects.
    this.#warmSnapshot = undefined;
    this.#warmPromise = undefined;
    this.#cold = undefined;
    if (this.#closed === undefined && !this.#isView) {
      // The clock every view of this instance shares stops: a view dropped by `maxTenants` or
      // `tenantTtl`, which this instance no longer holds, then finds no warm answer either and
      // rejects its reads too, and so makes no store or upstream call after this close.
      this.#clock.stop();
    }
    this.#closed ??= Promise.allSettled(this.#disposers.map((dispose) => Promise.resolve().then(dispose))).then(() => {});
    return this.#closed;
  }

  /** Closed, or a view whose instance is closed (see close()). */
  #isClosed(): boolean {
    return this.#closed !== undefined || this.#clock.stopped;
  }

  /** `await using discovery = new ModelDiscovery(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The `refreshInterval` timer's work: every source, and the catalog when due, in the background. */
  #refreshInBackground(): void {
    for (const source of this.#sources) source.refreshInBackground(undefined);
    void this.#catalog?.loadIfDue();
  }

  /** Asks the upstreams now (joining or reusing a refresh from the last `minRefreshInterval`). */
  refresh(options: RefreshOptions = {}): Promise<Snapshot> {
    checkCallOptions(options, 'refresh');
    return this.getModels({ ...options, refresh: true });
  }

  // The warm read passes in the time it already read: a clock read is the dearest step of a cache
  // hit (100-200 ns on some virtual machines), so the hot path reads it once.
  #currentSnapshot(now = Date.now(), knownStale?: number): Snapshot {
    let stale = knownStale ?? 0;
    if (knownStale === undefined) {
      const sources = this.#sources;
      for (let index = 0; index < sources.length; index += 1) if (sources[index]!.isStale(now)) stale |= 1 << index;
    }
    const cached = this.#snapshot;
    // The catalog is compared too: a view's catalog is the parent's, whose changes it is not told of.
    const catalog = this.#catalog?.current();
    if (cached !== undefined && this.#snapshotVersion === this.#version && this.#snapshotStale === stale && this.#snapshotCatalog === catalog) return cached;
    const value = deepFreeze(this.#buildSnapshot(now, stale !== 0));
    this.#snapshot = value;
    this.#snapshotVersion = this.#version;
    this.#snapshotStale = stale;
    this.#snapshotCatalog = catalog;
    return value;
  }

  /** Top-level fields keep their single-source meaning over the merge (SPEC, "Sources"). */
  #buildSnapshot(now: number, stale: boolean): Snapshot {
    const sources = this.#sources;
    const merged = this.#merge(sources.map((source) => source.held?.models));
    let oldest: number | undefined;
    let error: Snapshot['error'] = null;
    const infos: SourceInfo[] = sources.map((source, index) => {
      const held = source.held;
      if (held && (oldest === undefined || held.refreshedAt < oldest)) oldest = held.refreshedAt;
      const info: SourceInfo = {
        name: source.name,
        status: source.status(now),
        count: merged.counts[index]!,
        lastRefreshed: held ? new Date(held.refreshedAt).toISOString() : null,
        error: source.error ? source.error.toInfo() : null,
      };
      if (error === null) error = info.error;
      if (merged.duplicates[index]! > 0) info.duplicates = merged.duplicates[index]!;
      return info;
    });
    const available = oldest !== undefined;
    return {
      models: available ? merged.items : this.#withMetadata(this.#fallback as Model[]),
      discoveryAvailable: available,
      stale,
      lastRefreshed: available ? new Date(oldest!).toISOString() : null,
      error,
      sources: infos,
    };
  }

  /** The merge of the held lists; the same result (the same `models` array) while none of them changed. */
  #merge(lists: Array<readonly Model[] | undefined>): MergedById<Model> {
    const last = this.#merged;
    const catalog = this.#catalog?.current();
    if (last && last.catalog === catalog && last.lists.every((list, index) => list === lists[index])) return last.value;
    const merged = mergeById(lists);
    const value = { ...merged, items: this.#withMetadata(merged.items, catalog) };
    this.#merged = { lists, catalog, value };
    return value;
  }

  /** Overrides and the catalog over the merged ids (after `idPrefix`): overrides > upstream > catalog. */
  #withMetadata(models: Model[], catalog = this.#catalog?.current()): Model[] {
    const overrides = this.#overrides;
    if (!catalog && Object.keys(overrides).length === 0) return models;
    return models.map((model) => withMetadata(model, Object.hasOwn(overrides, model.id) ? overrides[model.id] : undefined, catalog));
  }

  /**
   * One tenant's view, for a host that lists models with each client's own credential: its own
   * lists, cache, single flight, backoff and redactor, sharing nothing with other credentials (a
   * 401 for one tenant is held for that tenant alone, `failureBackoff`, forced refreshes too).
   * The same credential gets the same view while it is held: at most `maxTenants`, least
   * recently used dropped, each dropped after `tenantTtl` unread. The credential goes to the
   * single source made of the top-level options, or with `sources` to those with `perTenant`;
   * the other sources keep their own. Call it per request: a held view is found in nanoseconds.
   * @throws TypeError for a malformed credential (the message never holds it), on a tenant view,
   * or when no source takes tenant credentials.
   */
  forCredentials(credentials: TenantCredentials): TenantView {
    if (this.#closed) throw closedError('forCredentials');
    return (this.#tenants ??= this.#makeTenants()).view(credentials);
  }

  #makeTenants(): Tenants<ModelDiscovery> {
    if (this.#isView) throw new TypeError('model-discovery: forCredentials() is called on the ModelDiscovery itself, not on a tenant view.');
    const resolved = this.#resolved;
    if (!resolved.sources.some((source) => source.perTenant)) {
      throw new TypeError('model-discovery: forCredentials() needs a source that takes tenant credentials: set `perTenant: true` on the sources a tenant key may be sent to.');
    }
    return new Tenants<ModelDiscovery>({
      maxTenants: resolved.maxTenants,
      tenantTtl: resolved.tenantTtl,
      tenantConcurrency: resolved.tenantConcurrency,
      create: (credential, limit) => {
        const seed = new TenantSeed(tenantOptions(resolved, credential), this.#named, limit, this.#catalog, this.#clock);
        void fingerprint(`model-discovery:tenant:${credential.kind}:${credential.secret}`).then((hex) => {
          seed.id = hex.slice(0, 12);
        });
        return new ModelDiscovery(seed as ModelDiscoveryOptions);
      },
      readAt: (view) => view.#clock.epoch + view.#readAt,
      enterRound: (view, round) => {
        if (view.#round === round) return false;
        view.#round = round;
        return true;
      },
    });
  }

  /** A tenant view back from idle: every list and failure let go, as in a view just made. */
  #forget(): void {
    for (const source of this.#sources) source.forget();
  }

  /** close()'s part for the tenant views: each closed, and none made afterwards. */
  #closeTenants(): Promise<unknown> | undefined {
    const tenants = this.#tenants;
    if (tenants === undefined) return undefined;
    this.#tenants = undefined;
    const views = [...tenants.views()];
    tenants.clear();
    return Promise.allSettled(views.map((view) => view.close()));
  }

  /** `util.inspect()` shows a summary; credentials are never part of it. */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return this.toJSON();
  }

  toJSON(): object {
    const first = this.#sources[0]!;
    return {
      gateway: this.#sources.length === 1 ? first.url : null,
      models: this.#sources.reduce((sum, source) => sum + (source.held?.models.length ?? 0), 0),
      lastRefreshed: first.held && this.#sources.length === 1 ? new Date(first.held.refreshedAt).toISOString() : null,
      error: this.#sources.find((source) => source.error)?.error?.code ?? null,
      sources: this.#sources.map((source) => ({
        name: source.name,
        url: source.url,
        models: source.held?.models.length ?? 0,
        error: source.error?.code ?? null,
      })),
    };
  }
}

// Shared by every call without options, so a warm read allocates nothing of its own.
const NO_OPTIONS: GetModelsOptions = Object.freeze({});

function closedError(method: string): TypeError {
  return new TypeError(`model-discovery: ${method}() was called after close(); this ModelDiscovery is closed for good. Build a new one, or close it only when the process shuts down.`);
}

/**
 * The background refresh: one timer per instance, each period jittered by ±10% so a fleet's
 * instances drift apart, and unref'd so it never keeps a process alive. Returns what stops it.
 */
function startRefreshTimer(period: number, tick: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(
      () => {
        tick();
        schedule();
      },
      period * (0.9 + 0.2 * Math.random()),
    );
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();
  return () => clearTimeout(timer);
}

function checkCallOptions(options: GetModelsOptions, method: string): GetModelsOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(`model-discovery: ${method}() takes an options object.`);
  if (options.refresh !== undefined && typeof options.refresh !== 'boolean') {
    throw new TypeError(`model-discovery: ${method}({ refresh }) must be a boolean.`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`model-discovery: ${method}({ signal }) must be an AbortSignal.`);
  }
  if (options.waitUntil !== undefined && typeof options.waitUntil !== 'function') {
    throw new TypeError(`model-discovery: ${method}({ waitUntil }) must be a function, such as a Worker's ctx.waitUntil.bind(ctx).`);
  }
  return options;
}

function toFallbackModel(entry: string | Model): Model {
  // Metadata given with a fallback model is the operator's word, like an override.
  const model = typeof entry === 'string' ? normalizeModel({ id: entry }) : normalizeModel(entry, { source: 'override' });
  if (!model) throw new TypeError('model-discovery: every `fallbackModels` id must be 1-256 characters with no control characters.');
  return model;
}

/** A tenant view's log lines say which tenant, by fingerprint. */
function tenantLog(log: SafeLog, seed: TenantSeed): SafeLog {
  return (level, message) => log(level, `tenant ${seed.id ?? '(id pending)'}: ${message}`);
}

/** A tenant view's refresh events say which tenant, by the same fingerprint. */
function tenantEvents(onRefresh: (event: RefreshEvent) => void, seed: TenantSeed): (event: RefreshEvent) => void {
  return (event) => onRefresh(seed.id === undefined ? event : { ...event, tenant: seed.id });
}

/** Log lines of one named source say which source they are about. */
function prefixed(log: SafeLog, name: string): SafeLog {
  return (level, message) => log(level, `source "${name}": ${message}`);
}
