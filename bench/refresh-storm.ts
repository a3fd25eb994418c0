import { LRUCache } from 'lru-cache';

import { plainLoader } from './lib/alternatives.js';
import { scale } from './lib/config.js';
import { num, ratio, spread } from './lib/format.js';
import { startGateway, type Gateway } from './lib/gateway.js';
import { loadLibrary } from './lib/library.js';
import { pairedRatios, summarize } from './lib/stats.js';
import type { Section } from './lib/table.js';

const RATE = 1_000;
const SECONDS = scale(5, 1);
const RUNS = scale(3, 1);
const DELAY_MS = 100;
// Timers are not precise to a millisecond: calls go out in bursts every 10 ms, on a fixed
// schedule so that a late timer is caught up rather than lowering the rate.
const TICK_MS = 10;

interface Storm {
  calls: number;
  sent: number;
  /** Refreshes per second actually sent: a busy machine can fall behind the schedule. */
  rate: number;
}

/** Fires `RATE` forced refreshes per second for `SECONDS`, then waits for all of them. */
async function storm(gateway: Gateway, refresh: () => Promise<unknown>): Promise<Storm> {
  gateway.reset();
  const perTick = (RATE * TICK_MS) / 1000;
  const ticks = (SECONDS * 1000) / TICK_MS;
  const pending: Promise<unknown>[] = [];
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick += 1) {
    for (let i = 0; i < perTick; i += 1) pending.push(refresh());
    const next = started + (tick + 1) * TICK_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  const rate = pending.length / ((performance.now() - started) / 1000);
  await Promise.all(pending);
  return { calls: gateway.calls, sent: pending.length, rate };
}

export async function run(): Promise<Section> {
  const { ModelDiscovery } = await loadLibrary();
  const gateway = await startGateway({ delayMs: DELAY_MS });
  try {
    const ours: Storm[] = [];
    const lru: Storm[] = [];
    const naive: Storm[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const discovery = new ModelDiscovery({ baseURL: gateway.url });
      await discovery.getModels();
      ours.push(await storm(gateway, () => discovery.refresh()));

      const cache = new LRUCache<string, object>({ max: 10, ttl: 300_000, fetchMethod: plainLoader(gateway.url) as () => Promise<object> });
      await cache.fetch('models');
      lru.push(await storm(gateway, () => cache.fetch('models', { forceRefresh: true })));

      const load = plainLoader(gateway.url);
      naive.push(await storm(gateway, load));
    }
    const calls = (runs: Storm[]) => runs.map((run) => run.calls);
    const sent = summarize(ours.map((run) => run.sent)).median;
    const row = (name: string, theirs: Storm[], goal: string) => ({
      compared: `upstream calls for ${num(sent)} forced refreshes (${num(RATE)}/s for ${SECONDS} s): ${name} ÷ model-discovery (× fewer)`,
      ours: spread(summarize(calls(ours))),
      theirs: spread(summarize(calls(theirs))),
      ratio: ratio(summarize(pairedRatios(calls(theirs), calls(ours)))),
      goal,
      runs: RUNS,
    });
    return {
      id: 'refresh-storm',
      title: '4. Refresh storm',
      method:
        `${num(RATE)} forced refreshes per second (bursts of ${(RATE * TICK_MS) / 1000} every ${TICK_MS} ms) for ${SECONDS} s against a real node:http gateway on 127.0.0.1 ` +
        `that answers after ${DELAY_MS} ms; the gateway counts the requests it receives. ${RUNS} run(s). model-discovery calls \`refresh()\` with its default \`minRefreshInterval\` of 1 s.`,
      rows: [row('plain fetch per refresh', naive, 'ours ≈ 1 per second'), row('lru-cache fetch({ forceRefresh: true })', lru, 'info')],
      notes: [
        `Rate actually sent, refreshes per second: model-discovery ${spread(summarize(ours.map((run) => run.rate)))}, lru-cache ${spread(summarize(lru.map((run) => run.rate)))}, plain fetch ${spread(summarize(naive.map((run) => run.rate)))}.`,
        'lru-cache joins a fetch already in flight, so its calls track the gateway delay (about one per 100 ms); model-discovery also reuses a refresh finished within the last second.',
      ],
    };
  } finally {
    await gateway.close();
  }
}
