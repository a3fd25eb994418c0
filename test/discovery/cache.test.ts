import { delay, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

const T0 = new Date('2026-11-21T10:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

function advance(ms: number) {
  vi.setSystemTime(Date.now() + ms);
}

/** An upstream whose answer the test switches: a list of ids, or an HTTP status to fail with. */
function switchableUpstream(initial: string[] | number) {
  let answer: string[] | number = initial;
  const calls = serveModels(() => (typeof answer === 'number' ? new HttpResponse(null, { status: answer }) : HttpResponse.json(openaiList(answer))));
  return { calls, set: (next: string[] | number) => (answer = next) };
}

const ids = (snapshot: { models: readonly { id: string }[] }) => snapshot.models.map((m) => m.id);

function newDiscovery(options: ConstructorParameters<typeof ModelDiscovery>[0] = {}) {
  return new ModelDiscovery({ baseURL: GATEWAY, env: {}, ...options });
}

describe('TTL cache', () => {
  it('serves the cached list without asking the upstream again within the TTL', async () => {
    const { calls } = switchableUpstream(['a']);
    const discovery = newDiscovery({ ttl: 60_000 });
    await discovery.getModels();
    advance(59_999);
    const snapshot = await discovery.getModels();
    expect(calls).toHaveLength(1);
    expect(snapshot).toMatchObject({ stale: false, discoveryAvailable: true, lastRefreshed: T0.toISOString() });
  });

  it('returns the very same snapshot object while nothing has changed', async () => {
    switchableUpstream(['a']);
    const discovery = newDiscovery();
    const first = await discovery.getModels();
    expect(await discovery.getModels()).toBe(first);
  });

  it('after the TTL, answers at once with the held list marked stale while one refresh runs behind', async () => {
    const upstream = switchableUpstream(['a']);
    const discovery = newDiscovery({ ttl: 60_000 });
    await discovery.getModels();
    upstream.set(['a', 'b']);
    advance(60_000);

    const during = await discovery.getModels();
    expect(ids(during)).toEqual(['a']);
    expect(during.stale).toBe(true);

    await vi.waitFor(() => expect(upstream.calls).toHaveLength(2), { timeout: 10_000 });
    await vi.waitFor(async () => expect(ids(await discovery.getModels())).toEqual(['a', 'b']), { timeout: 10_000 });
    expect((await discovery.getModels()).stale).toBe(false);
  });

  it('starts only one background refresh however many stale reads arrive', async () => {
    const upstream = switchableUpstream(['a']);
    const discovery = newDiscovery({ ttl: 1_000 });
    await discovery.getModels();
    advance(1_000);
    await Promise.all(Array.from({ length: 50 }, () => discovery.getModels()));
    await vi.waitFor(async () => expect((await discovery.getModels()).stale).toBe(false), { timeout: 10_000 });
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('single-flight', () => {
  it('shares one upstream request among 1,000 concurrent cold callers', async () => {
    const calls = serveModels(async () => {
      await delay(20);
      return HttpResponse.json(openaiList(['a']));
    });
    const discovery = newDiscovery();
    const snapshots = await Promise.all(Array.from({ length: 1_000 }, () => discovery.getModels()));
    expect(calls).toHaveLength(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(ids(snapshots[0]!)).toEqual(['a']);
  });

  it('lets a forced refresh join the refresh already in flight', async () => {
    const calls = serveModels(async () => {
      await delay(20);
      return HttpResponse.json(openaiList(['a']));
    });
    const discovery = newDiscovery();
    await Promise.all([discovery.getModels(), discovery.refresh(), discovery.getModels({ refresh: true })]);
    expect(calls).toHaveLength(1);
  });
});

describe('forced refresh', () => {
  it('bypasses the TTL', async () => {
    const upstream = switchableUpstream(['a']);
    const discovery = newDiscovery({ ttl: 60_000 });
    await discovery.getModels();
    upstream.set(['b']);
    advance(5_000);
    expect(ids(await discovery.refresh())).toEqual(['b']);
    expect(upstream.calls).toHaveLength(2);
  });

  it('coalesces forced refreshes to at most one upstream call per minRefreshInterval', async () => {
    const upstream = switchableUpstream(['a']);
    const discovery = newDiscovery();
    for (let i = 0; i < 20; i += 1) {
      await discovery.refresh();
      advance(100);
    }
    // 20 refreshes over 2 s with the default interval of 1 s.
    expect(upstream.calls).toHaveLength(2);
  });

  it('asks again once minRefreshInterval has passed', async () => {
    const upstream = switchableUpstream(['a']);
    const discovery = newDiscovery({ minRefreshInterval: 250 });
    await discovery.refresh();
    advance(249);
    await discovery.refresh();
    advance(1);
    await discovery.refresh();
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('failures', () => {
  it('keeps the held list, marked stale with the error, when a refresh fails', async () => {
    const upstream = switchableUpstream(['a', 'b']);
    const discovery = newDiscovery();
    await discovery.getModels();
    upstream.set(503);
    advance(2_000);

    const snapshot = await discovery.refresh();

    expect(ids(snapshot)).toEqual(['a', 'b']);
    expect(snapshot).toMatchObject({ discoveryAvailable: true, stale: true, lastRefreshed: T0.toISOString() });
    expect(snapshot.error).toMatchObject({ code: 'http_error', status: 503 });
  });

  it('clears the error and staleness on the next success', async () => {
    const upstream = switchableUpstream(503);
    const discovery = newDiscovery();
    expect((await discovery.getModels()).error?.code).toBe('http_error');
    upstream.set(['a']);
    advance(2_000);
    const snapshot = await discovery.refresh();
    expect(snapshot).toMatchObject({ error: null, stale: false, discoveryAvailable: true });
  });

  it('does not ask a failing upstream again during the backoff, unless a refresh is forced', async () => {
    const upstream = switchableUpstream(500);
    const discovery = newDiscovery({ failureBackoff: 30_000 });
    await discovery.getModels();
    advance(29_999);
    await discovery.getModels();
    expect(upstream.calls).toHaveLength(1);

    await discovery.refresh();
    expect(upstream.calls).toHaveLength(2);
  });

  it('asks again after the backoff', async () => {
    const upstream = switchableUpstream(500);
    const discovery = newDiscovery({ failureBackoff: 30_000 });
    await discovery.getModels();
    upstream.set(['back']);
    advance(30_000);
    expect(ids(await discovery.getModels())).toEqual(['back']);
    expect(upstream.calls).toHaveLength(2);
  });

  it('does not start a background refresh of an expired list during the backoff', async () => {
    const upstream = switchableUpstream(['a']);
    const discovery = newDiscovery({ ttl: 1_000, failureBackoff: 30_000 });
    await discovery.getModels();
    upstream.set(500);
    advance(1_000);
    await discovery.refresh();
    expect(upstream.calls).toHaveLength(2);
    advance(10_000);
    for (let i = 0; i < 10; i += 1) await discovery.getModels();
    expect(upstream.calls).toHaveLength(2);
  });
});

describe('the caller’s abort', () => {
  it('rejects only the aborted caller, while the shared refresh completes for the others', async () => {
    const calls = serveModels(async () => {
      await delay(50);
      return HttpResponse.json(openaiList(['a']));
    });
    const discovery = newDiscovery();
    const controller = new AbortController();
    const aborted = discovery.getModels({ signal: controller.signal });
    const other = discovery.getModels();
    controller.abort();

    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(ids(await other)).toEqual(['a']);
    expect(calls).toHaveLength(1);
  });

  it('rejects at once for a signal that is already aborted, without asking the upstream', async () => {
    const calls = serveModels(() => HttpResponse.json(openaiList(['a'])));
    await expect(newDiscovery().getModels({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(0);
  });
});
