import { Keyv } from 'keyv';
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery, type ModelDiscoveryOptions } from '../../src/index.js';
import { captureLogger } from '../support/capture.js';
import { answering, jsonStore, redisShaped } from '../support/stores.js';
import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN, GATEWAY, listOf, openaiList, serveModels } from '../support/upstream.js';

const ids = (snapshot: { models: { id: string }[] }) => snapshot.models.map((model) => model.id);

function instance(options: ModelDiscoveryOptions): ModelDiscovery {
  return new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, ...options });
}

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Date frozen at 2026-01-01 and a gateway listing `model-a` until `lists()` gives it another list;
 * `calls` counts what it was asked.
 */
function frozenGateway(): { calls: ReturnType<typeof serveModels>; lists: (ids: string[]) => void } {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  let list = ['model-a'];
  const calls = serveModels(() => HttpResponse.json(openaiList(list)));
  return { calls, lists: (ids) => (list = ids) };
}

describe('a shared store', () => {
  it('serves a refresh forced on one instance from every instance on its next read', async () => {
    const { calls, lists } = frozenGateway();
    const store = new Keyv();
    const [one, two] = [instance({ store }), instance({ store })];

    expect(ids(await one.getModels())).toEqual(['model-a']);
    expect(ids(await two.getModels())).toEqual(['model-a']);
    expect(calls).toHaveLength(1);

    lists(['model-b']);
    vi.setSystemTime(new Date('2026-01-01T00:00:02Z'));
    expect(ids(await one.refresh())).toEqual(['model-b']);
    const seen = await two.getModels();

    expect(ids(seen)).toEqual(['model-b']);
    expect(seen.lastRefreshed).toBe((await one.getModels()).lastRefreshed);
    expect(calls).toHaveLength(2);
  });

  it('lets a cold fleet make one upstream call: instances that lose the lease wait for the winner', async () => {
    // A slow gateway, so that every instance asks while the first one's call is still out.
    const calls = serveModels(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return HttpResponse.json(openaiList(['model-a']));
    });
    const store = new Keyv();
    const fleet = [instance({ store }), instance({ store }), instance({ store })];

    const snapshots = await Promise.all(fleet.map((discovery) => discovery.getModels()));

    expect(calls).toHaveLength(1);
    expect(snapshots.map(ids)).toEqual([['model-a'], ['model-a'], ['model-a']]);
  });

  it('asks the upstream once for the whole fleet when the TTL runs out', async () => {
    const { calls, lists } = frozenGateway();
    const store = new Keyv();
    const fleet = [instance({ store, ttl: 60_000 }), instance({ store, ttl: 60_000 }), instance({ store, ttl: 60_000 })];
    for (const discovery of fleet) await discovery.getModels();
    expect(calls).toHaveLength(1);

    lists(['model-b']);
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    const stale = await Promise.all(fleet.map((discovery) => discovery.getModels()));
    expect(stale.every((snapshot) => snapshot.stale)).toBe(true);
    await vi.waitFor(async () => expect(ids(await fleet[0]!.getModels())).toEqual(['model-b']));

    const fresh = await Promise.all(fleet.map((discovery) => discovery.getModels()));
    expect(fresh.map(ids)).toEqual([['model-b'], ['model-b'], ['model-b']]);
    expect(fresh.every((snapshot) => !snapshot.stale)).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('does not refresh again when another instance refreshed and released the lease between its read and its lease (regression: 3 upstream calls where the fleet should make 2)', async () => {
    const { calls, lists } = frozenGateway();
    const shared = new Keyv();
    // B's store holds the answer of one chosen stamp read until the test lets it go, after the
    // value was read: B has seen the old stamp while A fetches, saves and releases the lease.
    let readsBeforeHold = Infinity;
    let held = () => {};
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated = {
      get: async (key: string) => {
        const value = await shared.get(key);
        if (key.endsWith(':stamp') && --readsBeforeHold === 0) {
          held();
          await gate;
        }
        return value;
      },
      set: (key: string, value: unknown, ttl?: number) => shared.set(key, value, ttl),
      delete: (key: string) => {
        // B hands its lease back at the end of its refresh, whether it asked the upstream or not.
        if (key.endsWith(':lease')) leaseReturned = true;
        return shared.delete(key);
      },
    };
    let leaseReturned = false;
    const a = instance({ store: shared, ttl: 60_000 });
    const b = instance({ store: gated, ttl: 60_000 });
    await a.getModels();
    await b.getModels();
    expect(calls).toHaveLength(1);

    lists(['model-b']);
    vi.setSystemTime(new Date('2026-01-01T00:01:01Z'));
    // B's read checks the store (stamp read 1), finds its list expired and starts one refresh,
    // whose claim reads the stamp again (read 2): that read is held.
    const bHeld = new Promise<void>((resolve) => (held = resolve));
    readsBeforeHold = 2;
    expect((await b.getModels()).stale).toBe(true);
    await bHeld;

    await a.getModels();
    await vi.waitFor(async () => expect(ids(await a.getModels())).toEqual(['model-b']));
    expect(calls).toHaveLength(2);

    release();
    await vi.waitFor(() => expect(leaseReturned).toBe(true));
    expect(calls).toHaveLength(2);
    expect(ids(await b.getModels())).toEqual(['model-b']);
  });

  it('applies each instance’s own filter to the shared list (regression: the first instance’s filtered list was shared)', async () => {
    const calls = serveModels(listOf(['claude-a', 'gpt-4o', 'text-embedding-3']));
    const store = new Keyv();
    const claudeOnly = instance({ store, filter: { prefix: 'claude-' } });
    const noEmbeddings = instance({ store, filter: { exclude: '*embedding*' } });

    expect(ids(await claudeOnly.getModels())).toEqual(['claude-a']);
    expect(ids(await noEmbeddings.getModels())).toEqual(['claude-a', 'gpt-4o']);
    await noEmbeddings.refresh();
    expect(ids(await claudeOnly.getModels())).toEqual(['claude-a']);
    expect(calls).toHaveLength(1);
  });

  it('lets an instance that waits for the winner try the upstream itself once the winner failed (regression: it waited out the whole lease)', async () => {
    let answered = 0;
    const calls = serveModels(async () => {
      answered += 1;
      // The first instance's call is slow and fails, so the second is left waiting on its lease.
      if (answered === 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return new HttpResponse(null, { status: 503 });
      }
      return HttpResponse.json(openaiList(['model-a']));
    });
    const store = new Keyv();
    // A long timeout makes a long lease (timeout + 2 x storeTimeout): waiting it out would take
    // longer than the test may run.
    const [first, second] = [instance({ store, timeout: 20_000 }), instance({ store, timeout: 20_000 })];

    const [one, two] = await Promise.all([first.getModels(), second.getModels()]);

    expect(one.error?.code).toBe('http_error');
    expect(ids(two)).toEqual(['model-a']);
    expect(calls).toHaveLength(2);
  });

  it('coalesces forced refreshes across the fleet within minRefreshInterval', async () => {
    const calls = serveModels(listOf(['model-a']));
    const store = new Keyv();
    const [one, two] = [instance({ store }), instance({ store })];

    await one.refresh();
    await two.refresh();

    expect(calls).toHaveLength(1);
  });

  it('shows a store list holding an id twice once, and counts the duplicate, as it would an upstream list', async () => {
    const calls = serveModels(listOf(['never-asked']));
    const store = answering({ stamp: 's1', list: { v: 2, refreshedAt: Date.now(), models: [{ id: 'twice' }, { id: 'once' }, { id: 'twice' }] } });

    const snapshot = await instance({ store }).getModels();

    expect(ids(snapshot)).toEqual(['twice', 'once']);
    expect(snapshot.sources[0]).toMatchObject({ count: 2, duplicates: 1 });
    expect(calls).toHaveLength(0);
  });

  it('keeps services with different credentials apart', async () => {
    // Named after the key, not holding it: a model id that contains a credential is dropped.
    serveModels(({ request }) => HttpResponse.json(openaiList([`for-${request.headers.get('x-api-key')?.replace('sk-', '')}`])));
    const store = new Keyv();

    const first = await instance({ store, apiKey: 'sk-first-service' }).getModels();
    const second = await instance({ store, apiKey: 'sk-second-service' }).getModels();

    expect(ids(first)).toEqual(['for-first-service']);
    expect(ids(second)).toEqual(['for-second-service']);
  });

  it.each([
    ['an API key', { apiKey: CANARY_KEY }],
    ['an auth token', { apiKey: undefined, authToken: CANARY_TOKEN }],
    ['a password in the base URL', { apiKey: undefined, baseURL: `http://alice:${CANARY_PASSWORD}@gateway.test` }],
  ])('never writes %s to the store, only a one-way fingerprint of it', async (_, credentials) => {
    serveModels(listOf(['model-a']));
    const store = jsonStore();
    const logger = captureLogger();

    await instance({ store, logger, ...credentials }).getModels();

    const written = [...store.data].flat().join('\n');
    expect(store.data.size).toBeGreaterThan(0);
    for (const canary of [CANARY_KEY, CANARY_TOKEN, CANARY_PASSWORD, 'alice']) {
      expect(written).not.toContain(canary);
      expect(logger.lines.join('\n')).not.toContain(canary);
    }
    expect([...store.data.keys()].every((key) => /^model-discovery:v2:http:\/\/gateway\.test:[0-9a-f]{64}:(list|stamp|lease)$/.test(key))).toBe(true);
  });
});

describe('a failing store', () => {
  it('serves reads from memory while the store throws, logs the outage once, and shares again once it is back', async () => {
    const { calls, lists } = frozenGateway();
    const store = jsonStore();
    const logger = captureLogger();
    const [one, two] = [instance({ store, logger }), instance({ store })];
    await one.getModels();

    store.broken = true;
    lists(['model-b']);
    vi.setSystemTime(new Date('2026-01-01T00:00:05Z'));
    expect(ids(await one.refresh())).toEqual(['model-b']);
    for (let read = 0; read < 20; read += 1) expect(ids(await one.getModels())).toEqual(['model-b']);
    expect(logger.lines.filter((line) => line.includes('shared store failed'))).toHaveLength(1);
    expect(logger.lines.join('\n')).toContain('ECONNREFUSED');

    store.broken = false;
    vi.setSystemTime(new Date('2026-01-01T00:00:10Z'));
    await one.getModels();
    await vi.waitFor(() => expect(logger.lines.filter((line) => line.includes('the shared store answers again'))).toHaveLength(1));
    lists(['model-c']);
    await one.refresh();

    expect(ids(await two.getModels())).toEqual(['model-c']);
    expect(calls).toHaveLength(3);
  });

  it('publishes its list again when the store lost it (a Redis restart), the newest list winning over an older one (issue #15)', async () => {
    const { calls, lists } = frozenGateway();
    const store = jsonStore();
    const [one, two] = [instance({ store }), instance({ store })];
    await one.getModels();
    expect(ids(await two.getModels())).toEqual(['model-a']);
    lists(['model-b']);
    vi.setSystemTime(new Date('2026-01-01T00:00:02Z'));
    await one.refresh();

    store.data.clear();
    // The instance with the older list reads first and publishes it; the one with the newer list
    // then finds the store older than its own and publishes that.
    await two.getModels();
    await vi.waitFor(() => expect(store.data.size).toBeGreaterThan(0));
    await vi.waitFor(async () => {
      await one.getModels();
      expect(ids(await two.getModels())).toEqual(['model-b']);
    });

    expect(calls).toHaveLength(2);
  });

  it('hands the lease back after a refresh forced just as the store lost its list, while this instance publishes its own list again', async () => {
    const { calls, lists } = frozenGateway();
    const store = redisShaped();
    const [one, two] = [instance({ store }), instance({ store })];
    await one.getModels();
    store.data.clear();
    lists(['model-b']);
    vi.setSystemTime(new Date('2026-01-01T00:00:02Z'));

    // The refresh's own read finds the store empty and starts publishing the held list, under the
    // lease the refresh asks for too: whichever of the two holds it must hand it back.
    expect(ids(await one.refresh())).toEqual(['model-b']);

    await vi.waitFor(() => expect([...store.data.keys()].filter((key) => key.endsWith(':lease'))).toEqual([]));
    expect(ids(await two.getModels())).toEqual(['model-b']);
    expect(calls).toHaveLength(2);
  });

  it('bounds a store that never answers by storeTimeout', async () => {
    serveModels(listOf(['model-a']));
    const store = jsonStore();
    store.hang = true;
    const logger = captureLogger();
    const discovery = instance({ store, logger, storeTimeout: 20 });

    const snapshots = await Promise.all([discovery.getModels(), discovery.getModels(), discovery.getModels()]);

    expect(snapshots.map(ids)).toEqual([['model-a'], ['model-a'], ['model-a']]);
    expect(logger.lines.filter((line) => line.includes('shared store failed'))).toEqual([
      expect.stringContaining('no answer within 20 ms'),
    ]);
  });

  it.each([
    ['a list of the wrong shape', { stamp: 'x', list: { v: 2, refreshedAt: 'yesterday', models: 'all of them' } }],
    ['a model with a control character in its id', { stamp: 'x', list: { v: 2, refreshedAt: 1, models: [{ id: 'a\u0000b' }] } }],
    ['a list from the future', { stamp: 'x', list: { v: 2, refreshedAt: Date.now() + 86_400_000, models: [{ id: 'forever' }] } }],
    ['an unknown version', { stamp: 'x', list: { v: 3, refreshedAt: 1, models: [] } }],
    ['the version before metadata', { stamp: 'x', list: { v: 1, refreshedAt: 1, models: [{ id: 'old' }] } }],
    ['a stamp that is not a string', { stamp: { evil: true }, list: { v: 2, refreshedAt: 1, models: [{ id: 'x' }] } }],
    ['a string where the list should be', { stamp: 'x', list: 'not json at all' }],
  ])('ignores %s from the store and says so once', async (_, values) => {
    const calls = serveModels(listOf(['model-a']));
    const logger = captureLogger();
    const discovery = instance({ store: answering(values), logger });

    for (let read = 0; read < 5; read += 1) expect(ids(await discovery.getModels())).toEqual(['model-a']);

    expect(calls).toHaveLength(1);
    expect(logger.lines.filter((line) => line.includes('not what this library writes'))).toHaveLength(1);
  });

  it('never fails a read when the store throws synchronously', async () => {
    serveModels(listOf(['model-a']));
    const thrower = { get: () => { throw new Error('boom'); }, set: () => { throw new Error('boom'); }, delete: () => true };

    expect(ids(await instance({ store: thrower }).getModels())).toEqual(['model-a']);
  });
});

describe('store options', () => {
  it.each([
    ['an object without get/set', { store: {} }, /`store` must be a Keyv instance/],
    ['a string', { store: 'redis://localhost' }, /`store` must be a Keyv instance/],
    ['a zero storeTimeout', { storeTimeout: 0 }, /`storeTimeout` must be more than 0/],
    ['a negative storeTimeout', { storeTimeout: -1 }, /`storeTimeout` must be 0 or more/],
    ['a storeTimeout past the timer limit', { storeTimeout: Infinity }, /`storeTimeout` must be at most/],
  ])('rejects %s at construction', (_, options, message) => {
    expect(() => new ModelDiscovery(options as ModelDiscoveryOptions)).toThrow(message);
  });

  it('names store and storeTimeout among the known options', () => {
    expect(() => new ModelDiscovery({ stor: new Keyv() } as ModelDiscoveryOptions)).toThrow(/store, .*storeTimeout/);
  });
});
