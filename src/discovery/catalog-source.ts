import { isModelDiscoveryError } from '../errors/errors.js';
import type { Store } from '../fleet/store.js';
import { buildCatalogIndex, type CatalogIndex } from '../model/catalog.js';
import { MetadataDrops } from '../model/metadata.js';
import { fingerprint } from '../security/fingerprint.js';
import type { Redactor } from '../security/redact.js';
import type { SafeLog } from '../security/safe-log.js';
import { raceAbort, startDeadline } from '../upstream/deadline.js';
import { boundedFetch, readJson } from '../upstream/transport.js';

/** The `catalog` option: a models.dev-shaped document, fetched (`url`) or given (`data`). */
export type CatalogOption = { url: string } | { data: unknown };

export interface CatalogSettings {
  catalog: CatalogOption;
  /** How long a fetched catalog is used before it is fetched again. */
  catalogTtl: number;
  timeout: number;
  maxBodyBytes: number;
  fetch: typeof globalThis.fetch | undefined;
  redactor: Redactor;
  log: SafeLog;
  store: Store | undefined;
  storeTimeout: number;
  /** Called when a new catalog is in use, so the next snapshot carries it. */
  changed: () => void;
}

/** After a failed fetch, the catalog is not asked again for this long (the list never waits for it). */
const RETRY_AFTER = 60_000;

const CATALOG_ENTRY_VERSION = 2;

/** The store key of a catalog URL: no part of it is secret, but a hash keeps the key short. */
async function catalogKey(url: string): Promise<string> {
  return `model-discovery:v2:catalog:${await fingerprint(url)}`;
}

/**
 * The catalog of one `ModelDiscovery`: built once from `data`, or fetched from `url` through the
 * same bounded transport as the upstreams (deadline, body cap, no redirects), with no credential
 * of any source, kept `catalogTtl` and shared through the store. It never throws and never
 * delays a list: `current()` answers what is held, and a fetch runs in the background.
 */
export class CatalogSource {
  readonly #settings: CatalogSettings;
  #index: CatalogIndex | undefined;
  #fetchedAt = 0;
  #failedAt = 0;
  #loading: Promise<void> | undefined;
  readonly #closer = new AbortController();

  constructor(settings: CatalogSettings) {
    this.#settings = settings;
    if ('data' in settings.catalog) this.#index = this.#build(settings.catalog.data);
  }

  /** The index held now (undefined until a first fetch succeeded). */
  current(): CatalogIndex | undefined {
    return this.#index;
  }

  /**
   * The fetch under way, or a new one when a `url` catalog is due (never fetched, past
   * `catalogTtl`, and not failed within the last minute); undefined when nothing is to wait for.
   */
  loadIfDue(): Promise<void> | undefined {
    if (this.#loading) return this.#loading;
    if (!('url' in this.#settings.catalog) || this.#closer.signal.aborted) return undefined;
    const now = Date.now();
    return now - this.#fetchedAt >= this.#settings.catalogTtl && now - this.#failedAt >= RETRY_AFTER ? this.load() : undefined;
  }

  /** Fetches the catalog now, once even when called many times; resolves when done, never rejects. */
  load(): Promise<void> {
    this.#loading ??= this.#fetch().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** Abandons a fetch in flight and stops every store call; resolves once the one in flight has settled. */
  async close(): Promise<void> {
    this.#closer.abort();
    await this.#loading;
  }

  async #fetch(): Promise<void> {
    const { catalog, timeout, maxBodyBytes, redactor, log } = this.#settings;
    if (!('url' in catalog)) return;
    // Another instance of the fleet may have fetched it within the TTL: one fetch a day per fleet.
    const shared = await this.#fromStore(catalog.url);
    if (shared) {
      this.#use(shared.document, shared.fetchedAt);
      return;
    }
    const deadline = startDeadline(timeout, this.#closer.signal);
    try {
      const fetch = boundedFetch({ fetch: this.#settings.fetch ?? ((input, init) => globalThis.fetch(input, init)), maxBodyBytes, redactor });
      // No credential of any source: the catalog is another origin.
      const response = await raceAbort(fetch(catalog.url, { headers: { accept: 'application/json' }, signal: deadline.signal }), deadline.signal);
      const document = await raceAbort(readJson(response, { maxBytes: maxBodyBytes }), deadline.signal);
      const fetchedAt = Date.now();
      this.#use(document, fetchedAt);
      await this.#toStore(catalog.url, document, fetchedAt);
    } catch (error) {
      if (this.#closer.signal.aborted) return;
      this.#failedAt = Date.now();
      const code = deadline.signal.aborted ? 'timeout' : isModelDiscoveryError(error) ? error.code : 'network_error';
      log('warn', `the catalog could not be fetched (${code}); model metadata is served without it, and it is asked again in ${RETRY_AFTER / 1000} s.`);
    } finally {
      deadline.clear();
    }
  }

  #use(document: unknown, fetchedAt: number): void {
    this.#index = this.#build(document);
    this.#fetchedAt = fetchedAt;
    this.#settings.changed();
  }

  async #fromStore(url: string): Promise<{ document: unknown; fetchedAt: number } | undefined> {
    const entry = await this.#storeCall(async (store) => store.get(await catalogKey(url)));
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { v, fetchedAt, document } = entry as { v?: unknown; fetchedAt?: unknown; document?: unknown };
    if (v !== CATALOG_ENTRY_VERSION || typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt)) return undefined;
    const age = Date.now() - fetchedAt;
    return age >= 0 && age < this.#settings.catalogTtl ? { document, fetchedAt } : undefined;
  }

  async #toStore(url: string, document: unknown, fetchedAt: number): Promise<void> {
    await this.#storeCall(async (store) => store.set(await catalogKey(url), { v: CATALOG_ENTRY_VERSION, fetchedAt, document }, this.#settings.catalogTtl));
  }

  /** A store call bounded by `storeTimeout`; a store that fails or hangs only means no sharing. */
  async #storeCall(work: (store: Store) => Promise<unknown>): Promise<unknown> {
    const { store, storeTimeout } = this.#settings;
    if (!store || this.#closer.signal.aborted) return undefined;
    const deadline = startDeadline(storeTimeout);
    try {
      return await raceAbort(Promise.resolve().then(() => work(store)), deadline.signal);
    } catch {
      return undefined;
    } finally {
      deadline.clear();
    }
  }

  #build(document: unknown): CatalogIndex {
    const drops = new MetadataDrops();
    const index = buildCatalogIndex(document, drops);
    const summary = drops.summary('The catalog');
    if (summary) this.#settings.log('warn', summary);
    if (index.size === 0) this.#settings.log('warn', 'the catalog holds no model this library can read (expected a models.dev-shaped document: providers with "models").');
    return index;
  }
}
