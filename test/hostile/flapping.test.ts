import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery, type RefreshEvent, type Snapshot } from '../../src/index.js';
import { CANARY_KEY } from '../support/upstream.js';
import { expectNoCanary } from './gateway.js';

// An hour of a gateway that flaps (up, down, slow, up, 503, slow but answering) on a simulated
// clock, while reads and bursts of forced refreshes go on. Checked on every answer: the held list
// is never lost, `stale` and `error` tell the truth, and every upstream call was allowed by the
// TTL, the failure backoff, the forced-refresh interval and single flight.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const TTL = 5 * MINUTE;
const FAILURE_BACKOFF = 30 * SECOND;
const MIN_REFRESH_INTERVAL = SECOND;
const TIMEOUT = 5 * SECOND;

type Phase = 'up' | 'down' | 'slow' | 'slow-ok' | '503';

/** A 20-minute cycle, played three times: minute offsets at which each phase starts. */
const CYCLE: Array<[number, Phase]> = [
  [0, 'up'],
  [4, 'down'],
  [7, 'slow'],
  [9, 'up'],
  [13, '503'],
  [14, 'slow-ok'],
  [16, 'down'],
  [17, 'up'],
];

function phaseAt(time: number): Phase {
  const minute = Math.floor(time / MINUTE) % 20;
  let phase: Phase = 'up';
  for (const [start, p] of CYCLE) if (minute >= start) phase = p;
  return phase;
}

/** The code each failing phase must be reported with. */
const EXPECTED_CODE: Partial<Record<Phase, string>> = { down: 'network_error', slow: 'timeout', '503': 'http_error' };

interface Call {
  start: number;
  end?: number;
  phase: Phase;
  ids: string[];
  event?: RefreshEvent;
}

function abortable(ms: number, signal: AbortSignal | null | undefined, then: () => Response): Promise<Response> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(then()), ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** The scripted gateway: what it answers depends only on the simulated time of the request. */
function flappingGateway(t0: number, calls: Call[]): typeof fetch {
  return async (_input, init) => {
    const now = Date.now();
    const phase = phaseAt(now - t0);
    // Each "up" period serves a different list, so a lost or mixed-up list is visible.
    const ids = [`claude-${Math.floor((now - t0) / MINUTE)}-a`, `claude-${Math.floor((now - t0) / MINUTE)}-b`];
    calls.push({ start: now, phase, ids });
    const list = () => Response.json({ data: ids.map((id) => ({ type: 'model', id })), has_more: false });
    switch (phase) {
      case 'up':
        return list();
      case 'down':
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4000'), { code: 'ECONNREFUSED' }) });
      case 'slow':
        return abortable(TIMEOUT * 3, init?.signal, list);
      case 'slow-ok':
        return abortable(TIMEOUT / 2, init?.signal, list);
      case '503':
        return new Response('upstream connect error or disconnect/reset before headers', { status: 503 });
    }
  };
}

