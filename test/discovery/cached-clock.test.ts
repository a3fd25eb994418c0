import { HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

const TTL = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(new Date('2026-11-21T10:00:00.000Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

/** A discovery holding a list fetched now, past its first warm read (so its clock is cached). */
async function warmDiscovery(options: ConstructorParameters<typeof ModelDiscovery>[0] = {}) {
  serveModels(() => HttpResponse.json(openaiList(['a'])));
  const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: TTL, ...options });
  await discovery.getModels();
  await discovery.getModels();
  expect((await discovery.getModels()).stale).toBe(false);
  return discovery;
}

describe('the warm read\'s cached clock (ttlResolution)', () => {
  it('notices the end of the TTL at most ttlResolution late', async () => {
    const discovery = await warmDiscovery({ ttlResolution: 5 });
    // The wall clock jumps past the TTL, but no timer has run: the cached reading is used.
    vi.setSystemTime(Date.now() + TTL);
    expect((await discovery.getModels()).stale).toBe(false);
    // Once ttlResolution has passed, the clock is read again.
    await vi.advanceTimersByTimeAsync(5);
    expect((await discovery.getModels()).stale).toBe(true);
  });

  it('never notices it early', async () => {
    const discovery = await warmDiscovery();
    await vi.advanceTimersByTimeAsync(TTL - 1);
    expect((await discovery.getModels()).stale).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await discovery.getModels()).stale).toBe(true);
  });

  it('reads the clock on every call with ttlResolution 0', async () => {
    const discovery = await warmDiscovery({ ttlResolution: 0 });
    vi.setSystemTime(Date.now() + TTL);
    expect((await discovery.getModels()).stale).toBe(true);
  });

  it('holds no timer once a quiet process has nothing left to do', async () => {
    await warmDiscovery();
    await vi.advanceTimersByTimeAsync(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads the clock on every call on Cloudflare Workers, where a timer may end with its request', async () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    vi.resetModules();
    try {
      const { ModelDiscovery: OnWorkers } = await import('../../src/index.js');
      serveModels(() => HttpResponse.json(openaiList(['a'])));
      const discovery = new OnWorkers({ baseURL: GATEWAY, env: {}, ttl: TTL });
      await discovery.getModels();
      await discovery.getModels();
      await discovery.getModels();
      vi.setSystemTime(Date.now() + TTL);
      expect((await discovery.getModels()).stale).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('rejects a negative ttlResolution when the instance is built', () => {
    expect(() => new ModelDiscovery({ env: {}, ttlResolution: -1 })).toThrow(/ttlResolution/);
  });
});
