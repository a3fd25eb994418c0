import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { LRUCache } from 'lru-cache';
import pMemoize from 'p-memoize';

import { countingFetch, plainLoader } from './lib/alternatives.js';
import { scale } from './lib/config.js';
import { num, ratio, spread } from './lib/format.js';
import { startGateway } from './lib/gateway.js';
import { loadLibrary } from './lib/library.js';
import { pairedRatios, quantileSorted, summarize } from './lib/stats.js';
import type { Section } from './lib/table.js';

// The same burst in a quick run: it lasts well under a second a side.
const CALLERS = 10_000;
// A p99 of a few ms on a shared machine moves a lot from run to run: many short rounds.
const RUNS = scale(15, 7);
const WARM_UP = 2;
const DELAY_MS = 100;

interface FanOut {
  calls: number;
  p50: number;
  p99: number;
}

/**
 * Starts `CALLERS` calls in one burst, all cold, and measures each caller's wait from its own
 * start to its own answer, less the gateway's fixed delay.
 */
async function fanOut(call: () => Promise<unknown>, calls: () => number): Promise<FanOut> {
  const waits = new Array<number>(CALLERS);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < CALLERS; i += 1) {
    const started = performance.now();
    pending.push(
      call().then(() => {
        waits[i] = performance.now() - started - DELAY_MS;
      }),
    );
  }
  await Promise.all(pending);
  waits.sort((a, b) => a - b);
  return { calls: calls(), p50: quantileSorted(waits, 0.5), p99: quantileSorted(waits, 0.99) };
}

/** A full collection, when the section runs with `--expose-gc` (as `bench/run.ts` starts it). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A port nothing listens on: a connection to it is refused at once, as to a stopped Ollama. */
async function refusedURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

type Library = Awaited<ReturnType<typeof loadLibrary>>;

/**
 * A cold read of three sources, one of them dead (connection refused), against the cold read of
 * the slowest live source alone, on the same gateways, each on a new instance: the ratio is what
 * the merge and the dead source add to the wait (1 = nothing).
 */
async function coldMerge(ModelDiscovery: Library['ModelDiscovery']): Promise<{ merged: number[]; slowest: number[] }> {
  const fast = await startGateway({ delayMs: DELAY_MS / 2 });
  const slow = await startGateway({ delayMs: DELAY_MS });
  const dead = await refusedURL();
  const merged: number[] = [];
  const slowest: number[] = [];
  try {
    for (let i = -1; i < RUNS; i += 1) {
      const alone = new ModelDiscovery({ baseURL: slow.url });
      let started = performance.now();
      await alone.getModels();
      const slowestTime = performance.now() - started;
      const three = new ModelDiscovery({
        sources: [
          { name: 'fast', baseURL: fast.url },
          { name: 'dead', baseURL: dead },
          { name: 'slow', baseURL: slow.url, idPrefix: 'slow/' },
        ],
      });
      started = performance.now();
      const snapshot = await three.getModels();
      const mergedTime = performance.now() - started;
      if (snapshot.sources.map((source) => source.status).join() !== 'fresh,down,fresh') throw new Error('bench: the three-source cold read did not see two live sources and one dead.');
      if (i >= 0) {
        merged.push(mergedTime);
        slowest.push(slowestTime);
      }
    }
  } finally {
    await fast.close();
    await slow.close();
  }
  return { merged, slowest };
}

