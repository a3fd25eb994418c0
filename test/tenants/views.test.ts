import { inspect } from 'node:util';

import { delay, http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { WARM_READ } from '../../src/discovery/model-discovery.js';
import { ModelDiscovery, type ModelDiscoveryOptions, type RefreshEvent, type TenantCredentials } from '../../src/index.js';
import { captureLogger, everyRenderingOf } from '../support/capture.js';
import { jsonStore } from '../support/stores.js';
import { servePerKey, TENANT_KEYS, tenantSecretsIn } from '../support/tenants.js';
import { anthropicPage, CANARY_KEY, GATEWAY, upstream } from '../support/upstream.js';

function host(options: ModelDiscoveryOptions = {}): ModelDiscovery {
  return new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, ...options });
}

const ids = (snapshot: { models: ReadonlyArray<{ id: string }> }) => snapshot.models.map((model) => model.id);

afterEach(() => {
  vi.useRealTimers();
});

describe('forCredentials()', () => {
  it("gives each credential its own list, sending an apiKey as x-api-key and a token as Bearer", async () => {
    const calls = servePerKey();
    const discovery = host();

    const alice = await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    const bob = await discovery.forCredentials({ apiKey: TENANT_KEYS.bob }).getModels();
    const carol = await discovery.forCredentials({ authToken: TENANT_KEYS.carol }).getModels();

    expect(ids(alice)).toEqual(['claude-alice-1', 'claude-alice-2']);
    expect(ids(bob)).toEqual(['claude-bob-1']);
    expect(ids(carol)).toEqual(['claude-carol-1', 'claude-carol-2', 'claude-carol-3']);
    expect(calls).toEqual([
      { credential: TENANT_KEYS.alice, via: 'x-api-key' },
      { credential: TENANT_KEYS.bob, via: 'x-api-key' },
      { credential: TENANT_KEYS.carol, via: 'bearer' },
    ]);
  });

  it('returns the same view for the same credential, and its warm read asks nobody', async () => {
    const calls = servePerKey();
    const discovery = host();

    const first = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    await first.getModels();
    const again = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    await again.getModels();

    expect(again).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it('keeps an API key and a token with the same text apart', async () => {
    const calls = servePerKey();
    const discovery = host();

    const asKey = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    const asToken = discovery.forCredentials({ authToken: TENANT_KEYS.alice });
    await asKey.getModels();
    await asToken.getModels();

    expect(asToken).not.toBe(asKey);
    expect(calls.map((call) => call.via)).toEqual(['x-api-key', 'bearer']);
  });

  it('holds a credential spelled like an object property or an array index as any other, and drops it the same way', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '0', '4294967295'];
    const discovery = host();

    const views = names.map((apiKey) => discovery.forCredentials({ apiKey }));

    expect(new Set(views).size).toBe(names.length);
    names.forEach((apiKey, index) => expect(discovery.forCredentials({ apiKey })).toBe(views[index]));
    expect(discovery.forCredentials({ authToken: '__proto__' })).not.toBe(views[0]);

    const bounded = host({ maxTenants: 1 });
    const first = bounded.forCredentials({ apiKey: '__proto__' });
    bounded.forCredentials({ apiKey: 'constructor' });
    expect(bounded.forCredentials({ apiKey: '__proto__' })).not.toBe(first);
  });

  it("shares one upstream request among a tenant's concurrent cold reads", async () => {
    const calls = servePerKey();
    const discovery = host();

    const reads = await Promise.all(Array.from({ length: 50 }, () => discovery.forCredentials({ apiKey: TENANT_KEYS.bob }).getModels()));

    expect(new Set(reads).size).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it("never touches the instance's own list", async () => {
    const seen: string[] = [];
    upstream.use(
      http.get(`${GATEWAY}/v1/models`, ({ request }) => {
        const key = request.headers.get('x-api-key')!;
        seen.push(key);
        return HttpResponse.json(anthropicPage([key === CANARY_KEY ? 'host-model' : 'tenant-model']));
      }),
    );
    const discovery = host();

    await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    const own = await discovery.getModels();

    expect(ids(own)).toEqual(['host-model']);
    expect(seen).toEqual([TENANT_KEYS.alice, CANARY_KEY]);
  });
});

describe('a 401 for one tenant', () => {
  it('is held for that tenant alone: its forced refreshes wait out failureBackoff, the others go on', async () => {
    const calls = servePerKey();
    const discovery = host({ minRefreshInterval: 0 });

    const mallory = discovery.forCredentials({ apiKey: TENANT_KEYS.mallory });
    const refused = await mallory.getModels();
    expect(refused.error?.code).toBe('unauthorized');
    expect(refused.discoveryAvailable).toBe(false);

    await mallory.refresh();
    await mallory.getModels({ refresh: true });
    await mallory.getModels();
    expect(calls.filter((call) => call.credential === TENANT_KEYS.mallory)).toHaveLength(1);

    const alice = await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    expect(alice.error).toBeNull();
    expect(ids(alice)).toEqual(['claude-alice-1', 'claude-alice-2']);
    // A forced refresh of a tenant that is not refused still reaches the gateway.
    await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).refresh();
    expect(calls.filter((call) => call.credential === TENANT_KEYS.alice)).toHaveLength(2);
  });

  it('is asked again once failureBackoff is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const calls = servePerKey();
    const discovery = host({ failureBackoff: 10_000 });
    const mallory = discovery.forCredentials({ apiKey: TENANT_KEYS.mallory });
    await mallory.getModels();

    vi.setSystemTime(Date.now() + 10_001);
    await mallory.refresh();

    expect(calls).toHaveLength(2);
  });
});

