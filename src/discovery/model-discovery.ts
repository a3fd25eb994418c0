import pMemoize from 'p-memoize';

import { resolveEndpoint, type Endpoint } from '../upstream/endpoint.js';
import { createError, isModelDiscoveryError, NetworkError, type ModelDiscoveryError, type NotConfiguredError } from '../errors/errors.js';
import type { RefreshEvent } from './events.js';
import { safeLogger, type SafeLog } from '../security/safe-log.js';
import { normalizeModel } from '../model/normalize.js';
import { resolveOptions, type ModelDiscoveryOptions, type ResolvedOptions } from './options.js';
import { Redactor } from '../security/redact.js';
import type { Model, Snapshot, SourceStatus } from '../model/schema.js';
import { SharedList } from '../fleet/shared-list.js';
import { fetchModelList } from '../upstream/list.js';

export interface GetModelsOptions {
  /** Ask the upstream now instead of serving the cache (coalesced with other forced refreshes). */
  refresh?: boolean;
  /** Stops this caller waiting; a refresh shared with other callers goes on for them. */
  signal?: AbortSignal;
}

export interface RefreshOptions {
  signal?: AbortSignal;
}

interface Held {
  models: readonly Model[];
  refreshedAt: number;
}

/**
 * Discovers which models a gateway can route to. Reads are served from a TTL cache; every caller
 * shares one upstream request; failures keep the held list and never reject.
 */
export class ModelDiscovery {
  readonly #options: ResolvedOptions;
  readonly #endpoint: Endpoint | NotConfiguredError;
  readonly #redactor: Redactor;
  readonly #log: SafeLog;
  readonly #fallback: readonly Model[];
  readonly #refreshOnce: (forced: boolean) => Promise<void>;
  readonly #shared: SharedList | undefined;

  #held: Held | undefined;
  #error: ModelDiscoveryError | undefined;
  #failedAt: number | undefined;
  #lastCallAt: number | undefined;
  #running = false;
  #warnedNotConfigured = false;
  // Bumped on every state change; a snapshot is rebuilt only when it or staleness changes, so
  // callers (and the route handler's ETag) see the same object while nothing has changed.
  #version = 0;
  #snapshot: { version: number; stale: boolean; value: Snapshot } | undefined;

  constructor(options: ModelDiscoveryOptions = {}) {
    this.#options = resolveOptions(options);
    this.#endpoint = resolveEndpoint(this.#options);
    const secrets = isModelDiscoveryError(this.#endpoint)
      ? [this.#options.apiKey, this.#options.authToken, ...credentialsIn(this.#options.baseURL)]
      : this.#endpoint.secrets;
    this.#redactor = new Redactor(secrets);
    this.#log = safeLogger(this.#options.logger, this.#redactor);
    this.#fallback = deepFreeze(firstOfEachId(this.#options.fallbackModels.map(toFallbackModel)).filter(this.#options.keep));
    // Only in-flight promises are shared (`cache: false`): results live in `#held`, with a TTL.
    this.#refreshOnce = pMemoize((forced: boolean) => this.#runRefresh(forced), {
      cacheKey: () => 'refresh',
      cache: false,
    });
    const { store } = this.#options;
    this.#shared = store && !isModelDiscoveryError(this.#endpoint) ? new SharedList({ ...this.#options, store, endpoint: this.#endpoint, log: this.#log }) : undefined;
  }

