import { Keyv } from 'keyv';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { WARM_READ } from '../../src/discovery/model-discovery.js';
import { ModelDiscovery, type ModelDiscoveryOptions } from '../../src/index.js';
import { captureLogger } from '../support/capture.js';
import { jsonStore } from '../support/stores.js';
import { CANARY_KEY, GATEWAY, openaiList, serveModels, upstream } from '../support/upstream.js';

// Issue #15, items 2 and 3: the background refresh (`refreshInterval`), `close()` and
// `Symbol.asyncDispose`. Counted on a fake clock: a period passes with one call, not a wait.

const MINUTE = 60_000;
const ids = (snapshot: { models: { id: string }[] }) => snapshot.models.map((model) => model.id);

function instance(options: ModelDiscoveryOptions = {}): ModelDiscovery {
  return new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, ...options });
}

/** A gateway that lists `model-<n>` on its n-th call, and notes when each call came. */
function counting() {
  const times: number[] = [];
  serveModels(() => {
    times.push(Date.now());
    return HttpResponse.json(openaiList([`model-${times.length}`]));
  });
  return { calls: () => times.length, times };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('refreshInterval', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date('2026-12-02T18:00:00.000Z'));
  });

  it('refreshes in the background about once a period, so reads never find the list past its TTL, and never again after close()', async () => {
    const gateway = counting();
    const handedOver: Array<Promise<unknown>> = [];
    const discovery = instance({ ttl: 5 * MINUTE, refreshInterval: 4 * MINUTE, waitUntil: (promise) => handedOver.push(promise) });
    await discovery.getModels();
    expect(gateway.calls()).toBe(1);

    for (let period = 1; period <= 3; period += 1) {
      // A period is jittered by at most 10%: after 1.1 periods, each has had its refresh.
      await vi.advanceTimersByTimeAsync(4.4 * MINUTE);
      await vi.waitFor(() => expect(gateway.calls()).toBe(1 + period));
    }
    const snapshot = await discovery.getModels();
    expect(snapshot.stale).toBe(false);
    expect(ids(snapshot)).toEqual(['model-4']);
    // The timer's refreshes were handed to the platform, as a request's are.
    expect(handedOver.length).toBeGreaterThanOrEqual(4);

    await discovery.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(gateway.calls()).toBe(4);
  });

  it('starts no timer at all when it is not set (the default)', async () => {
    counting();
    const discovery = instance();
    await discovery.getModels();

    expect(vi.getTimerCount()).toBe(0);
  });

  it('jitters each period by up to 10%, so the instances of a fleet drift apart', () => {
    const delays: number[] = [];
    const setTimer = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return setTimer(callback, ms);
    }) as typeof setTimeout);
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.999_999);

    instance({ refreshInterval: MINUTE });
    instance({ refreshInterval: MINUTE });

    expect(delays[0]).toBeCloseTo(0.9 * MINUTE);
    expect(delays[1]).toBeCloseTo(1.1 * MINUTE, -1);
  });

  it('makes about one upstream call per period for a fleet sharing a store, not one per instance', async () => {
    const gateway = counting();
    // Each instance's periods jittered differently, the same way on every run.
    let draw = 0;
    vi.spyOn(Math, 'random').mockImplementation(() => [0.1, 0.5, 0.9, 0.3, 0.7][draw++ % 5]!);
    const store = new Keyv();
    const fleet = [0, 1, 2].map(() => instance({ store, ttl: 5 * MINUTE, refreshInterval: 4 * MINUTE }));
    for (const discovery of fleet) await discovery.getModels();
    expect(gateway.calls()).toBe(1);

    // Five periods: each instance's timer fires five or six times, fifteen or more in all.
    for (let period = 1; period <= 5; period += 1) await vi.advanceTimersByTimeAsync(4 * MINUTE);
    await vi.advanceTimersByTimeAsync(MINUTE);

    // An instance whose timer finds a list younger than half a period (any instance's) adopts it.
    expect(gateway.calls()).toBeGreaterThanOrEqual(1 + 5);
    expect(gateway.calls()).toBeLessThanOrEqual(1 + 6);
    const gaps = gateway.times.slice(1).map((time, index) => time - gateway.times[index]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2 * MINUTE);
    const newest = `model-${gateway.calls()}`;
    for (const discovery of fleet) expect(ids(await discovery.getModels())).toEqual([newest]);
    await Promise.all(fleet.map((discovery) => discovery.close()));
  });

  it('rejects a period under a second, and one that is not a number', () => {
    expect(() => instance({ refreshInterval: 10 })).toThrow(/`refreshInterval` must be a number of milliseconds from 1000/);
    expect(() => instance({ refreshInterval: '5m' as unknown as number })).toThrow(TypeError);
  });
});