describe('how many views are held', () => {
  it('drops the least recently used view past maxTenants; its tenant starts over', async () => {
    const calls = servePerKey();
    const discovery = host({ maxTenants: 2 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    await alice.getModels();
    const bob = discovery.forCredentials({ apiKey: TENANT_KEYS.bob });
    await bob.getModels();
    // Alice read again: Bob is now the least recently used.
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toBe(alice);

    await discovery.forCredentials({ authToken: TENANT_KEYS.carol }).getModels();

    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toBe(alice);
    const bobAgain = discovery.forCredentials({ apiKey: TENANT_KEYS.bob });
    expect(bobAgain).not.toBe(bob);
    await bobAgain.getModels();
    expect(calls.filter((call) => call.credential === TENANT_KEYS.bob)).toHaveLength(2);
  });

  it('counts a lookup after each new view as recent again, so a tenant read between new ones is never dropped', () => {
    const discovery = host({ maxTenants: 2 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    discovery.forCredentials({ apiKey: TENANT_KEYS.bob });
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toBe(alice);
    // Carol drops Bob. Alice, looked up after Carol was made, is now more recent than Carol.
    const carol = discovery.forCredentials({ authToken: TENANT_KEYS.carol });
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toBe(alice);
    discovery.forCredentials({ apiKey: TENANT_KEYS.mallory });
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toBe(alice);
    expect(discovery.forCredentials({ authToken: TENANT_KEYS.carol })).not.toBe(carol);

  });

  it('counts the first lookup of a view after it was made as recent', () => {
    const discovery = host({ maxTenants: 2 });
    const byKey = (apiKey: string) => discovery.forCredentials({ apiKey });
    const [alice, bob] = [byKey(TENANT_KEYS.alice), byKey(TENANT_KEYS.bob)];
    // Bob, made before Alice was looked up but looked up after her, is the more recent.
    expect(byKey(TENANT_KEYS.alice)).toBe(alice);
    expect(byKey(TENANT_KEYS.bob)).toBe(bob);

    byKey(TENANT_KEYS.mallory);

    expect(byKey(TENANT_KEYS.bob)).toBe(bob);
    expect(byKey(TENANT_KEYS.alice)).not.toBe(alice);
  });

  it('drops a view by its own kind of credential: a dropped API key leaves the token with the same text held', () => {
    const discovery = host({ maxTenants: 2 });
    const asKey = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    const asToken = discovery.forCredentials({ authToken: TENANT_KEYS.alice });

    discovery.forCredentials({ apiKey: TENANT_KEYS.bob });

    expect(discovery.forCredentials({ authToken: TENANT_KEYS.alice })).toBe(asToken);
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).not.toBe(asKey);
    // And the other way round: the token's view, least recently used now, goes next.
    discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    discovery.forCredentials({ apiKey: TENANT_KEYS.mallory });
    expect(discovery.forCredentials({ authToken: TENANT_KEYS.alice })).not.toBe(asToken);
  });

  it('starts a view unread for tenantTtl over: its next read fetches anew instead of serving the old list', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let version = 1;
    upstream.use(http.get(`${GATEWAY}/v1/models`, () => HttpResponse.json(anthropicPage([`claude-v${version}`]))));
    // A list TTL past tenantTtl: without the expiry, the old list would still be fresh. The clock
    // read on every call (ttlResolution 0): only Date is faked here, not the timer that ages a cached time.
    const discovery = host({ tenantTtl: 60_000, ttl: 3_600_000, ttlResolution: 0 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    expect(ids(await alice.getModels())).toEqual(['claude-v1']);

    version = 2;
    vi.setSystemTime(Date.now() + 59_000);
    expect(ids(await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels())).toEqual(['claude-v1']);
    vi.setSystemTime(Date.now() + 60_000);
    expect(ids(await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels())).toEqual(['claude-v2']);
  });

  it('drops the views unread for tenantTtl when a new view is made', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    servePerKey();
    const discovery = host({ tenantTtl: 60_000 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    await alice.getModels();
    const bob = discovery.forCredentials({ apiKey: TENANT_KEYS.bob });
    await bob.getModels();

    vi.setSystemTime(Date.now() + 30_000);
    await bob.getModels();
    vi.setSystemTime(Date.now() + 30_000);
    discovery.forCredentials({ authToken: TENANT_KEYS.carol });

    // Alice, unread for 60 s, was dropped; Bob, read 30 s ago, was kept.
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.bob })).toBe(bob);
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).not.toBe(alice);
  });

  it('caps the upstream calls of cold tenants running at once at tenantConcurrency', async () => {
    let running = 0;
    let most = 0;
    upstream.use(
      http.get(`${GATEWAY}/v1/models`, async () => {
        running += 1;
        most = Math.max(most, running);
        await delay(30);
        running -= 1;
        return HttpResponse.json(anthropicPage(['claude-x']));
      }),
    );
    const discovery = host({ tenantConcurrency: 3 });

    const reads = await Promise.all(Array.from({ length: 12 }, (_, index) => discovery.forCredentials({ apiKey: `sk-tenant-${index}-abcdef` }).getModels()));

    expect(reads.every((snapshot) => snapshot.discoveryAvailable)).toBe(true);
    expect(most).toBe(3);
  });
  it("answers a cold read queued behind other tenants' refreshes within its timeout, pending, while its fetch waits its turn", async () => {
    let answered = 0;
    upstream.use(
      http.get(`${GATEWAY}/v1/models`, async () => {
        await delay(100);
        answered += 1;
        return HttpResponse.json(anthropicPage(['claude-x']));
      }),
    );
    const discovery = host({ tenantConcurrency: 1, timeout: 1_000 });

    const reads = await Promise.all(Array.from({ length: 20 }, (_, index) => discovery.forCredentials({ apiKey: `sk-queued-${index}-abcdef` }).getModels()));

    // The first tenants' fetches (100 ms each, one at a time) end well within the 1 s wait; the
    // last ones are still queued when their wait ends.
    expect(reads[0]!.discoveryAvailable).toBe(true);
    expect(reads[19]!.sources[0]!.status).toBe('pending');
    await vi.waitFor(() => expect(answered).toBe(20), { timeout: 10_000 });
  });
});

describe('tenant views and the warm read', () => {
  it('counts a warm read as a read: a view read through its warm path within tenantTtl is neither swept nor started over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    servePerKey();
    const discovery = host({ tenantTtl: 60_000, ttl: 3_600_000, ttlResolution: 0 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    const first = await alice.getModels();
    for (let step = 0; step < 4; step += 1) {
      vi.setSystemTime(Date.now() + 40_000);
      // The same snapshot object: served warm, not fetched anew.
      expect(await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels()).toBe(first);
    }
    discovery.forCredentials({ apiKey: TENANT_KEYS.bob }); // a new view sweeps the idle ones
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toBe(alice);
  });

  it('counts warm reads by the cached clock too (ttlResolution): a view read within every tenantTtl keeps its list, one unread for tenantTtl starts over', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    let version = 1;
    upstream.use(http.get(`${GATEWAY}/v1/models`, () => HttpResponse.json(anthropicPage([`claude-v${version}`]))));
    const discovery = host({ tenantTtl: 60_000, ttl: 3_600_000, ttlResolution: 5 });
    const read = async () => ids(await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels());
    expect(await read()).toEqual(['claude-v1']);
    version = 2;
    // Warm reads a millisecond short of tenantTtl apart, each by a new clock reading: each one
    // moves the view's expiry on, so the list is still served warm (by the routes' synchronous
    // read, which serves nothing else) after four times tenantTtl.
    for (let step = 0; step < 4; step += 1) {
      await vi.advanceTimersByTimeAsync(59_999);
      const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice }) as ModelDiscovery;
      expect(alice[WARM_READ]((snapshot) => ids(snapshot))).toEqual(['claude-v1']);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await read()).toEqual(['claude-v2']);
  });

  it('closes every view with the instance: their reads reject, and no view is made afterwards', async () => {
    servePerKey();
    const discovery = host();
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    await alice.getModels();
    await discovery.close();
    await expect(alice.getModels()).rejects.toThrow('after close()');
    expect(() => discovery.forCredentials({ apiKey: TENANT_KEYS.bob })).toThrow('forCredentials() was called after close()');
  });

  it('leaves a view dropped past maxTenants readable by a request still holding it', async () => {
    servePerKey();
    const discovery = host({ maxTenants: 1 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    const before = await alice.getModels();
    await discovery.forCredentials({ apiKey: TENANT_KEYS.bob }).getModels();
    expect(discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).not.toBe(alice);
    expect(await alice.getModels()).toBe(before);
  });

  it('closes with the instance even a view it had dropped: a request still holding it gets the same TypeError, with no upstream call', async () => {
    const calls = servePerKey();
    const discovery = host({ maxTenants: 1 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    await alice.getModels();
    await discovery.forCredentials({ apiKey: TENANT_KEYS.bob }).getModels(); // alice is dropped
    const before = calls.length;

    await discovery.close();
    await expect(alice.getModels()).rejects.toThrow('after close()'); // its warm answer too
    await expect(alice.refresh()).rejects.toThrow('after close()');
    expect(() => alice.peek()).toThrow(TypeError);
    expect(calls).toHaveLength(before);
  });

  it('runs no refreshInterval timer on a view: only the instance refreshes in the background', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const calls = servePerKey();
    const discovery = host({ refreshInterval: 60_000, ttl: 3_600_000 });
    await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    const before = calls.filter((call) => call.credential === TENANT_KEYS.alice).length;
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls.filter((call) => call.credential === TENANT_KEYS.alice)).toHaveLength(before);
    expect(calls.filter((call) => call.credential === CANARY_KEY).length).toBeGreaterThan(0);
    await discovery.close();
  });
});

describe('a tenant view back from idle', () => {
  it('starts over on a forced refresh too: a key refused since then shows no list, not the old one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let refused = false;
    upstream.use(
      http.get(`${GATEWAY}/v1/models`, () =>
        refused ? HttpResponse.json({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, { status: 401 }) : HttpResponse.json(anthropicPage(['claude-old'])),
      ),
    );
    const discovery = host({ tenantTtl: 60_000, minRefreshInterval: 0, ttlResolution: 0 });
    const alice = discovery.forCredentials({ apiKey: TENANT_KEYS.alice });
    expect(ids(await alice.getModels())).toEqual(['claude-old']);

    refused = true;
    vi.setSystemTime(Date.now() + 61_000);
    const after = await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).refresh();
    expect(after.discoveryAvailable).toBe(false);
    expect(after.error?.code).toBe('unauthorized');
    expect(ids(after)).not.toContain('claude-old');
  });

  it("adopts the fleet's fresh list from the store instead of calling the upstream again", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let calls = 0;
    upstream.use(
      http.get(`${GATEWAY}/v1/models`, () => {
        calls += 1;
        return HttpResponse.json(anthropicPage([`claude-${calls}`]));
      }),
    );
    const store = jsonStore();
    const discovery = host({ store, ttl: 3_600_000, tenantTtl: 60_000, ttlResolution: 0 });
    await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    expect(calls).toBe(1);

    vi.setSystemTime(Date.now() + 61_000);
    const after = await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    // The fleet's list (still fresh in the store) is taken again, not fetched again.
    expect(calls).toBe(1);
    expect(ids(after)).toEqual(['claude-1']);
  });
});

