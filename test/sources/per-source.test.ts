import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery, type Snapshot } from './harness.js';
import { openaiList, upstream } from '../support/upstream.js';

const statuses = (snapshot: Snapshot) => snapshot.sources.map((source) => source.status);

beforeAll(async () => {
  // Loaded before any clock is faked, so the core's lazy import resolves at once.
  await import('../../src/upstream/anthropic-sdk-parts.js');
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fetch that answers per host: `never` never settles (and ignores its signal), `refused` fails at once. */
function hosts(answers: Record<string, 'never' | 'refused' | { after: number; ids: string[] }>, calls: Record<string, number>): typeof fetch {
  return async (input) => {
    const host = new URL(String(input)).hostname;
    calls[host] = (calls[host] ?? 0) + 1;
    const answer = answers[host];
    if (answer === 'never' || answer === undefined) return new Promise<Response>(() => {});
    if (answer === 'refused') {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ECONNREFUSED ${host}:4000`), { code: 'ECONNREFUSED' }) });
    }
    await new Promise((resolve) => setTimeout(resolve, answer.after));
    return Response.json(openaiList(answer.ids));
  };
}

function settledFlag<T>(work: Promise<T>): { settled: () => boolean; value: Promise<T> } {
  let settled = false;
  void work.finally(() => (settled = true)).catch(() => {});
  return { settled: () => settled, value: work };
}

describe('each source on its own', () => {
  it('shares one upstream request per source among 1,000 concurrent cold callers over three sources', async () => {
    const calls: Record<string, number> = {};
    for (const host of ['a.test', 'b.test', 'c.test']) {
      upstream.use(
        http.get(`http://${host}/v1/models`, async () => {
          calls[host] = (calls[host] ?? 0) + 1;
          await delay(50);
          return HttpResponse.json(openaiList([`${host}-model`]));
        }),
      );
    }
    const discovery = new ModelDiscovery({
      env: {},
      sources: ['a', 'b', 'c'].map((name) => ({ name, baseURL: `http://${name}.test`, dialect: 'openai' as const })),
    });

    const snapshots = await Promise.all(Array.from({ length: 1_000 }, () => discovery.getModels()));

    expect(calls).toEqual({ 'a.test': 1, 'b.test': 1, 'c.test': 1 });
    expect(new Set(snapshots).size).toBe(1);
    expect(snapshots[0]!.models.map((model) => model.id)).toEqual(['a.test-model', 'b.test-model', 'c.test-model']);
  });

  it('bounds a cold read by each source’s own timeout when a source never answers, and keeps the others’ models', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const calls: Record<string, number> = {};
    const discovery = new ModelDiscovery({
      env: {},
      timeout: 60_000,
      fetch: hosts({ 'live.test': { after: 100, ids: ['live-model'] }, 'hung.test': 'never', 'slow.test': 'never' }, calls),
      sources: [
        { name: 'live', baseURL: 'http://live.test', dialect: 'openai' },
        { name: 'hung', baseURL: 'http://hung.test', timeout: 2_000 },
        { name: 'slow', baseURL: 'http://slow.test', timeout: 3_000 },
      ],
    });

    const read = settledFlag(discovery.getModels());
    await vi.advanceTimersByTimeAsync(2_999);
    expect(read.settled()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(read.settled()).toBe(true);

    const snapshot = await read.value;
    expect(snapshot.models.map((model) => model.id)).toEqual(['live-model']);
    expect(statuses(snapshot)).toEqual(['fresh', 'down', 'down']);
    expect(snapshot.sources.map((source) => source.error?.code ?? null)).toEqual([null, 'timeout', 'timeout']);
    expect(snapshot.stale).toBe(false);
  });

  it('answers a cold read as soon as the live sources have answered when another one refuses the connection', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const calls: Record<string, number> = {};
    const discovery = new ModelDiscovery({
      env: {},
      fetch: hosts({ 'live.test': { after: 100, ids: ['live-model'] }, 'dead.test': 'refused' }, calls),
      sources: [
        { name: 'dead', baseURL: 'http://dead.test' },
        { name: 'live', baseURL: 'http://live.test', dialect: 'openai' },
      ],
    });

    const read = settledFlag(discovery.getModels());
    await vi.advanceTimersByTimeAsync(100);

    expect(read.settled()).toBe(true);
    const snapshot = await read.value;
    expect(statuses(snapshot)).toEqual(['down', 'fresh']);
    expect(snapshot.sources[0]?.error?.code).toBe('network_error');
    expect(snapshot.models.map((model) => model.id)).toEqual(['live-model']);
  });

  it('retries a down source in the background while the others have models to show, so reads never wait for it again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const calls: Record<string, number> = {};
    const discovery = new ModelDiscovery({
      env: {},
      failureBackoff: 30_000,
      fetch: hosts({ 'live.test': { after: 10, ids: ['live-model'] }, 'hung.test': 'never' }, calls),
      sources: [
        { name: 'live', baseURL: 'http://live.test', dialect: 'openai' },
        { name: 'hung', baseURL: 'http://hung.test', timeout: 2_000 },
      ],
    });
    const first = settledFlag(discovery.getModels());
    await vi.advanceTimersByTimeAsync(2_000);
    expect(first.settled()).toBe(true);

    await vi.advanceTimersByTimeAsync(30_000);
    const again = settledFlag(discovery.getModels());
    await vi.advanceTimersByTimeAsync(0);

    expect(again.settled()).toBe(true);
    expect(calls['hung.test']).toBe(2);
    expect(statuses(await again.value)).toEqual(['fresh', 'down']);
  });

  it('shows a source still on its first fetch as pending, and the others as they are, while a read waits for it', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const calls: Record<string, number> = {};
    const discovery = new ModelDiscovery({
      env: {},
      fetch: hosts({ 'quick.test': { after: 10, ids: ['quick-model'] }, 'slow.test': { after: 1_000, ids: ['slow-model'] } }, calls),
      sources: [
        { name: 'quick', baseURL: 'http://quick.test', dialect: 'openai' },
        { name: 'slow', baseURL: 'http://slow.test', dialect: 'openai' },
      ],
    });

    const read = discovery.getModels();
    await vi.advanceTimersByTimeAsync(10);
    const during = discovery.peek();
    await vi.advanceTimersByTimeAsync(990);
    const after = await read;

    expect(statuses(during)).toEqual(['fresh', 'pending']);
    expect(during.models.map((model) => model.id)).toEqual(['quick-model']);
    expect(statuses(after)).toEqual(['fresh', 'fresh']);
    expect(after.models.map((model) => model.id)).toEqual(['quick-model', 'slow-model']);
  });
});