export async function run(): Promise<Section> {
  const { ModelDiscovery } = await loadLibrary();
  const gateway = await startGateway({ delayMs: DELAY_MS });
  try {
    // One discovery first, so the SDK's one-time import and the first connection are not timed.
    await new ModelDiscovery({ baseURL: gateway.url }).getModels();
    const ours: FanOut[] = [];
    const lru: FanOut[] = [];
    const memo: FanOut[] = [];
    // Each side builds its cold cache, then calls it CALLERS times: the same gateway, a new cache.
    const sides: Array<{ runs: FanOut[]; start: () => () => Promise<unknown> }> = [
      { runs: ours, start: () => { const discovery = new ModelDiscovery({ baseURL: gateway.url }); return () => discovery.getModels(); } },
      { runs: lru, start: () => { const cache = new LRUCache<string, object>({ max: 10, ttl: 300_000, fetchMethod: plainLoader(gateway.url) as () => Promise<object> }); return () => cache.fetch('models'); } },
      { runs: memo, start: () => { const memoized = pMemoize(plainLoader(gateway.url)); return () => memoized(); } },
    ];
    // The first WARM_UP rounds warm the JIT for every side and are not counted. Each round starts
    // with another side (so none always follows the same one), and every side starts on a heap
    // just collected: a p99 of a few ms is otherwise mostly where the last side's garbage was
    // collected, not the side itself.
    for (let round = -WARM_UP; round < RUNS; round += 1) {
      for (let turn = 0; turn < sides.length; turn += 1) {
        const side = sides[(((round + WARM_UP) % sides.length) + turn) % sides.length]!;
        gateway.reset();
        const call = side.start();
        collectGarbage();
        const result = await fanOut(call, () => gateway.calls);
        if (round >= 0) side.runs.push(result);
      }
    }

    // No in-flight sharing: every cold caller misses the Map and fetches. Counted with an
    // in-memory fetch, since 10,000 sockets at once would measure the kernel, not the cache;
    // after the timed rounds, as its 10,000 responses would weigh on the heap of the next side.
    const naive: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const counter = countingFetch(DELAY_MS);
      const map = new Map<string, unknown>();
      const load = plainLoader('http://gateway.bench', counter.fetch);
      await Promise.all(Array.from({ length: CALLERS }, async () => map.get('models') ?? map.set('models', await load())));
      naive.push(counter.calls);
    }

    const cold = await coldMerge(ModelDiscovery);

    const calls = summarize(ours.map((run) => run.calls));
    if (calls.max !== 1) throw new Error(`bench: ${CALLERS} cold callers made ${calls.max} upstream calls; single-flight is broken.`);
    const pick = (runs: FanOut[], key: 'p50' | 'p99') => runs.map((run) => run[key]);
    const latencyRow = (key: 'p50' | 'p99', name: string, theirs: FanOut[], goal = 'info') => ({
      compared: `${key} added latency over the gateway's ${DELAY_MS} ms, ${num(CALLERS)} cold callers: model-discovery ÷ ${name} (< 1 = less added)`,
      ours: spread(summarize(pick(ours, key)), 'ms'),
      theirs: spread(summarize(pick(theirs, key)), 'ms'),
      ratio: ratio(summarize(pairedRatios(pick(ours, key), pick(theirs, key)))),
      goal,
      runs: RUNS,
    });
    return {
      id: 'single-flight',
      title: '3. Single-flight',
      method:
        `${num(CALLERS)} calls started in one synchronous burst on a cold instance, against a real node:http gateway on 127.0.0.1 that answers after a fixed ${DELAY_MS} ms. ` +
        `Each caller's added latency is its own wait (from its call to its answer) less ${DELAY_MS} ms. ${RUNS} rounds after ${WARM_UP} untimed ones, a new instance each; each round starts with another of the three, and each side starts on a heap just collected (a full GC). lru-cache and p-memoize wrap a plain fetch + JSON parse of the same gateway.`,
      rows: [
        {
          compared: `upstream calls for ${num(CALLERS)} cold callers: model-discovery vs a Map with no in-flight sharing (ratio = naive ÷ ours)`,
          ours: spread(calls),
          theirs: spread(summarize(naive)),
          ratio: ratio(summarize(pairedRatios(naive, ours.map((run) => run.calls)))),
          goal: 'ours = 1',
          runs: RUNS,
        },
        latencyRow('p50', 'lru-cache fetch()', lru),
        latencyRow('p99', 'lru-cache fetch()', lru, '≤ 1'),
        latencyRow('p99', 'p-memoize', memo),
        {
          compared: `cold read of 3 sources, one refusing connections, ÷ cold read of the slowest live source alone (${DELAY_MS} ms), wall time (1 = the dead source adds nothing)`,
          ours: spread(summarize(cold.merged), 'ms'),
          theirs: spread(summarize(cold.slowest), 'ms'),
          ratio: ratio(summarize(pairedRatios(cold.merged, cold.slowest))),
          goal: '≤ 1.1',
          runs: RUNS,
        },
      ],
      notes: [
        `lru-cache fetch() and p-memoize also share an in-flight promise: ${summarize(lru.map((r) => r.calls)).max} and ${summarize(memo.map((r) => r.calls)).max} upstream call(s) at most per run.`,
        'Cold callers without options share one waiting read: one async frame and one bounded wait for the whole burst, where lru-cache gives each caller its own.',
        "The added latency includes the discovery itself (the SDK request, bounded body read, validation, snapshot) and the time to settle every caller's promise; the first caller's wait includes the burst of calls started before the answer came.",
        'The naive Map is counted with an in-memory fetch with the same delay (no socket): it makes one upstream call per cold caller by construction.',
        `The three-source cold read merges a gateway answering after ${DELAY_MS / 2} ms, a port that refuses connections, and one answering after ${DELAY_MS} ms; each run builds new instances (the SDK client of each source included) for both reads.`,
      ],
    };
  } finally {
    await gateway.close();
  }
}
