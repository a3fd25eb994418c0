import { LRUCache } from 'lru-cache';
import pMemoize from 'p-memoize';

import { catalogue, CatalogueServer, inMemoryFetch } from './lib/catalogue.js';
import { scale } from './lib/config.js';
import { num, ratio, spread } from './lib/format.js';
import { loadLibrary } from './lib/library.js';
import { opsPerSecondByRound, opsRatioRow } from './lib/rounds.js';
import { pairedRatios, summarize } from './lib/stats.js';
import type { Row, Section } from './lib/table.js';

// Every sample runs the read this many times, so one sample lasts microseconds, far above the
// timer's resolution, instead of the few nanoseconds one `Map.get` takes.
const BATCH = 1_000;
const ROUNDS = scale(7, 2);
const TIME_MS = scale(400, 60);

type Read = () => unknown;

/** Result of one read: kept so no engine can prove the reads dead and drop them. */
let sink: unknown;

function syncBatch(read: Read): () => void {
  return () => {
    for (let i = 0; i < BATCH; i += 1) sink = read();
  };
}

function asyncBatch(read: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    for (let i = 0; i < BATCH; i += 1) sink = await read();
  };
}

export async function run(): Promise<Section> {
  const { ModelDiscovery } = await loadLibrary();
  const models = catalogue(20);
  const discovery = new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: inMemoryFetch(new CatalogueServer(models, false)) });
  const warm = await discovery.getModels();
  if (warm.models.length !== models.length) throw new Error('bench: the warm-up discovery did not load the list.');
  // The same read of an instance merging three sources (60 models, two of them prefixed).
  const merged = new ModelDiscovery({
    fetch: inMemoryFetch(new CatalogueServer(models, false)),
    sources: [
      { name: 'a', baseURL: 'http://a.bench' },
      { name: 'b', baseURL: 'http://b.bench', idPrefix: 'b/' },
      { name: 'c', baseURL: 'http://c.bench', idPrefix: 'c/' },
    ],
  });
  if ((await merged.getModels()).models.length !== 3 * models.length) throw new Error('bench: the three-source warm-up did not load every list.');

  const load = async () => warm;
  const map = new Map([['models', warm]]);
  const lru = new LRUCache<string, typeof warm>({ max: 100, ttl: 300_000, fetchMethod: load });
  await lru.fetch('models');
  const memoized = pMemoize(load);
  await memoized();
  // The hand-rolled alternatives users write: an async accessor over a Map, loaded once, and
  // the same with a TTL, which has to read the clock on every call as getModels() does.
  const handRolled = async () => map.get('models') ?? (await load());
  const loadedAt = Date.now();
  const handRolledTtl = async () => (Date.now() - loadedAt < 300_000 ? map.get('models') : await load());

  const tasks: [string, () => unknown][] = [
    ['getModels()', asyncBatch(() => discovery.getModels())],
    ['getModels() of 3 sources', asyncBatch(() => merged.getModels())],
    ['lru-cache fetch()', asyncBatch(() => lru.fetch('models'))],
    ['p-memoize', asyncBatch(() => memoized())],
    ['async Map.get', asyncBatch(handRolled)],
    ['async Map.get + TTL', asyncBatch(handRolledTtl)],
    ['Map.get (sync)', syncBatch(() => map.get('models'))],
  ];

  // Rounds rotate the order, so warm-up, GC debt and turbo clocks do not favour one task.
  const opsPerSecond = await opsPerSecondByRound(tasks, ROUNDS, TIME_MS, BATCH);
  if (sink === undefined) throw new Error('bench: no read produced a value.');

  const ours = opsPerSecond.get('getModels()') ?? [];
  const oursText = spread(summarize(ours), 'ops/s');
  const against = (name: string, goal: string, note = ''): Row =>
    opsRatioRow(`getModels() ÷ ${name}${note}, ops/s (> 1 = faster)`, ours, opsPerSecond.get(name) ?? [], goal);

  return {
    id: 'cached-read',
    title: '1. Cached read',
    method:
      `A warm cache read in one process, with tinybench: each sample is ${num(BATCH)} sequential awaited reads of a 20-model snapshot, ` +
      `${ROUNDS} rounds of ${TIME_MS} ms per task, task order rotated each round; the ratio is taken per round.`,
    rows: [
      {
        compared: 'getModels() of a 3-source instance ÷ getModels() of a 1-source instance, ops/s (> 1 = faster)',
        ours: spread(summarize(opsPerSecond.get('getModels() of 3 sources') ?? []), 'ops/s'),
        theirs: oursText,
        ratio: ratio(summarize(pairedRatios(opsPerSecond.get('getModels() of 3 sources') ?? [], ours))),
        goal: '≥ 0.9',
        runs: ours.length,
      },
      against('lru-cache fetch()', '≥ 1', ' on a hit'),
      against('p-memoize', 'info', "'d function on a hit"),
      against('async Map.get + TTL', 'info', ' (hand-rolled, one Date.now() per read)'),
      against('async Map.get', 'info', ' (hand-rolled, no TTL)'),
      against('Map.get (sync)', 'floor', ' of a held object'),
    ],
    notes: [
      'Every async alternative pays one `await` per read, as getModels() does; `Map.get (sync)` is the floor no async API can reach.',
      'getModels() reads the clock once per call to decide staleness exactly; lru-cache reads it at most once per millisecond (`ttlResolution`, a cached time reset by a timer), which is most of the difference where a clock read is dear (see the TTL row).',
    ],
  };
}
