import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery, type RefreshEvent, type Snapshot } from './harness.js';
import { CANARY_KEY, CANARY_TOKEN } from '../support/upstream.js';
import { expectNoCanary } from '../hostile/gateway.js';

// An hour on a simulated clock: one source flaps (up, refused, hung, up, 503) while its neighbour
// is healthy. Checked on every answer: the healthy source is never stale nor failed because of
// the other, the flapping source's held list is never lost once it had one, and each source's
// upstream calls stay within its own budget (TTL, failure backoff, single flight).

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const TTL = 5 * MINUTE;
const FAILURE_BACKOFF = 30 * SECOND;
const TIMEOUT = 5 * SECOND;

type Phase = 'up' | 'refused' | 'hung' | '503';
const CYCLE: Array<[number, Phase]> = [
  [0, 'up'],
  [3, 'refused'],
  [8, 'hung'],
  [11, 'up'],
  [14, '503'],
  [18, 'up'],
];
function phaseAt(elapsed: number): Phase {
  const minute = Math.floor(elapsed / MINUTE) % 20;
  let phase: Phase = 'up';
  for (const [start, p] of CYCLE) if (minute >= start) phase = p;
  return phase;
}

interface Call {
  source: 'healthy' | 'flappy';
  start: number;
  end?: number;
  ok?: boolean;
}

describe('one flapping source beside a healthy one, over an hour', () => {
  beforeAll(async () => {
    await import('../../src/upstream/anthropic-sdk-parts.js');
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never stales or fails the healthy source, never loses the flapping one’s list, and keeps each within its budget', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const t0 = Date.now();
    const calls: Call[] = [];
    const logs: string[] = [];

    const fetch: typeof globalThis.fetch = async (input, init) => {
      const source = new URL(String(input)).hostname === 'healthy.test' ? 'healthy' : 'flappy';
      calls.push({ source, start: Date.now() });
      const list = (ids: string[]) => Response.json({ data: ids.map((id) => ({ id })) });
      if (source === 'healthy') return list(['claude-healthy']);
      switch (phaseAt(Date.now() - t0)) {
        case 'up':
          return list([`flappy-${Math.floor((Date.now() - t0) / MINUTE)}`]);
        case 'refused':
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
        case 'hung':
          return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
        case '503':
          return new Response(`upstream overloaded, key ${CANARY_KEY}`, { status: 503 });
      }
    };
    const discovery = new ModelDiscovery({
      env: {},
      ttl: TTL,
      failureBackoff: FAILURE_BACKOFF,
      fetch,
      logger: { warn: (line: string) => void logs.push(line), info: (line: string) => void logs.push(line) },
      onRefresh: (event: RefreshEvent) => {
        const call = calls.filter((c) => c.source === event.source && c.end === undefined).at(-1)!;
        call.end = Date.now();
        call.ok = event.outcome === 'success';
      },
      sources: [
        { name: 'healthy', baseURL: 'http://healthy.test', dialect: 'openai', authToken: CANARY_TOKEN },
        { name: 'flappy', baseURL: 'http://flappy.test', apiKey: CANARY_KEY, timeout: TIMEOUT },
      ],
    });

    const failures: string[] = [];
    let flappyHadList = false;
    const check = (snapshot: Snapshot) => {
      const now = Date.now();
      const [healthy, flappy] = snapshot.sources;
      const problems: string[] = [];
      const healthyExpired = healthy!.lastRefreshed !== null && now - Date.parse(healthy!.lastRefreshed) >= TTL;
      if (healthy!.error !== null) problems.push('healthy has an error');
      if (healthy!.status !== (healthyExpired ? 'stale' : 'fresh')) problems.push(`healthy is ${healthy!.status}`);
      if (!snapshot.models.some((model) => model.id === 'claude-healthy')) problems.push('healthy models missing');
      if (flappyHadList && (flappy!.count === 0 || !snapshot.models.some((model) => model.source === 'flappy'))) problems.push('flappy list lost');
      flappyHadList ||= flappy!.count > 0;
      expectNoCanary(JSON.stringify(snapshot));
      if (problems.length) failures.push(`+${(now - t0) / SECOND}s: ${problems.join(', ')}`);
    };

    let answers = 0;
    for (let time = 0; time < HOUR; time += SECOND) {
      if ((time / SECOND) % 5 === 0) for (let i = 0; i < 3; i += 1) void discovery.getModels().then((snapshot) => (answers += 1, check(snapshot)));
      await vi.advanceTimersByTimeAsync(SECOND);
    }
    await vi.advanceTimersByTimeAsync(TIMEOUT * 4);

    expect(failures).toEqual([]);
    expect(answers).toBe(3 * 720);
    expectNoCanary(logs.join('\n'));
    for (const source of ['healthy', 'flappy'] as const) {
      const own = calls.filter((call) => call.source === source);
      for (const call of own) expect(call.end, `${source} call finished`).toBeDefined();
      for (let i = 1; i < own.length; i += 1) {
        expect(own[i]!.start, `${source}: single flight`).toBeGreaterThanOrEqual(own[i - 1]!.end!);
        expect(own[i]!.start - own[i - 1]!.end!, `${source}: TTL or backoff`).toBeGreaterThanOrEqual(own[i - 1]!.ok ? TTL : FAILURE_BACKOFF);
      }
    }
    const healthyCalls = calls.filter((call) => call.source === 'healthy').length;
    expect(healthyCalls).toBeLessThanOrEqual(1 + HOUR / TTL);
    expect(calls.length - healthyCalls).toBeLessThanOrEqual(1 + HOUR / FAILURE_BACKOFF);
    // The flapping source met every phase, so the hour really tested something.
    expect(calls.some((call) => call.source === 'flappy' && call.ok === false)).toBe(true);
  });
});
