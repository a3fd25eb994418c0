import { HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery, type Snapshot } from '../../src/index.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

// Issue 14: on Cloudflare Workers, work a request started dies with that request unless it was
// handed to `waitUntil`: its timers never fire and its fetches never answer. These tests play
// such a request on Node (see endingRequest) and check that a refresh that died that way never
// blocks later refreshes, and that `waitUntil` receives the background work.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(new Date('2026-11-21T10:00:00.000Z'));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** A gateway that lists `claude-generation-<n>` on its n-th call. */
function generations() {
  let calls = 0;
  serveModels(() => {
    calls += 1;
    return HttpResponse.json(openaiList([`claude-generation-${calls}`]));
  });
  return { calls: () => calls };
}

/**
 * Plays a Worker request that ends while its refresh is in flight: from `begin()` until that
 * refresh has sent its request, every timer set is dropped, and that request never answers, as
 * workerd drops an ended request's timers and I/O. The discovery must be built with `fetch`.
 */
function endingRequest() {
  let ending = false;
  let sent: () => void = () => {};
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) =>
    ending ? ({ unref() {}, ref() {} } as unknown as NodeJS.Timeout) : realSetTimeout(callback, ms)) as typeof setTimeout);
  const fetch: typeof globalThis.fetch = (input, init) => {
    if (!ending) return globalThis.fetch(input, init);
    sent();
    return new Promise<Response>(() => {});
  };
  return {
    fetch,
    /** Runs `work` as the request that ends; resolves once its refresh's request was sent. */
    async during<T>(work: () => Promise<T>): Promise<T> {
      ending = true;
      const requestSent = new Promise<void>((resolve) => (sent = resolve));
      const result = await work();
      await requestSent;
      ending = false;
      return result;
    },
  };
}

const ids = (snapshot: Snapshot) => snapshot.models.map((model) => model.id);

/**
 * `promise`'s value once it settles, advancing fake time by at most `ms` in 10 ms steps, each
 * followed by a real turn of the event loop so that the stand-in gateway can answer (and, once
 * fake time is used up, by real turns for up to 5 s more: a loaded machine answers slowly, but no
 * fake timer fires then); undefined if it is still pending.
 */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let settled = false;
  let value: T | undefined;
  void promise.then((result) => {
    settled = true;
    value = result;
  });
  const started = performance.now();
  for (let elapsed = 0; !settled; ) {
    if (elapsed < ms) {
      await vi.advanceTimersByTimeAsync(10);
      elapsed += 10;
    } else if (performance.now() - started > 5_000) {
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return value;
}

describe('a refresh whose request ended without settling it', () => {
  it('warm, TTL passes, a stale read (its refresh dies with it), then a forced refresh answers a fresh list', async () => {
    const gateway = generations();
    const request = endingRequest();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: 1_000, timeout: 2_000, minRefreshInterval: 0, fetch: request.fetch });

    expect(ids(await discovery.getModels())).toEqual(['claude-generation-1']);
    await vi.advanceTimersByTimeAsync(1_000);
    const stale = await request.during(() => discovery.getModels());
    expect(stale).toMatchObject({ stale: true, models: [{ id: 'claude-generation-1' }] });

    // Before the fix this joined the dead refresh and never settled.
    const forced = await within(discovery.refresh(), 30_000);
    expect(forced).toMatchObject({ stale: false, error: null, models: [{ id: 'claude-generation-2' }] });
    // The dead refresh's request never reached the gateway: the forced refresh made the second call.
    expect(gateway.calls()).toBe(2);
  });

  it('is given up once it is past its deadline: a read then starts a new background refresh', async () => {
    generations();
    const request = endingRequest();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: 1_000, timeout: 2_000, fetch: request.fetch });
    await discovery.getModels();
    await vi.advanceTimersByTimeAsync(1_000);
    await request.during(() => discovery.getModels());
    // Long past any deadline the dead refresh had: the next stale read starts a live refresh.
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await discovery.getModels()).stale).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    await vi.waitFor(async () => expect(await discovery.getModels()).toMatchObject({ stale: false, models: [{ id: 'claude-generation-2' }] }));
  });

  it('still shares a refresh that is alive: concurrent forced refreshes make one upstream call', async () => {
    const gateway = generations();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, minRefreshInterval: 0 });
    const all = await within(Promise.all(Array.from({ length: 20 }, () => discovery.refresh())), 1_000);
    expect(all?.every((snapshot) => snapshot.models[0]?.id === 'claude-generation-1')).toBe(true);
    expect(gateway.calls()).toBe(1);
  });
});

