import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ModelDiscovery, type AuthorizeRequest, type ModelDiscoveryOptions, type ModelRoutesOptions, type ModelLister, type Snapshot } from '../../src/index.js';
import { anthropicPage, CANARY_KEY, GATEWAY, MODELS_URL, serveModels, upstream } from '../support/upstream.js';
import { everyRenderingOf } from '../support/capture.js';
import { servePerKey, TENANT_KEYS, tenantSecretsIn } from '../support/tenants.js';

/** A real server on 127.0.0.1 with the routes mounted, as a framework's harness starts it. */
export interface Harness {
  url: string;
  close(): Promise<void>;
}

export interface HarnessSettings {
  /** Mount the routes below this path (Express `app.use(mount, …)`, Hono `app.route(mount, …)`, a Fastify `prefix` context). */
  mount?: string;
}

/**
 * Starts a server with `modelRoutes(discovery, options)` mounted and, after it, the host's own
 * `GET /api/v1/host` answering `host` (text); any other path gets the framework's own 404.
 */
export type StartHarness = (discovery: ModelLister, options?: ModelRoutesOptions, settings?: HarnessSettings) => Promise<Harness>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

const AVAILABLE = '/api/v1/models/available';
const REFRESHED = '2026-11-21T10:00:00.000Z';
const PORTKEY_ERROR = {
  code: 'http_error',
  message: 'The gateway answered HTTP 400.',
  status: 400,
  detail: 'Either x-portkey-config or x-portkey-provider header is required',
} as const;

/**
 * Three sources: a healthy LiteLLM, an Anthropic source already down (so the top-level error is
 * its error) and an Ollama whose first fetch is `pending` or has just failed (`down`). The top-level
 * fields are the same either way: only the Ollama entry tells the two apart.
 */
function threeSources(ollama: 'pending' | 'down'): Snapshot {
  const snapshot: Snapshot = {
    models: [{ id: 'claude-sonnet-4-5', source: 'litellm' }],
    discoveryAvailable: true,
    stale: false,
    lastRefreshed: REFRESHED,
    error: PORTKEY_ERROR,
    sources: [
      { name: 'litellm', status: 'fresh', count: 1, lastRefreshed: REFRESHED, error: null },
      { name: 'anthropic', status: 'down', count: 0, lastRefreshed: null, error: PORTKEY_ERROR },
      { name: 'ollama', status: ollama, count: 0, lastRefreshed: null, error: ollama === 'down' ? { code: 'network_error', message: 'The gateway could not be reached.' } : null },
    ],
  };
  return Object.freeze(snapshot);
}
const REFRESH = '/api/v1/models/available/refresh';