describe('with several sources', () => {
  it('sends the tenant key only to the sources marked perTenant; the others keep their own key', async () => {
    const personal = servePerKey('http://personal.test');
    const shared: string[] = [];
    upstream.use(
      http.get('http://shared.test/v1/models', ({ request }) => {
        shared.push(request.headers.get('x-api-key') ?? '');
        return HttpResponse.json(anthropicPage(['shared-model']));
      }),
    );
    const discovery = new ModelDiscovery({
      env: {},
      sources: [
        { name: 'personal', baseURL: 'http://personal.test', perTenant: true },
        { name: 'shared', baseURL: 'http://shared.test', apiKey: CANARY_KEY },
      ],
    });

    const snapshot = await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();

    expect(ids(snapshot)).toEqual(['claude-alice-1', 'claude-alice-2', 'shared-model']);
    expect(personal).toEqual([{ credential: TENANT_KEYS.alice, via: 'x-api-key' }]);
    expect(shared).toEqual([CANARY_KEY]);
  });

  it('refuses forCredentials() when no source is marked perTenant', () => {
    const discovery = new ModelDiscovery({ env: {}, sources: [{ name: 'a', baseURL: 'http://a.test' }] });

    expect(() => discovery.forCredentials({ apiKey: TENANT_KEYS.alice })).toThrow(/perTenant: true/);
  });
});