describe('waitUntil', () => {
  it("hands the stale read's background refresh to the call's waitUntil, which settles with the new list", async () => {
    generations();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: 60_000 });
    const coldWaitUntil = vi.fn();
    await discovery.getModels({ waitUntil: coldWaitUntil });
    // The cold read's refresh is handed over too: the caller may stop waiting (its signal).
    expect(coldWaitUntil).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);

    const waitUntil = vi.fn();
    const stale = await discovery.getModels({ waitUntil });
    expect(stale.stale).toBe(true);
    expect(waitUntil).toHaveBeenCalledTimes(1);
    await within(waitUntil.mock.calls[0]![0] as Promise<unknown>, 1_000);
    expect(await discovery.getModels()).toMatchObject({ stale: false, models: [{ id: 'claude-generation-2' }] });
  });

  it('warm, TTL passes, a stale read handed to waitUntil, then a forced refresh joins that refresh', async () => {
    const gateway = generations();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: 1_000, minRefreshInterval: 0 });
    await discovery.getModels();
    await vi.advanceTimersByTimeAsync(1_000);
    const handed: Promise<unknown>[] = [];
    await discovery.getModels({ waitUntil: (promise) => handed.push(promise) });
    const forced = await within(discovery.refresh(), 1_000);
    expect(forced).toMatchObject({ stale: false, models: [{ id: 'claude-generation-2' }] });
    expect(handed).toHaveLength(1);
    expect(gateway.calls()).toBe(2);
  });

  it('uses the constructor option when the call gives none, and a call option over it', async () => {
    generations();
    const fromOptions = vi.fn();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: 1_000, waitUntil: fromOptions });
    await discovery.getModels();
    expect(fromOptions).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    const fromCall = vi.fn();
    await discovery.getModels({ waitUntil: fromCall });
    expect(fromCall).toHaveBeenCalledTimes(1);
    expect(fromOptions).toHaveBeenCalledTimes(1);
  });

  it('a waitUntil that throws does not break the read or the refresh', async () => {
    generations();
    const warn = vi.fn();
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, logger: { warn }, waitUntil: () => {
      throw new Error('no context');
    } });
    expect(await within(discovery.getModels(), 1_000)).toMatchObject({ discoveryAvailable: true, models: [{ id: 'claude-generation-1' }] });
    expect(warn.mock.calls.flat().join('\n')).toContain('`waitUntil` threw');
  });

  it('refuses a waitUntil that is not a function, in the constructor and per call', async () => {
    expect(() => new ModelDiscovery({ env: {}, waitUntil: 'later' as never })).toThrow(/`waitUntil` must be a function/);
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {} });
    await expect(discovery.getModels({ waitUntil: {} as never })).rejects.toThrow(/waitUntil/);
  });
});

describe('the Hono adapter', () => {
  const executionContext = () => ({ waitUntil: vi.fn(), passThroughOnException() {}, props: {} });

  it("passes the request's executionCtx.waitUntil to the available and the served routes", async () => {
    generations();
    const { modelRoutes, servedModelRoutes } = await import('../../src/adapters/hono/index.js');
    const available = modelRoutes(new ModelDiscovery({ baseURL: GATEWAY, env: {} }));
    const served = servedModelRoutes(new ModelDiscovery({ baseURL: GATEWAY, env: {} }));

    const first = executionContext();
    const response = await within(Promise.resolve(available.fetch(new Request('http://worker.test/api/v1/models/available'), {}, first)), 1_000);
    expect(response?.status).toBe(200);
    expect(first.waitUntil).toHaveBeenCalledTimes(1);
    // Called on its context, as workerd requires of ctx.waitUntil.
    expect(first.waitUntil.mock.contexts[0]).toBe(first);

    const second = executionContext();
    expect((await within(Promise.resolve(served.fetch(new Request('http://worker.test/v1/models'), {}, second)), 1_000))?.status).toBe(200);
    expect(second.waitUntil).toHaveBeenCalledTimes(1);
  });

  it('works without an execution context (Node, Bun, Deno)', async () => {
    generations();
    const { modelRoutes } = await import('../../src/adapters/hono/index.js');
    const app = modelRoutes(new ModelDiscovery({ baseURL: GATEWAY, env: {} }));
    const response = await within(Promise.resolve(app.request('/api/v1/models/available')), 1_000);
    expect(await response?.json()).toMatchObject({ discovery_available: true });
  });
});
