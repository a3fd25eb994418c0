import { HttpResponse } from 'msw';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';

import { createAvailableModelsHandler, createModelRoutesHandler, ModelDiscovery, type ModelLister, type ModelSource, type ServedModels, type ServedModelSource, type Snapshot } from '../../src/index.js';
import { ENCODED_BODY, type MaybeEncoded } from '../../src/routes/available/render.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

const snapshot: Snapshot = Object.freeze({
  models: Object.freeze([Object.freeze({ id: 'm' })]) as Snapshot['models'],
  discoveryAvailable: true,
  stale: false,
  lastRefreshed: '2026-11-21T10:00:00.000Z',
  error: null,
  sources: Object.freeze([Object.freeze({ name: 'default', status: 'fresh', count: 1, lastRefreshed: '2026-11-21T10:00:00.000Z', error: null })]) as Snapshot['sources'],
});

function sourceOf(value: Snapshot): ModelLister & { getModels: ReturnType<typeof vi.fn> } {
  return { getModels: vi.fn(async () => value) };
}

const get = (path: string, extra: Record<string, unknown> = {}) => ({ method: 'GET', path, headers: {}, ...extra });

describe('the route handler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns undefined synchronously for a path it does not own', () => {
    const handle = createModelRoutesHandler(sourceOf(snapshot));

    expect(handle(get('/api/v1/other'))).toBeUndefined();
    expect(handle(get('/api/v1/models/available/'))).toBeUndefined();
    expect(handle.paths).toEqual(['/api/v1/models/available', '/api/v1/models/available/refresh']);
  });

  it('serialises and hashes one snapshot once, however many requests it answers', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const stringify = vi.spyOn(JSON, 'stringify');
    const fresh = Object.freeze({ ...snapshot, lastRefreshed: '2026-11-21T11:00:00.000Z' });
    const handle = createModelRoutesHandler(sourceOf(fresh));

    const answers = await Promise.all(Array.from({ length: 20 }, () => handle(get('/api/v1/models/available'))));

    expect(digest).toHaveBeenCalledTimes(1);
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(new Set(answers.map((a) => a?.headers.etag)).size).toBe(1);
  });

  it('serialises again for a new snapshot object', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const source = sourceOf(Object.freeze({ ...snapshot, stale: true }));
    const handle = createModelRoutesHandler(source);
    const first = await handle(get('/api/v1/models/available'));
    source.getModels.mockResolvedValue(Object.freeze({ ...snapshot, stale: true }));

    const second = await handle(get('/api/v1/models/available'));

    expect(digest).toHaveBeenCalledTimes(2);
    // Equal content, equal strong ETag.
    expect(second?.headers.etag).toBe(first?.headers.etag);
  });

  it('reads the query from a string, URLSearchParams or a record and headers from Headers or a record', async () => {
    const source = sourceOf(snapshot);
    const handle = createModelRoutesHandler(source);
    const etag = (await handle(get('/api/v1/models/available')))?.headers.etag ?? '';

    for (const query of ['refresh=1', '?refresh=1', new URLSearchParams('refresh=1'), { refresh: '1' }, { refresh: ['1'] }]) {
      await handle(get('/api/v1/models/available', { query }));
      expect(source.getModels).toHaveBeenLastCalledWith({ refresh: true });
    }
    expect((await handle(get('/api/v1/models/available', { query: { refresh: ['1', '0'] } })))?.status).toBe(400);
    expect((await handle(get('/api/v1/models/available', { headers: new Headers({ 'If-None-Match': etag }) })))?.status).toBe(304);
    expect((await handle(get('/api/v1/models/available', { headers: { 'If-None-Match': etag } })))?.status).toBe(304);
  });

  it('answers a nested query value (qs parses ?refresh[a]=1 into an object) with 400, not a throw', async () => {
    const handle = createModelRoutesHandler(sourceOf(snapshot));
    const nested = await handle(get('/api/v1/models/available', { query: { refresh: { a: '1' } } as never }));
    const nullPrototype = await handle(get('/api/v1/models/available', { query: { refresh: Object.create(null) } as never }));
    expect(nested?.status).toBe(400);
    expect(nullPrototype?.status).toBe(400);
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'yes', 'TRUE '])(
    'answers ?refresh=%s with 400 without calling getModels (regression: inherited object keys were accepted)',
    async (value) => {
      const source = sourceOf(snapshot);
      const response = await createModelRoutesHandler(source)(get('/api/v1/models/available', { query: `refresh=${encodeURIComponent(value)}` }));
      expect(response?.status).toBe(400);
      expect(source.getModels).not.toHaveBeenCalled();
    },
  );

  it('accepts the method in any case', async () => {
    const handle = createModelRoutesHandler(sourceOf(snapshot));

    expect((await handle(get('/api/v1/models/available', { method: 'get' })))?.status).toBe(200);
  });

  it('answers 500 rather than rejecting when onError itself throws', async () => {
    const handle = createModelRoutesHandler({ getModels: () => Promise.reject(new Error('x')) }, {
      onError: () => {
        throw new Error('logger down');
      },
    });

    expect((await handle(get('/api/v1/models/available')))?.status).toBe(500);
  });

  it('refuses a request unless authorize resolves to exactly true', async () => {
    const handle = createModelRoutesHandler(sourceOf(snapshot), { authorize: () => 'yes' as unknown as boolean });

    expect((await handle(get('/api/v1/models/available')))?.status).toBe(401);
  });

  it.each([
    ['no discovery', undefined, {}],
    ['a discovery without getModels', {}, {}],
    ['an unknown option', sourceOf(snapshot), { prefx: '/x' }],
    ['a prefix without a leading slash', sourceOf(snapshot), { prefix: 'api' }],
    ['a prefix with a trailing slash', sourceOf(snapshot), { prefix: '/api/' }],
    ['a prefix with a route pattern', sourceOf(snapshot), { prefix: '/api/:version' }],
    ['a prefix with a dot segment', sourceOf(snapshot), { prefix: '/api/..' }],
    ['an authorize that is not a function', sourceOf(snapshot), { authorize: true }],
  ])('throws a TypeError when built with %s', (_, discovery, options) => {
    expect(() => createModelRoutesHandler(discovery as ModelLister, options as object)).toThrow(TypeError);
  });
});