  /** The current list. Resolves for every upstream problem; rejects only for bad arguments or the caller's abort. */
  async getModels(options?: GetModelsOptions): Promise<Snapshot> {
    const { refresh, signal } = options === undefined ? NO_OPTIONS : checkCallOptions(options, 'getModels');
    signal?.throwIfAborted();
    if (isModelDiscoveryError(this.#endpoint)) return this.#notConfigured(this.#endpoint);
    if (refresh) {
      await untilSettledOrAborted(this.#forcedRefresh(), signal);
      return this.#currentSnapshot();
    }
    // With a shared store every read asks it for a newer list (a few bytes, bounded by `storeTimeout`).
    if (this.#shared) await untilSettledOrAborted(this.#adoptShared(), signal);
    const now = Date.now();
    if (this.#held) {
      // Stale-while-revalidate: the held list is answered at once while one refresh runs behind.
      if (now - this.#held.refreshedAt >= this.#options.ttl && !this.#inBackoff(now)) void this.#refreshOnce(false);
      return this.#currentSnapshot(now);
    }
    if (!this.#inBackoff(now)) await untilSettledOrAborted(this.#refreshOnce(false), signal);
    return this.#currentSnapshot();
  }

  /** Asks the upstream now (joining or reusing a refresh from the last `minRefreshInterval`). */
  refresh(options: RefreshOptions = {}): Promise<Snapshot> {
    const { signal } = checkCallOptions(options, 'refresh');
    return this.getModels({ refresh: true, ...(signal ? { signal } : {}) });
  }

  #forcedRefresh(): Promise<void> {
    const recent = this.#lastCallAt !== undefined && Date.now() - this.#lastCallAt < this.#options.minRefreshInterval;
    // A refresh in flight is joined; one that finished within the interval is reused as it is.
    if (recent && !this.#running) return Promise.resolve();
    return this.#refreshOnce(true);
  }

  #inBackoff(now: number): boolean {
    return this.#failedAt !== undefined && now - this.#failedAt < this.#options.failureBackoff;
  }

  async #runRefresh(forced: boolean): Promise<void> {
    const endpoint = this.#endpoint as Endpoint;
    const started = Date.now();
    this.#running = true;
    try {
      if (this.#shared) {
        // Another instance may have just fetched the list, or be fetching it now (see shared-list.ts).
        const claim = await this.#shared.claim(this.#held?.refreshedAt, forced);
        if (claim.list) this.#adopt(claim.list);
        if (!claim.upstream) return;
      }
      this.#lastCallAt = Date.now();
      const result = await fetchModelList({ ...this.#options, endpoint });
      // A gateway can echo the credential it received into its list; such an item is dropped, as
      // no snapshot may hold a secret (redacting an id would hand out a model that does not exist).
      const models = result.models.filter((model) => !Object.values(model).some((field) => this.#redactor.leaks(field)));
      if (models.length < result.models.length) this.#log('warn', `dropped ${result.models.length - models.length} upstream item(s) that contain a configured credential.`);
      result.models = models;
      const refreshedAt = Date.now();
      this.#held = { models: deepFreeze(models.filter(this.#options.keep)), refreshedAt };
      this.#error = undefined;
      this.#failedAt = undefined;
      this.#version += 1;
      // The fleet shares the whole list: each instance applies its own `filter` when it adopts it.
      await this.#shared?.save({ models: deepFreeze(models), refreshedAt });
      if (result.dropped > 0) this.#log('warn', `dropped ${result.dropped} upstream item(s) without a usable id (1-256 characters, no control characters) or with a duplicate id.`);
      if (result.truncated > 0) this.#log('warn', `kept the first ${this.#options.maxModels} models and dropped ${result.truncated}; raise \`maxModels\` to keep more.`);
      this.#log('info', `discovered ${result.models.length} model(s) from ${endpoint.modelsURL} in ${Date.now() - started} ms.`);
      this.#emit({ outcome: 'success', durationMs: Date.now() - started, count: result.models.length, forced });
    } catch (thrown) {
      const error = this.#scrub(
        isModelDiscoveryError(thrown) ? thrown : new NetworkError('Model discovery failed unexpectedly. The held list is served until the next refresh succeeds.'),
      );
      this.#error = error;
      this.#failedAt = Date.now();
      this.#version += 1;
      const held = this.#held ? `serving the held list of ${this.#held.models.length} model(s)` : 'no list is held yet';
      this.#log('warn', `refresh failed (${error.code}): ${error.message} (${held})`);
      this.#emit({ outcome: 'failure', code: error.code, error, durationMs: Date.now() - started, count: this.#held?.models.length ?? 0, forced });
    } finally {
      // After a failure too: instances waiting for this one's list then try the upstream themselves.
      await this.#shared?.release();
      this.#running = false;
    }
  }

  async #adoptShared(): Promise<void> {
    const list = await this.#shared?.latest(this.#held?.refreshedAt);
    if (list) this.#adopt(list);
  }

  /** Takes a list another instance fetched; a failure of ours older than that list is over. */
  #adopt(list: Held): void {
    this.#held = { models: deepFreeze(list.models.filter(this.#options.keep)), refreshedAt: list.refreshedAt };
    if (this.#failedAt !== undefined && this.#failedAt <= list.refreshedAt) {
      this.#error = undefined;
      this.#failedAt = undefined;
    }
    this.#version += 1;
  }

  #emit(event: RefreshEvent): void {
    try {
      this.#options.onRefresh?.(event);
    } catch {
      this.#log('error', 'the onRefresh hook threw; the refresh itself was not affected.');
    }
  }

  /** Last guard: an error whose text holds a secret is rebuilt with that text scrubbed. */
  #scrub(error: ModelDiscoveryError): ModelDiscoveryError {
    if (!this.#redactor.leaks(error.message)) return error;
    return createError(error.code, this.#redactor.redact(error.message), error.status);
  }

  #notConfigured(error: NotConfiguredError): Snapshot {
    if (!this.#warnedNotConfigured) {
      this.#warnedNotConfigured = true;
      this.#error = this.#scrub(error);
      this.#version += 1;
      this.#log('warn', error.message);
    }
    return this.#currentSnapshot();
  }

  // The warm read passes in the time it already read: a clock read is the dearest step of a cache
  // hit (100-200 ns on some virtual machines), so the hot path reads it once.
  #currentSnapshot(now = Date.now()): Snapshot {
    const held = this.#held;
    const stale = held !== undefined && (this.#error !== undefined || now - held.refreshedAt >= this.#options.ttl);
    const cached = this.#snapshot;
    if (cached && cached.version === this.#version && cached.stale === stale) return cached.value;
    const lastRefreshed = held ? new Date(held.refreshedAt).toISOString() : null;
    const error = this.#error ? this.#error.toInfo() : null;
    const value: Snapshot = deepFreeze({
      models: held ? (held.models as Model[]) : (this.#fallback as Model[]),
      discoveryAvailable: held !== undefined,
      stale,
      lastRefreshed,
      error,
      // One upstream for now, named `default` as SPEC names the source made of top-level options.
      sources: [{ name: 'default', status: this.#status(held, stale), count: held?.models.length ?? 0, lastRefreshed, error }],
    });
    this.#snapshot = { version: this.#version, stale, value };
    return value;
  }

  #status(held: Held | undefined, stale: boolean): SourceStatus {
    if (isModelDiscoveryError(this.#endpoint)) return 'not_configured';
    if (held) return stale ? 'stale' : 'fresh';
    return this.#error ? 'down' : 'pending';
  }

  /** `util.inspect()` shows a summary; credentials are never part of it. */
  [Symbol.for('nodejs.util.inspect.custom')](): object {
    return this.toJSON();
  }

  toJSON(): object {
    const endpoint = this.#endpoint;
    return {
      gateway: isModelDiscoveryError(endpoint) ? null : endpoint.modelsURL,
      models: this.#held?.models.length ?? 0,
      lastRefreshed: this.#held ? new Date(this.#held.refreshedAt).toISOString() : null,
      error: this.#error?.code ?? null,
    };
  }
}

// Shared by every call without options, so a warm read allocates nothing of its own.
const NO_OPTIONS: GetModelsOptions = Object.freeze({});

function checkCallOptions(options: GetModelsOptions, method: string): GetModelsOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(`model-discovery: ${method}() takes an options object.`);
  if (options.refresh !== undefined && typeof options.refresh !== 'boolean') {
    throw new TypeError(`model-discovery: ${method}({ refresh }) must be a boolean.`);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError(`model-discovery: ${method}({ signal }) must be an AbortSignal.`);
  }
  return options;
}

/** Waits for shared work without cancelling it: the caller's abort only ends the caller's wait. */
function untilSettledOrAborted(work: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function toFallbackModel(entry: string | Model): Model {
  const model = typeof entry === 'string' ? normalizeModel({ id: entry }) : normalizeModel(entry);
  if (!model) throw new TypeError('model-discovery: every `fallbackModels` id must be 1-256 characters with no control characters.');
  return model;
}

/** Duplicate ids are dropped, first one kept, as they are from an upstream list. */
function firstOfEachId(models: Model[]): Model[] {
  const seen = new Set<string>();
  return models.filter((model) => !seen.has(model.id) && seen.add(model.id));
}

/** The user and password of a `user:pass@` base URL, raw and decoded, for a redactor. */
export function credentialsIn(baseURL: string | undefined): string[] {
  if (!baseURL) return [];
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(baseURL);
  if (!match?.[1]) return [];
  const [user = '', password = ''] = match[1].split(':');
  return [user, password, decodeSafely(user), decodeSafely(password)];
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