describe('bad credentials', () => {
  const cases: Array<[string, unknown]> = [
    ['both a key and a token', { apiKey: TENANT_KEYS.alice, authToken: TENANT_KEYS.carol }],
    ['neither', {}],
    ['no object', undefined],
    ['a key that is not a string', { apiKey: 42 }],
    ['an empty key', { apiKey: '' }],
    ['a key with a line break', { apiKey: `${TENANT_KEYS.alice}\r\nx-evil: 1` }],
    ['a key with a space', { authToken: `${TENANT_KEYS.carol} ` }],
    ['a key past 4 KiB', { apiKey: 'k'.repeat(4097) }],
  ];

  it.each(cases)('throws a TypeError for %s, without the key in it', (_name, credentials) => {
    const discovery = host();
    let thrown: unknown;
    try {
      discovery.forCredentials(credentials as TenantCredentials);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(tenantSecretsIn(everyRenderingOf(thrown))).toEqual([]);
  });

  it('throws for a malformed credential even when a valid view of the same text is held', async () => {
    servePerKey();
    const discovery = host();
    await discovery.forCredentials({ authToken: TENANT_KEYS.carol }).getModels();

    // A token's view is held under its text with a space in front; that text is no valid API key.
    expect(() => discovery.forCredentials({ apiKey: ` ${TENANT_KEYS.carol}` })).toThrow(TypeError);
    expect(() => discovery.forCredentials({ authToken: TENANT_KEYS.carol, apiKey: TENANT_KEYS.alice } as unknown as TenantCredentials)).toThrow(TypeError);
  });

  it('has no tenants of its own on a view', () => {
    const view = host().forCredentials({ apiKey: TENANT_KEYS.alice });

    expect(() => (view as ModelDiscovery).forCredentials({ apiKey: TENANT_KEYS.bob })).toThrow(/not on a tenant view/);
  });
});

describe("a tenant's credential", () => {
  it('appears in no log line, error, event, snapshot, inspect() output or store key or value', async () => {
    servePerKey();
    const logger = captureLogger();
    const events: RefreshEvent[] = [];
    const store = jsonStore();
    const discovery = host({ logger, onRefresh: (event) => events.push(event), store });

    const views = [
      discovery.forCredentials({ apiKey: TENANT_KEYS.alice }),
      discovery.forCredentials({ apiKey: TENANT_KEYS.mallory }),
      discovery.forCredentials({ authToken: TENANT_KEYS.carol }),
    ];
    const snapshots = [];
    for (const view of views) snapshots.push(await view.getModels(), await view.refresh());

    const text = [
      ...logger.lines,
      ...snapshots.map((snapshot) => JSON.stringify(snapshot)),
      ...events.map((event) => `${JSON.stringify(event)}\n${event.error ? everyRenderingOf(event.error) : ''}`),
      ...views.map((view) => `${inspect(view, { showHidden: true, depth: 10 })}\n${JSON.stringify(view)}\n${String(view)}`),
      inspect(discovery, { showHidden: true, depth: 10 }),
      ...store.data.keys(),
      ...store.data.values(),
    ].join('\n');
    expect(tenantSecretsIn(text)).toEqual([]);
    expect(text).not.toContain(CANARY_KEY);
    // Sanity: the searched text holds what was looked at.
    expect(store.data.size).toBeGreaterThan(0);
    expect(logger.lines.some((line) => /tenant [0-9a-f]{12}: refresh failed \(unauthorized\)/.test(line))).toBe(true);
    expect(events.filter((event) => event.outcome === 'failure').every((event) => /^[0-9a-f]{12}$/.test(event.tenant ?? ''))).toBe(true);
  });

  it("keys each tenant's shared list apart in the store, by fingerprint only", async () => {
    servePerKey();
    const store = jsonStore();
    const discovery = host({ store });

    await discovery.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels();
    await discovery.forCredentials({ apiKey: TENANT_KEYS.bob }).getModels();

    const lists = [...store.data.keys()].filter((key) => key.endsWith(':list'));
    expect(lists).toHaveLength(2);
    for (const key of lists) expect(key).toMatch(/^model-discovery:v2:http:\/\/gateway\.test:[0-9a-f]{64}:list$/);
    // Another instance of the fleet reads Alice's list from the store, without asking the gateway.
    const calls = servePerKey();
    const other = host({ store });
    expect(ids(await other.forCredentials({ apiKey: TENANT_KEYS.alice }).getModels())).toEqual(['claude-alice-1', 'claude-alice-2']);
    expect(calls).toEqual([]);
  });
});
