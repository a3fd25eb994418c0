import { normalizeModel } from '../../model/normalize.js';
import type { Model, Snapshot } from '../../model/schema.js';
import type { AnthropicModel } from './anthropic.js';
import type { OpenAIModel } from './openai.js';
import type { WaitUntil } from '../shared/http.js';
import { modelsOf } from './model-list.js';

/** What the served routes serve: anything with `getModels()` (a `ModelDiscovery`), or a fixed list of ids or models. */
export type ServedModels = { getModels(options?: { waitUntil?: WaitUntil }): Promise<Pick<Snapshot, 'models'>> } | ReadonlyArray<string | Model>;

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
}

/**
 * Returns a function that yields the current catalog. A discovery's snapshot is the same object
 * while nothing changed, so catalogs are memoised per snapshot. If `getModels()` ever rejects, the
 * last catalog (or an empty one) is served: a discovery problem must never become a 5xx.
 */
export function catalogLoader(served: ServedModels, keep: (model: Model) => boolean): (waitUntil?: WaitUntil) => Promise<Catalog> {
  if (Array.isArray(served)) {
    const catalog = buildCatalog(served.map(toStaticModel), keep);
    return () => Promise.resolve(catalog);
  }
  if (typeof (served as { getModels?: unknown } | null)?.getModels !== 'function') {
    throw new TypeError('model-discovery: the served routes need a ModelDiscovery (anything with getModels()) or an array of model ids or models.');
  }
  const discovery = served as Exclude<ServedModels, ReadonlyArray<unknown>>;
  const catalogs = new WeakMap<object, Catalog>();
  let last = buildCatalog([], keep);
  return async (waitUntil) => {
    try {
      const snapshot = await (waitUntil ? discovery.getModels({ waitUntil }) : discovery.getModels());
      let catalog = catalogs.get(snapshot);
      if (!catalog) {
        catalog = buildCatalog(modelsOf(snapshot), keep);
        catalogs.set(snapshot, catalog);
      }
      last = catalog;
    } catch {
      // getModels() resolves for every upstream problem; this only guards a hand-made object.
    }
    return last;
  };
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
