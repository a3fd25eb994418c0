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
  // The same read with an `onRead` hook that counts, as an operator's would.
  const counts = { hit: 0, stale: 0, miss: 0, inflight: 0, refresh: 0 };
  const counted = new ModelDiscovery({
    baseURL: 'http://gateway.bench',
    fetch: inMemoryFetch(new CatalogueServer(models, false)),
    onRead: (status) => {
      counts[status] += 1;
    },
  });
  await counted.getModels();
  // The same read with the background refresh on (issue #15): its timer must add nothing per read.
  const ticking = new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: inMemoryFetch(new CatalogueServer(models, false)), refreshInterval: 60_000 });
  await ticking.getModels();

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
    ['getModels() with onRead', asyncBatch(() => counted.getModels())],
    ['getModels() with refreshInterval', asyncBatch(() => ticking.getModels())],
    ['lru-cache fetch()', asyncBatch(() => lru.fetch('models'))],
    ['p-memoize', asyncBatch(() => memoized())],
    ['async Map.get', asyncBatch(handRolled)],
    ['async Map.get + TTL', asyncBatch(handRolledTtl)],
    ['Map.get (sync)', syncBatch(() => map.get('models'))],
  ];

  // Rounds rotate the order, so warm-up, GC debt and turbo clocks do not favour one task.
  const opsPerSecond = await opsPerSecondByRound(tasks, ROUNDS, TIME_MS, BATCH);
  if (sink === undefined) throw new Error('bench: no read produced a value.');
  if (counts.hit === 0) throw new Error('bench: the onRead hook counted no hit.');
  await ticking.close();

  const ours = opsPerSecond.get('getModels()') ?? [];
  const oursText = spread(summarize(ours), 'ops/s');
  const against = (name: string, goal: string, note = ''): Row =>
    opsRatioRow(`getModels() ÷ ${name}${note}, ops/s (> 1 = faster)`, ours, opsPerSecond.get(name) ?? [], goal);

  // Another getModels() (more sources, a hook) against the plain one.
  const variant = (name: string, compared: string, goal: string): Row => {
    const theirs = opsPerSecond.get(name) ?? [];
    return { compared, ours: spread(summarize(theirs), 'ops/s'), theirs: oursText, ratio: ratio(summarize(pairedRatios(theirs, ours))), goal, runs: ours.length };
  };

  return {
    id: 'cached-read',
    title: '1. Cached read',
    method:
      `A warm cache read in one process, with tinybench: each sample is ${num(BATCH)} sequential awaited reads of a 20-model snapshot, ` +
      `${ROUNDS} rounds of ${TIME_MS} ms per task, task order rotated each round; the ratio is taken per round.`,
    rows: [
      variant('getModels() of 3 sources', 'getModels() of a 3-source instance ÷ getModels() of a 1-source instance, ops/s (> 1 = faster)', '≥ 0.9'),
      variant('getModels() with refreshInterval', 'getModels() with refreshInterval on ÷ getModels() of a 1-source instance without it, ops/s (1 = the timer costs nothing)', '≥ 0.95'),
      against('lru-cache fetch()', '≥ 1', ' on a hit'),
      variant('getModels() with onRead', 'getModels() with an `onRead` hook counting every read ÷ getModels() without one, ops/s (1 = the hook costs nothing)', 'info'),
      against('p-memoize', 'info', "'d function on a hit"),
      against('async Map.get + TTL', 'info', ' (hand-rolled, one Date.now() per read)'),
      against('async Map.get', 'info', ' (hand-rolled, no TTL)'),
      against('Map.get (sync)', 'floor', ' of a held object'),
    ],
    notes: [
      'Every async alternative pays one `await` per read, as getModels() does; `Map.get (sync)` is the floor no async API can reach.',
      'A warm getModels() reads the clock at most once per millisecond (`ttlResolution`, a cached time forgotten by a timer), as lru-cache does: on this kind of virtual machine one `Date.now()` costs 100-250 ns, more than the rest of a hit (see the hand-rolled TTL row).',
      'Without `onRead` the warm read checks one field for it; the `onRead` row is the cost of a hook that counts.',
    ],
  };
}
