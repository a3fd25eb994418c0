import { normalizeModel } from '../../model/normalize.js';
import type { Model, Snapshot } from '../../model/schema.js';
import type { AnthropicModel } from './anthropic.js';
import { claudeIdsFirst } from './claude-first.js';
import type { OpenAIModel } from './openai.js';
import type { WaitUntil } from '../shared/http.js';
import { modelsOf } from './model-list.js';
import type { TenantCredentials } from '../shared/credentials.js';

/**
 * What the served routes serve: anything with `getModels()` (a `ModelDiscovery`), or a fixed list
 * of ids or models. One with `peek()` (a `ModelDiscovery` has it) is answered from `peek()` when
 * `getModels()` takes longer than `maxWait`; one without it, from the last list it gave.
 */
export type ServedModels = ServedLister | ReadonlyArray<string | Model>;

/** A discovery as the served routes read it. */
export interface ServedLister {
  getModels(options?: { waitUntil?: WaitUntil }): Promise<Pick<Snapshot, 'models'>>;
  peek?(): Pick<Snapshot, 'models'>;
  /** A tenant's own lister; needed by the `credentials` option (a `ModelDiscovery` has it). */
  forCredentials?(credentials: TenantCredentials): ServedLister;
}

/**
 * The old name of {@link ServedModels}; "source" now means one upstream in the `sources` option.
 * @deprecated Use `ServedModels`. To be removed in the next major version.
 */
export type ServedModelSource = ServedModels;

/** The served list with what each request needs precomputed: built once per snapshot, not per request. */
export interface Catalog {
  readonly models: readonly Model[];
  readonly index: ReadonlyMap<string, number>;
  /** Each shape's items, serialised on first use. */
  anthropic?: AnthropicModel[];
  openai?: OpenAIModel[];
  /** The Anthropic shape's order when a page holds less than the whole list (see claude-first.ts). */
  claudeFirst?: Ordered;
  /** A tenant's list that the upstream refused to give (401/403) and that was never held: answered 401. */
  refused?: boolean;
}

/** One order of the Anthropic-shaped items, with each id's position for the paging cursors. */
export interface Ordered {
  readonly items: readonly AnthropicModel[];
  readonly index: ReadonlyMap<string, number>;
}

/** The catalog's items (`anthropic`) with Claude ids first, built once per catalog. */
export function claudeFirstOrder(catalog: Catalog, anthropic: readonly AnthropicModel[]): Ordered {
  if (catalog.claudeFirst) return catalog.claudeFirst;
  const items = claudeIdsFirst(anthropic);
  const index = items === anthropic ? catalog.index : new Map(items.map((item, position) => [item.id, position]));
  catalog.claudeFirst = { items, index };
  return catalog.claudeFirst;
}

const TIMED_OUT = Symbol('maxWait passed');

/** The current catalog, waiting for discovery at most `maxWait`. */
export type CatalogLoad = (waitUntil?: WaitUntil) => Promise<Catalog>;

/**
 * Returns a function that yields the current catalog. A discovery's snapshot is the same object
 * while nothing changed, so catalogs are memoised per snapshot. A request waits for discovery at
 * most `maxWait`, then takes `peek()` (the held or fallback list) while discovery goes on. If
 * `getModels()` ever rejects, the last catalog (or an empty one) is served: a discovery problem
 * must never become a 5xx.
 */
export function catalogLoader(served: ServedModels, keep: (model: Model) => boolean, maxWait: number, tenant = false): CatalogLoad {
  if (Array.isArray(served)) {
    const catalog = buildCatalog(served.map(toStaticModel), keep);
    return () => Promise.resolve(catalog);
  }
  if (typeof (served as { getModels?: unknown } | null)?.getModels !== 'function') {
    throw new TypeError('model-discovery: the served routes need a ModelDiscovery (anything with getModels()) or an array of model ids or models.');
  }
  const discovery = served as Exclude<ServedModels, ReadonlyArray<unknown>>;
  const peek = typeof discovery.peek === 'function' ? () => discovery.peek!() : undefined;
  const catalogs = new WeakMap<object, Catalog>();
  let last = buildCatalog([], keep);
  const catalogOf = (snapshot: Pick<Snapshot, 'models'>): Catalog => {
    let catalog = catalogs.get(snapshot);
    if (!catalog) {
      catalog = buildCatalog(modelsOf(snapshot), keep);
      // A tenant whose key the upstream refuses gets the upstream's answer, not the fallback list.
      const { discoveryAvailable, error } = snapshot as Partial<Snapshot>;
      if (tenant && discoveryAvailable === false && error?.code === 'unauthorized') catalog.refused = true;
      catalogs.set(snapshot, catalog);
    }
    return catalog;
  };
  return async (waitUntil) => {
    try {
      // Raced on every request, held list or not: with several sources a read also waits for a
      // source that has never answered, and with a store for the store (see getModels()). The
      // timer costs a few microseconds; this route is asked once per client start-up.
      // On Cloudflare Workers, `waitUntil` keeps that refresh alive after the answer.
      const pending = waitUntil ? discovery.getModels({ waitUntil }) : discovery.getModels();
      const settled = await within(pending, maxWait);
      if (settled === TIMED_OUT) {
        // The refresh goes on and lands in the discovery; its outcome has no one else to tell.
        pending.catch(() => {});
        const current = peek?.();
        if (current) last = catalogOf(current);
      } else {
        last = catalogOf(settled);
      }
    } catch {
      // getModels() resolves for every upstream problem; this only guards a hand-made object.
    }
    return last;
  };
}

function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function buildCatalog(all: readonly Model[], keep: (model: Model) => boolean): Catalog {
  const models: Model[] = [];
  const index = new Map<string, number>();
  for (const model of all) {
    if (index.has(model.id) || !keep(model)) continue;
    index.set(model.id, models.length);
    models.push(model);
  }
  return { models, index };
}

function toStaticModel(entry: string | Model): Model {
  const model = normalizeModel(typeof entry === 'string' ? { id: entry } : entry);
  if (!model) throw new TypeError('model-discovery: every served model must be an id (or have an `id`) of 1-256 characters with no control characters.');
  return model;
}