/** The contract every adapter passes, run against a real server over real HTTP. */
export function modelRoutesContract(framework: string, start: StartHarness): void {
  describe(`the available-models routes on ${framework}`, () => {
    let harness: Harness | undefined;

    afterEach(async () => {
      await harness?.close();
      harness = undefined;
      vi.useRealTimers();
    });

    function discoveryOf(options: ModelDiscoveryOptions = {}): ModelDiscovery {
      return new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, minRefreshInterval: 0, ...options });
    }

    async function serve(discovery: ModelLister, options?: ModelRoutesOptions, settings?: HarnessSettings): Promise<Harness> {
      harness = await start(discovery, options, settings);
      return harness;
    }

    /** Every answer of the suite goes through here, so every one is searched for the canary key. */
    async function call(path: string, init: RequestInit = {}): Promise<Answer> {
      if (!harness) throw new Error('start a harness first');
      const response = await fetch(`${harness.url}${path}`, init);
      const text = await response.text();
      const rendered = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${text}`;
      expect(rendered).not.toContain(CANARY_KEY);
      return { status: response.status, headers: response.headers, text };
    }

    function expectJsonHeaders(answer: Answer): void {
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }

    function expectRouteError(answer: Answer, status: number, code: string): void {
      expect(answer.status).toBe(status);
      expectJsonHeaders(answer);
      expect(JSON.parse(answer.text)).toEqual({ error: { code, message: expect.any(String) } });
    }

    describe('GET {prefix}/models/available', () => {
      it('answers 200 with the snapshot in snake_case and the caching headers', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['claude-sonnet-4-5', 'claude-haiku-4-5'])));
        await serve(discoveryOf());

        const answer = await call(AVAILABLE);

        expect(answer.status).toBe(200);
        expectJsonHeaders(answer);
        expect(answer.headers.get('cache-control')).toBe('no-cache');
        expect(answer.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
        expect(JSON.parse(answer.text)).toEqual({
          models: [
            { id: 'claude-sonnet-4-5', display_name: 'CLAUDE-SONNET-4-5', created_at: '2025-09-29T00:00:00Z' },
            { id: 'claude-haiku-4-5', display_name: 'CLAUDE-HAIKU-4-5', created_at: '2025-09-29T00:00:00Z' },
          ],
          discovery_available: true,
          stale: false,
          last_refreshed: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          error: null,
          sources: [{ name: 'default', status: 'fresh', count: 2, last_refreshed: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), error: null }],
        });
      });

      it('answers 304 without a body to an If-None-Match that holds the current ETag', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());
        const etag = (await call(AVAILABLE)).headers.get('etag') ?? '';

        for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
          const answer = await call(AVAILABLE, { headers: { 'if-none-match': ifNoneMatch } });
          expect(answer.status).toBe(304);
          expect(answer.text).toBe('');
          expect(answer.headers.get('etag')).toBe(etag);
          expect(answer.headers.get('cache-control')).toBe('no-cache');
        }
        const changed = await call(AVAILABLE, { headers: { 'if-none-match': '"not-the-etag"' } });
        expect(changed.status).toBe(200);
      });

      it('keeps the ETag while nothing changes and changes it with the list', async () => {
        let ids = ['a'];
        serveModels(() => HttpResponse.json(anthropicPage(ids)));
        await serve(discoveryOf());

        const first = (await call(AVAILABLE)).headers.get('etag');
        expect((await call(AVAILABLE)).headers.get('etag')).toBe(first);
        ids = ['a', 'b'];
        const refreshed = await call(`${AVAILABLE}?refresh=true`, { headers: { 'if-none-match': first ?? '' } });

        expect(refreshed.status).toBe(200);
        expect(refreshed.headers.get('etag')).not.toBe(first);
        expect(JSON.parse(refreshed.text).models.map((m: { id: string }) => m.id)).toEqual(['a', 'b']);
      });

      it('sends every source in snake_case, in configuration order, with its status, count and error', async () => {
        const snapshot = threeSources('pending');
        await serve({ getModels: async () => snapshot });

        const answer = await call(AVAILABLE);

        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text).sources).toEqual([
          { name: 'litellm', status: 'fresh', count: 1, last_refreshed: REFRESHED, error: null },
          { name: 'anthropic', status: 'down', count: 0, last_refreshed: null, error: PORTKEY_ERROR },
          { name: 'ollama', status: 'pending', count: 0, last_refreshed: null, error: null },
        ]);
      });

      it('sends the sources of a real two-source discovery, one refusing the key it echoes, without the key', async () => {
        const PORTKEY = 'http://portkey.test';
        serveModels(() => HttpResponse.json(anthropicPage(['claude-sonnet-4-5'])));
        serveModels(() => HttpResponse.json({ error: { message: `invalid key ${CANARY_KEY}` } }, { status: 401 }), PORTKEY);
        const discovery = new ModelDiscovery({
          env: {},
          minRefreshInterval: 0,
          sources: [
            { name: 'litellm', baseURL: GATEWAY, apiKey: CANARY_KEY },
            { name: 'portkey', baseURL: PORTKEY, apiKey: CANARY_KEY },
          ],
        });
        await serve(discovery);

        const body = JSON.parse((await call(AVAILABLE)).text);

        expect(body.models).toEqual([expect.objectContaining({ id: 'claude-sonnet-4-5', source: 'litellm' })]);
        expect(body.discovery_available).toBe(true);
        expect(body.sources).toEqual([
          { name: 'litellm', status: 'fresh', count: 1, last_refreshed: expect.stringMatching(/^\d{4}-/), error: null },
          { name: 'portkey', status: 'down', count: 0, last_refreshed: null, error: expect.objectContaining({ code: 'unauthorized', status: 401 }) },
        ]);
      });

      it('changes the ETag when only a source changes status, the models staying the same', async () => {
        let snapshot = threeSources('pending');
        await serve({ getModels: async () => snapshot });
        const before = await call(AVAILABLE);
        const etag = before.headers.get('etag') ?? '';
        expect((await call(AVAILABLE, { headers: { 'if-none-match': etag } })).status).toBe(304);

        snapshot = threeSources('down');
        const after = await call(AVAILABLE, { headers: { 'if-none-match': etag } });

        expect(after.status).toBe(200);
        expect(after.headers.get('etag')).not.toBe(etag);
        const { sources: sourcesBefore, ...restBefore } = JSON.parse(before.text);
        const { sources: sourcesAfter, ...restAfter } = JSON.parse(after.text);
        expect(restAfter).toEqual(restBefore);
        expect(sourcesAfter[2].status).toBe('down');
        expect(sourcesAfter).not.toEqual(sourcesBefore);
      });

      it('answers HEAD like GET without the body', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());
        const get = await call(AVAILABLE);

        const head = await call(AVAILABLE, { method: 'HEAD' });

        expect(head.status).toBe(200);
        expect(head.text).toBe('');
        expectJsonHeaders(head);
        expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
        expect(head.headers.get('content-length')).toBe(String(new TextEncoder().encode(get.text).byteLength));
        const etag = get.headers.get('etag') ?? '';
        expect((await call(AVAILABLE, { method: 'HEAD', headers: { 'if-none-match': etag } })).status).toBe(304);
      });

      it.each(['true', '1'])('asks the upstream again for ?refresh=%s', async (value) => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());
        await call(AVAILABLE);

        const answer = await call(`${AVAILABLE}?refresh=${value}`);

        expect(answer.status).toBe(200);
        expect(calls).toHaveLength(2);
      });

      it.each(['?refresh=false', '?refresh=0', '', '?other=1'])('serves the cache for %j', async (query) => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());
        await call(AVAILABLE);

        const answer = await call(`${AVAILABLE}${query}`);

        expect(answer.status).toBe(200);
        expect(calls).toHaveLength(1);
      });

      it.each(['?refresh=yes', '?refresh=TRUE', '?refresh=', '?refresh', '?refresh=1&refresh=1', '?refresh=%00'])(
        'answers 400 invalid_request for %j without asking the upstream',
        async (query) => {
          const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
          await serve(discoveryOf());

          expectRouteError(await call(`${AVAILABLE}${query}`), 400, 'invalid_request');
          expect(calls).toHaveLength(0);
        },
      );

      it('shares one upstream request among 300 concurrent cold requests', async () => {
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const calls = serveModels(async () => {
          await released;
          return HttpResponse.json(anthropicPage(['m']));
        });
        const discovery = discoveryOf();
        let waiting = 0;
        // The upstream answers only once all 300 requests are inside the handler, so they are truly
        // concurrent and cold.
        const counted: ModelLister = {
          getModels: (options) => {
            waiting += 1;
            if (waiting === 300) release();
            return discovery.getModels(options);
          },
        };
        await serve(counted);

        const answers = await Promise.all(Array.from({ length: 300 }, () => call(AVAILABLE)));

        expect(calls).toHaveLength(1);
        expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
        expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
      });
    });

    describe('POST {prefix}/models/available/refresh', () => {
      it('forces a refresh that reaches the upstream and answers the new snapshot', async () => {
        let ids = ['old'];
        const calls = serveModels(() => HttpResponse.json(anthropicPage(ids)));
        await serve(discoveryOf());
        await call(AVAILABLE);
        ids = ['new'];

        const answer = await call(REFRESH, { method: 'POST' });

        expect(calls).toHaveLength(2);
        expect(answer.status).toBe(200);
        expectJsonHeaders(answer);
        expect(answer.headers.get('cache-control')).toBe('no-cache');
        expect(answer.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
        expect(JSON.parse(answer.text)).toMatchObject({ models: [{ id: 'new' }], discovery_available: true, stale: false, error: null });
      });

      it('ignores a request body', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());

        const answer = await call(REFRESH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"anything":true}' });

        expect(answer.status).toBe(200);
      });

      it.each([
        ['a form post', 'application/x-www-form-urlencoded', 'refresh=1'],
        ['an empty JSON body', 'application/json', ''],
        ['a content type nobody parses', 'application/x-unknown', '\u0000\u0001'],
      ])('answers %s like any other refresh (regression: Fastify answered 415/400 itself)', async (_, type, body) => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());

        const answer = await call(REFRESH, { method: 'POST', headers: { 'content-type': type }, body });

        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toMatchObject({ discovery_available: true });
      });
    });

    describe('methods', () => {
      it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('answers %s on the snapshot path with 405 and Allow: GET, HEAD', async (method) => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());

        const answer = await call(AVAILABLE, { method });

        expectRouteError(answer, 405, 'method_not_allowed');
        expect(answer.headers.get('allow')).toBe('GET, HEAD');
        expect(calls).toHaveLength(0);
      });

      it.each(['GET', 'HEAD', 'PUT', 'DELETE'])('answers %s on the refresh path with 405 and Allow: POST', async (method) => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());

        const answer = await call(REFRESH, { method });

        expect(answer.status).toBe(405);
        expect(answer.headers.get('allow')).toBe('POST');
        if (method !== 'HEAD') expectRouteError(answer, 405, 'method_not_allowed');
        expect(calls).toHaveLength(0);
      });
    });

    describe('discovery problems', () => {
      it('answers 200 with discovery_available: false when the upstream fails and nothing is held', async () => {
        serveModels(() => HttpResponse.json({ error: { message: `bad key ${CANARY_KEY}` } }, { status: 401 }));
        await serve(discoveryOf({ fallbackModels: ['fallback-model'] }));

        const answer = await call(AVAILABLE);

        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toMatchObject({
          models: [{ id: 'fallback-model' }],
          discovery_available: false,
          stale: false,
          last_refreshed: null,
          error: { code: 'unauthorized', status: 401 },
        });
      });

      it('answers 200 with the held list marked stale when a forced refresh fails', async () => {
        let fail = false;
        serveModels(() => (fail ? HttpResponse.text(`upstream down ${CANARY_KEY}`, { status: 502 }) : HttpResponse.json(anthropicPage(['held']))));
        await serve(discoveryOf());
        await call(AVAILABLE);
        fail = true;

        for (const answer of [await call(REFRESH, { method: 'POST' }), await call(`${AVAILABLE}?refresh=1`)]) {
          expect(answer.status).toBe(200);
          expect(JSON.parse(answer.text)).toMatchObject({
            models: [{ id: 'held' }],
            discovery_available: true,
            stale: true,
            error: { code: 'http_error', status: 502 },
          });
        }
      });

      it('answers 200 with discovery_available: false when the upstream is unreachable', async () => {
        upstream.use(http.get(MODELS_URL, () => HttpResponse.error()));
        await serve(discoveryOf());

        const answer = await call(AVAILABLE);

        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toMatchObject({ discovery_available: false, error: { code: 'network_error' } });
      });

      it('answers 200 with not_configured when no gateway is configured', async () => {
        await serve(new ModelDiscovery({ env: {} }));

        const answer = await call(AVAILABLE);

        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.text)).toMatchObject({ models: [], discovery_available: false, error: { code: 'not_configured' } });
      });

      it('answers a bare 500 without stack or detail when the discovery object itself fails', async () => {
        const onError = vi.fn();
        const broken: ModelLister = { getModels: () => Promise.reject(new Error(`internal detail ${CANARY_KEY}`)) };
        await serve(broken, { onError });

        const answer = await call(AVAILABLE);

        expectRouteError(answer, 500, 'internal_error');
        expect(answer.text).not.toMatch(/internal detail|at .*\.(ts|js)/);
        expect(onError).toHaveBeenCalledTimes(1);
      });
    });

    describe('authorize', () => {
      it('answers 401 without asking the upstream when authorize refuses', async () => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf(), { authorize: () => false });

        expectRouteError(await call(AVAILABLE), 401, 'unauthorized');
        expectRouteError(await call(`${AVAILABLE}?refresh=true`), 401, 'unauthorized');
        expectRouteError(await call(REFRESH, { method: 'POST' }), 401, 'unauthorized');
        expect(calls).toHaveLength(0);
      });

      it('lets a request through when authorize resolves to true, and sees the request headers', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        const authorize = vi.fn(async (request: AuthorizeRequest) => request.headers.get('authorization') === 'Bearer letmein');
        await serve(discoveryOf(), { authorize });

        expect((await call(AVAILABLE, { headers: { authorization: 'Bearer letmein' } })).status).toBe(200);
        expect((await call(AVAILABLE, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
        expect(authorize.mock.calls[0]?.[0]).toMatchObject({ method: 'GET', path: AVAILABLE });
        expect(authorize.mock.calls[0]?.[0].native).toBeDefined();
      });

      it('answers a bare 500 without asking the upstream when authorize throws', async () => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        const onError = vi.fn();
        await serve(discoveryOf(), {
          authorize: () => {
            throw new Error('session store exploded');
          },
          onError,
        });

        const answer = await call(AVAILABLE);

        expectRouteError(answer, 500, 'internal_error');
        expect(answer.text).not.toContain('exploded');
        expect(calls).toHaveLength(0);
        expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(Error);
      });
    });

    describe('credentials', () => {
      it("answers each request from its tenant's own list, and from the instance's own when the hook gives none", async () => {
        const calls = servePerKey();
        const discovery = new ModelDiscovery({ baseURL: GATEWAY, apiKey: TENANT_KEYS.bob, env: {} });
        await serve(discovery, {
          credentials: (request) => {
            const tenant = request.headers.get('x-tenant');
            return tenant === 'alice' ? { apiKey: TENANT_KEYS.alice } : tenant === 'carol' ? { authToken: TENANT_KEYS.carol } : undefined;
          },
        });

        const alice = await call(AVAILABLE, { headers: { 'x-tenant': 'alice' } });
        const carol = await call(REFRESH, { method: 'POST', headers: { 'x-tenant': 'carol' } });
        const own = await call(AVAILABLE);

        expect(JSON.parse(alice.text).models.map((model: { id: string }) => model.id)).toEqual(['claude-alice-1', 'claude-alice-2']);
        expect(JSON.parse(carol.text).models.map((model: { id: string }) => model.id)).toEqual(['claude-carol-1', 'claude-carol-2', 'claude-carol-3']);
        expect(JSON.parse(own.text).models.map((model: { id: string }) => model.id)).toEqual(['claude-bob-1']);
        expect(alice.headers.get('etag')).not.toBe(own.headers.get('etag'));
        expect(calls.map((call) => call.credential)).toEqual([TENANT_KEYS.alice, TENANT_KEYS.carol, TENANT_KEYS.bob]);
        for (const answer of [alice, carol, own]) expect(tenantSecretsIn(answer.text)).toEqual([]);
      });

      it("answers a tenant the gateway refuses with a 200 holding its own unauthorized error, never another tenant's list", async () => {
        servePerKey();
        await serve(discoveryOf(), { credentials: (request) => ({ apiKey: request.headers.get('x-tenant-key') ?? '' }) });

        await call(AVAILABLE, { headers: { 'x-tenant-key': TENANT_KEYS.alice } });
        const refused = await call(AVAILABLE, { headers: { 'x-tenant-key': TENANT_KEYS.mallory } });

        expect(refused.status).toBe(200);
        const body = JSON.parse(refused.text);
        expect(body).toMatchObject({ models: [], discovery_available: false, error: { code: 'unauthorized' } });
        expect(tenantSecretsIn(refused.text)).toEqual([]);
      });

      it('answers a bare 500 through onError when the hook gives a malformed credential', async () => {
        const calls = servePerKey();
        const onError = vi.fn();
        await serve(discoveryOf(), { credentials: () => ({ apiKey: `${TENANT_KEYS.alice}\n` }), onError });

        expectRouteError(await call(AVAILABLE), 500, 'internal_error');
        expect(onError.mock.calls[0]?.[0]).toBeInstanceOf(TypeError);
        expect(tenantSecretsIn(everyRenderingOf(onError.mock.calls[0]?.[0]))).toEqual([]);
        expect(calls).toHaveLength(0);
      });

      it('refuses credentials for a lister without forCredentials when the routes are built', async () => {
        const lister = { getModels: () => Promise.reject(new Error('not reached')) };
        const started = await start(lister, { credentials: () => undefined }).catch((error: unknown) => error);
        if (!(started instanceof TypeError)) await (started as Harness).close();
        expect(started).toBeInstanceOf(TypeError);
      });
    });

    describe('paths', () => {
      it('serves both routes under a custom prefix and leaves the default one to the host', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf(), { prefix: '/internal/llm' });

        expect((await call('/internal/llm/models/available')).status).toBe(200);
        expect((await call('/internal/llm/models/available/refresh', { method: 'POST' })).status).toBe(200);
        expect((await call(AVAILABLE)).status).toBe(404);
      });

      it("serves the routes at the root with prefix ''", async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf(), { prefix: '' });

        expect((await call('/models/available')).status).toBe(200);
      });

      it('serves the routes below the path they are mounted at', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf(), {}, { mount: '/base' });

        expect((await call(`/base${AVAILABLE}`)).status).toBe(200);
        expect((await call(`/base${REFRESH}`, { method: 'POST' })).status).toBe(200);
      });

      it('serves the routes below a mount path with a parameter, whatever the parameter is', async () => {
        serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf(), {}, { mount: '/t/:tenant' });

        for (const tenant of ['a', 'acme-corporation']) {
          expect((await call(`/t/${tenant}${AVAILABLE}`)).status).toBe(200);
          expect((await call(`/t/${tenant}${REFRESH}`, { method: 'POST' })).status).toBe(200);
        }
      });

      it("passes the host's own paths on untouched", async () => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());

        const host = await call('/api/v1/host');
        expect(host.status).toBe(200);
        expect(host.text).toBe('host');
        for (const path of ['/api/v1/models', '/api/v1/models/availablex', `${REFRESH}/more`, '/nothing']) {
          expect((await call(path)).status).toBe(404);
        }
        expect(calls).toHaveLength(0);
      });

      it('owns the exact paths only: a trailing slash or another case is passed on', async () => {
        const calls = serveModels(() => HttpResponse.json(anthropicPage(['m'])));
        await serve(discoveryOf());

        for (const path of [`${AVAILABLE}/`, '/API/V1/models/available', `${REFRESH}/`]) {
          const answer = await call(path, { method: path.startsWith(REFRESH) ? 'POST' : 'GET' });
          expect(answer.status).toBe(404);
        }
        expect(calls).toHaveLength(0);
      });

      it('refuses a prefix that is not a plain path when the routes are built', async () => {
        const discovery = discoveryOf();
        for (const prefix of ['api', '/api/', '/api/:id', '/a b']) {
          const started = await start(discovery, { prefix }).catch((error: unknown) => error);
          if (!(started instanceof TypeError)) await (started as Harness).close();
          expect(started).toBeInstanceOf(TypeError);
        }
      });
    });

    it('sends the canary key upstream but never in any response', async () => {
      const calls = serveModels(() => HttpResponse.json({ error: { message: `invalid x-api-key: ${CANARY_KEY}` } }, { status: 401 }));
      const onError = vi.fn();
      await serve(discoveryOf({ baseURL: `http://user:${CANARY_KEY}@gateway.test` }), { onError });

      // `call` searches every header and body; these are the answers a client can provoke.
      await call(AVAILABLE);
      await call(`${AVAILABLE}?refresh=1`);
      await call(AVAILABLE, { method: 'HEAD' });
      await call(REFRESH, { method: 'POST' });
      await call(`${AVAILABLE}?refresh=bogus`);
      await call(AVAILABLE, { method: 'DELETE' });
      expect(calls[0]?.headers.get('x-api-key')).toBe(CANARY_KEY);
      expect(onError).not.toHaveBeenCalled();
    });
  });
}
