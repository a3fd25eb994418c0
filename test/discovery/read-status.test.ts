import { delay, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { createAvailableModelsHandler, ModelDiscovery, type ReadStatus } from '../../src/index.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

/** A discovery whose `onRead` statuses the test reads back. */
function counted(options: ConstructorParameters<typeof ModelDiscovery>[0] = {}) {
  const statuses: ReadStatus[] = [];
  const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, onRead: (status) => statuses.push(status), ...options });
  return { discovery, statuses };
}

describe('onRead: how each read was answered, in lru-cache words', () => {
  it('says miss for the read that started the first refresh, inflight for those that joined it, hit for warm reads', async () => {
    serveModels(async () => {
      await delay(20);
      return HttpResponse.json(openaiList(['a']));
    });
    const { discovery, statuses } = counted();
    await Promise.all([discovery.getModels(), discovery.getModels(), discovery.getModels()]);
    await discovery.getModels();
    await discovery.getModels();
    expect(statuses).toEqual(['miss', 'inflight', 'inflight', 'hit', 'hit']);
  });

  it('says stale for a read answered with a list past its TTL, and refresh for a forced one', async () => {
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { discovery, statuses } = counted({ ttl: 1_000, ttlResolution: 0, minRefreshInterval: 0 });
      await discovery.getModels();
      vi.setSystemTime(Date.now() + 1_000);
      const stale = await discovery.getModels();
      expect(stale.stale).toBe(true);
      await discovery.refresh();
      expect(statuses).toEqual(['miss', 'stale', 'refresh']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says miss for a read with no list to serve and nothing to wait for', async () => {
    const { discovery, statuses } = counted({ baseURL: undefined });
    const snapshot = await discovery.getModels();
    expect(snapshot.error?.code).toBe('not_configured');
    expect(statuses).toEqual(['miss']);
  });

  it('counts a warm request the routes answer in the same tick as one hit', async () => {
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    const { discovery, statuses } = counted();
    const handle = createAvailableModelsHandler(discovery);
    const request = { method: 'GET', path: '/api/v1/models/available', headers: {} };
    await handle(request);
    statuses.length = 0;
    expect(handle.answerNow(request)?.status).toBe(200);
    expect(statuses).toEqual(['hit']);
  });

  it('rejects an onRead that is not a function when the instance is built', () => {
    expect(() => new ModelDiscovery({ env: {}, onRead: 'hits' as never })).toThrow(TypeError);
  });
});