describe('the refreshInterval timer on a real clock', () => {
  it('is unref’d, so it never keeps a Node process alive', async () => {
    const timers: Array<{ ms: number; timer: NodeJS.Timeout }> = [];
    const setTimer = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      const timer = setTimer(callback, ms);
      timers.push({ ms: ms ?? 0, timer });
      return timer;
    }) as typeof setTimeout);

    const discovery = instance({ refreshInterval: MINUTE });
    const periodic = timers.filter(({ ms }) => ms >= 0.9 * MINUTE);

    expect(periodic).toHaveLength(1);
    expect(periodic[0]!.timer.hasRef()).toBe(false);
    await discovery.close();
  });
});

describe('close() and Symbol.asyncDispose', () => {
  it('is idempotent, and every read afterwards rejects with a TypeError that says what to do', async () => {
    counting();
    const discovery = instance({ refreshInterval: MINUTE });
    await discovery.getModels();

    const closing = discovery.close();
    expect(discovery.close()).toBe(closing);
    await closing;

    await expect(discovery.getModels()).rejects.toThrow(TypeError);
    await expect(discovery.getModels()).rejects.toThrow('getModels() was called after close()');
    await expect(discovery.refresh()).rejects.toThrow('after close()');
    expect(() => discovery.peek()).toThrow(TypeError);
  });

  it('leaves no warm answer behind: neither a warm read, nor a read in flight at close(), nor the routes’ synchronous read serves after it', async () => {
    let answer: () => void = () => {};
    let calls = 0;
    serveModels(async () => {
      calls += 1;
      if (calls === 2) await new Promise<void>((resolve) => (answer = resolve));
      return HttpResponse.json(openaiList([`model-${calls}`]));
    });
    const discovery = instance({ ttl: 1_000 });
    await discovery.getModels();
    expect(discovery[WARM_READ]((snapshot) => snapshot.models.length)).toBe(1);
    // A second instance, cold, whose first read (the gateway's call 2) is still in flight when it is closed.
    const cold = instance();
    const inFlight = cold.getModels().catch((error: unknown) => error);
    await vi.waitFor(() => expect(calls).toBe(2));

    await Promise.all([discovery.close(), cold.close()]);
    answer();
    await inFlight;

    expect(discovery[WARM_READ]((snapshot) => snapshot.models.length)).toBeUndefined();
    await expect(discovery.getModels()).rejects.toThrow('after close()');
    expect(cold[WARM_READ]((snapshot) => snapshot.models.length)).toBeUndefined();
    await expect(cold.getModels()).rejects.toThrow('after close()');
  });

  it('closes through Symbol.asyncDispose, as `await using` does', async () => {
    counting();
    const discovery = instance();
    await discovery.getModels();

    await discovery[Symbol.asyncDispose]();

    await expect(discovery.getModels()).rejects.toThrow('after close()');
  });

  it('stops every store call, and abandons the refresh in flight without reporting it as a failure', async () => {
    let answer: () => void = () => {};
    serveModels(async () => {
      await new Promise<void>((resolve) => (answer = resolve));
      return HttpResponse.json(openaiList(['model-1']));
    });
    // A catalog that never answers either: its fetch is abandoned too, and it stops using the store.
    upstream.use(http.get('https://catalog.test/api.json', () => new Promise<Response>(() => {})));
    const store = jsonStore();
    let storeCalls = 0;
    const counted = {
      get: (key: string) => (storeCalls++, store.get(key)),
      set: (key: string, value: unknown) => (storeCalls++, store.set(key, value)),
      delete: (key: string) => (storeCalls++, store.delete!(key)),
    };
    const logger = captureLogger();
    const onRefresh = vi.fn();
    const discovery = instance({ store: counted, logger, onRefresh, catalog: { url: 'https://catalog.test/api.json' } });
    const read = discovery.getModels().catch(() => {});
    await vi.waitFor(() => expect(storeCalls).toBeGreaterThan(0));

    await discovery.close();
    const after = storeCalls;
    answer();
    await read;
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(storeCalls).toBe(after);
    expect(onRefresh).not.toHaveBeenCalled();
    expect(logger.lines.join('\n')).not.toMatch(/refresh failed|catalog could not be fetched/);
  });
});