describe('fault over time', () => {
  beforeAll(async () => {
    // Loaded before the clock is faked, so the core's lazy import resolves at once.
    await import('../../src/upstream/anthropic-sdk-parts.js');
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['reads and bursts of forced refreshes', 47],
    ['reads alone, so the TTL and the backoff decide every call', 0],
  ])('keeps the held list, tells the truth and stays within the call budget through an hour of flapping: %s', async (_name, forcedEvery) => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const t0 = Date.now();
    const calls: Call[] = [];
    const logs: string[] = [];
    const discovery = new ModelDiscovery({
      baseURL: 'http://gateway.test',
      apiKey: CANARY_KEY,
      env: {},
      ttl: TTL,
      failureBackoff: FAILURE_BACKOFF,
      minRefreshInterval: MIN_REFRESH_INTERVAL,
      timeout: TIMEOUT,
      fetch: flappingGateway(t0, calls),
      logger: { warn: (line: string) => void logs.push(line), info: (line: string) => void logs.push(line) },
      onRefresh: (event) => {
        const call = calls.at(-1)!;
        call.end = Date.now();
        call.event = event;
      },
    });

    let answers = 0;
    let forcedBursts = 0;
    let everSucceeded = false;
    const failures: string[] = [];
    const check = (snapshot: Snapshot, kind: string) => {
      answers += 1;
      const now = Date.now();
      const done = calls.filter((call) => call.event);
      const last = done.at(-1);
      const lastSuccess = done.filter((call) => call.event?.outcome === 'success').at(-1);
      const problems: string[] = [];
      if (everSucceeded && (!snapshot.discoveryAvailable || snapshot.models.length === 0)) problems.push('held list lost');
      if (lastSuccess) {
        if (snapshot.models.map((m) => m.id).join() !== lastSuccess.ids.join()) problems.push('models are not the last good list');
        if (snapshot.lastRefreshed !== new Date(lastSuccess.end!).toISOString()) problems.push('lastRefreshed is not the last success');
        const expired = now - lastSuccess.end! >= TTL;
        if (snapshot.stale !== (snapshot.error !== null || expired)) problems.push(`stale=${snapshot.stale} is not the truth`);
      }
      if (last?.event?.outcome === 'failure' && snapshot.error?.code !== last.event.code) problems.push('error is not the last failure');
      if (last?.event?.outcome === 'success' && snapshot.error !== null) problems.push('error after a success');
      if (problems.length) failures.push(`${kind} at +${(now - t0) / SECOND}s: ${problems.join(', ')}`);
    };

    for (let time = 0; time < HOUR; time += SECOND) {
      const second = time / SECOND;
      if (second % 5 === 0) {
        for (let i = 0; i < 3; i += 1) void discovery.getModels().then((s) => check(s, 'read'));
      }
      if (forcedEvery > 0 && second % forcedEvery === 0) {
        forcedBursts += 1;
        // Spread over 800 ms: some join the call in flight, some come just after it ended.
        for (let i = 0; i < 5; i += 1) setTimeout(() => void discovery.refresh().then((s) => check(s, 'forced')), i * 200);
      }
      await vi.advanceTimersByTimeAsync(SECOND);
      everSucceeded ||= calls.some((call) => call.event?.outcome === 'success');
    }
    await vi.advanceTimersByTimeAsync(TIMEOUT * 4);

    expect(failures).toEqual([]);
    expect(answers).toBe(3 * 720 + 5 * forcedBursts);
    expectNoCanary(logs.join('\n'));

    // Every phase was met, and each failure carries the code of the phase it met.
    const met = new Set(calls.map((call) => call.phase));
    expect(met).toEqual(new Set(forcedEvery > 0 ? ['up', 'down', 'slow', 'slow-ok', '503'] : ['up', 'down', 'slow', 'slow-ok']));
    for (const call of calls) {
      expect(call.event, 'every call finished').toBeDefined();
      const expected = EXPECTED_CODE[call.phase];
      expect(call.event?.outcome).toBe(expected ? 'failure' : 'success');
      if (expected) expect(call.event?.code).toBe(expected);
    }

    // The budget, call by call: single flight (no overlap), forced calls at least
    // minRefreshInterval apart, and unforced calls only after the TTL or the failure backoff.
    for (let i = 1; i < calls.length; i += 1) {
      const previous = calls[i - 1]!;
      const call = calls[i]!;
      expect(call.start).toBeGreaterThanOrEqual(previous.end!);
      if (call.event?.forced) {
        expect(call.start - previous.start).toBeGreaterThanOrEqual(MIN_REFRESH_INTERVAL);
      } else {
        const wait = previous.event?.outcome === 'success' ? TTL : FAILURE_BACKOFF;
        expect(call.start - previous.end!).toBeGreaterThanOrEqual(wait);
      }
    }
    // And in total: forced calls are at most one per burst; unforced ones at most one per
    // shortest wait (the failure backoff), plus the first.
    const forced = calls.filter((call) => call.event?.forced).length;
    const unforced = calls.length - forced;
    expect(forced).toBeLessThanOrEqual(forcedBursts);
    expect(unforced).toBeLessThanOrEqual(1 + HOUR / Math.min(TTL, FAILURE_BACKOFF));
    expect(calls.length).toBeLessThanOrEqual(forcedBursts + 1 + HOUR / Math.min(TTL, FAILURE_BACKOFF));
    // Far fewer calls than requests: the cache, not the upstream, answered almost everything.
    expect(calls.length).toBeLessThan(answers / 10);
    if (forcedEvery === 0) expect(forced).toBe(0);
  });
});