describe('answerNow: a warm request answered in the same tick', () => {
  const PATH = '/api/v1/models/available';

  async function warmHandler(options?: Parameters<typeof createAvailableModelsHandler>[1]) {
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {} });
    const handle = createAvailableModelsHandler(discovery, options);
    const first = await handle(get(PATH));
    return { handle, discovery, first: first! };
  }

  it('gives the same 200, HEAD and 304 as the handler once the discovery is warm', async () => {
    const { handle, first } = await warmHandler();
    expect(handle.answerNow(get(PATH))).toEqual(first);
    expect(handle.answerNow(get(PATH, { method: 'HEAD' }))).toEqual(await handle(get(PATH, { method: 'HEAD' })));
    const cached = get(PATH, { headers: { 'if-none-match': first.headers.etag } });
    expect(handle.answerNow(cached)).toEqual(await handle(cached));
    expect(handle.answerNow(cached)?.status).toBe(304);
  });

  it('carries the 200 body encoded once, for the adapters to send as bytes, without showing it as a field', async () => {
    const { first } = await warmHandler();
    const encoded = (first as MaybeEncoded)[ENCODED_BODY];
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(encoded)).toBe(first.body);
    expect(Object.keys(first)).toEqual(['status', 'headers', 'body']);
    expect(JSON.parse(JSON.stringify(first))).toEqual({ status: 200, headers: first.headers, body: first.body });
  });

  it('matches an If-None-Match list or a weak tag holding the ETag, as the handler does', async () => {
    const { handle, first } = await warmHandler();
    expect(handle.answerNow(get(PATH, { headers: { 'if-none-match': `"other", W/${first.headers.etag}` } }))?.status).toBe(304);
    expect(handle.answerNow(get(PATH, { headers: { 'if-none-match': '"other"' } }))?.status).toBe(200);
  });

  it.each([
    ['a query', get(PATH, { query: 'refresh=true' })],
    ['a POST', get(`${PATH}/refresh`, { method: 'POST' })],
    ['another path', get('/api/v1/other')],
  ])('leaves %s to the handler', async (_, request) => {
    const { handle } = await warmHandler();
    expect(handle.answerNow(request)).toBeUndefined();
  });

  it('leaves every request to the handler when authorize is set, a cold discovery or a lister without the warm read', async () => {
    const guarded = await warmHandler({ authorize: () => true });
    expect(guarded.handle.answerNow(get(PATH))).toBeUndefined();
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    expect(createAvailableModelsHandler(new ModelDiscovery({ baseURL: GATEWAY, env: {} })).answerNow(get(PATH))).toBeUndefined();
    const double = createAvailableModelsHandler(sourceOf(snapshot));
    await double(get(PATH));
    expect(double.answerNow(get(PATH))).toBeUndefined();
  });
});

describe('the names renamed when "source" came to mean one upstream', () => {
  it('keeps the old names as aliases of the new ones, so code written against them still compiles', () => {
    expectTypeOf<ModelSource>().toEqualTypeOf<ModelLister>();
    expectTypeOf<ServedModelSource>().toEqualTypeOf<ServedModels>();
  });
});
