import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { createServedModelsHandler, ModelDiscovery, type ServedRequest, type ServedResponse } from '../../src/index.js';
import { CANARY_KEY, GATEWAY, listOf, serveModels } from '../support/upstream.js';

const ANTHROPIC = { 'anthropic-version': '2023-06-01' };
const IDS = ['claude-sonnet-4-5', 'openai/gpt-4o', 'llama3:8b', 'user@host', 'fifty%off', 'claude-haiku-4-5'];

function get(path: string, headers: Record<string, string> = {}, query: ServedRequest['query'] = new URLSearchParams()): ServedRequest {
  const [pathname = '', search = ''] = path.split('?');
  return { method: 'GET', path: pathname, query: search ? new URLSearchParams(search) : query, headers };
}

function json(response: ServedResponse | undefined): any {
  expect(response).toBeDefined();
  return JSON.parse(response!.body ?? '');
}

describe('the served handler: routing and shape', () => {
  const handle = createServedModelsHandler(IDS);

  it('leaves every other path to the host, synchronously', () => {
    for (const path of ['/', '/v1', '/v1/modelsx', '/api/v1/models/available', '/v2/models', '/v1/messages', '/V1/models']) {
      expect(handle(get(path))).toBeUndefined();
    }
    expect(handle.paths).toEqual(['/v1/models', '/v1/models/']);
  });

  it('answers in the Anthropic shape when the request has an anthropic-version header', async () => {
    const response = await handle(get('/v1/models', ANTHROPIC));
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response?.headers.vary).toBe('anthropic-version');
    expect(json(response)).toMatchObject({ has_more: false, first_id: 'claude-sonnet-4-5', last_id: 'claude-haiku-4-5' });
    expect(json(response).data[1]).toEqual({ type: 'model', id: 'openai/gpt-4o', display_name: 'openai/gpt-4o', created_at: '1970-01-01T00:00:00Z' });
  });

  it('answers in the OpenAI shape without that header', async () => {
    const body = json(await handle(get('/v1/models')));
    expect(body.object).toBe('list');
    expect(body.data.map((m: { id: string }) => m.id)).toEqual(IDS);
    expect(body.data[0]).toEqual({ id: 'claude-sonnet-4-5', object: 'model', created: 0, owned_by: 'system' });
  });

  it('reads the header from a Headers object and from a record in any letter case', async () => {
    expect(json(await handle(get('/v1/models', { 'Anthropic-Version': '2023-06-01' }))).data[0].type).toBe('model');
    const headers = new Headers(ANTHROPIC);
    expect(json(await handle({ method: 'GET', path: '/v1/models', query: {}, headers })).data[0].type).toBe('model');
  });

  it('always uses the configured shape when format is not auto, and then does not vary on the header', async () => {
    const anthropic = createServedModelsHandler(IDS, { format: 'anthropic' });
    const openai = createServedModelsHandler(IDS, { format: 'openai' });
    const a = await anthropic(get('/v1/models'));
    expect(json(a)).toHaveProperty('has_more');
    expect(a?.headers.vary).toBeUndefined();
    expect(json(await openai(get('/v1/models', ANTHROPIC)))).toHaveProperty('object', 'list');
  });

  it('treats a trailing slash on the list path as the list', async () => {
    expect(json(await handle(get('/v1/models/'))).object).toBe('list');
  });

  it('serves under another prefix, or none when mounted at /v1 already', async () => {
    expect(await createServedModelsHandler(IDS, { prefix: '/gateway/v1' })(get('/gateway/v1/models'))).toMatchObject({ status: 200 });
    expect(await createServedModelsHandler(IDS, { prefix: '' })(get('/models/llama3:8b'))).toMatchObject({ status: 200 });
    expect(await createServedModelsHandler(IDS, { prefix: '' })(get('/v1/models'))).toBeUndefined();
  });

  it('answers HEAD like GET without the body, and another method with 405 and Allow, in the request shape', async () => {
    const get_ = await handle(get('/v1/models'));
    const head = await handle({ ...get('/v1/models'), method: 'HEAD' });
    expect(head?.status).toBe(200);
    expect(head?.body).toBeUndefined();
    expect(head?.headers['content-length']).toBe(String(Buffer.byteLength(get_!.body!)));
    const response = await handle({ ...get('/v1/models', ANTHROPIC), method: 'POST' });
    expect(response?.status).toBe(405);
    expect(response?.headers.allow).toBe('GET, HEAD');
    expect(json(response)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/POST is not allowed/) } });
  });
});

describe('the served handler: one model by id', () => {
  const handle = createServedModelsHandler(IDS);

  it.each([
    ['openai%2Fgpt-4o', 'openai/gpt-4o'],
    ['openai/gpt-4o', 'openai/gpt-4o'],
    ['llama3:8b', 'llama3:8b'],
    ['llama3%3A8b', 'llama3:8b'],
    ['user@host', 'user@host'],
    ['fifty%25off', 'fifty%off'],
    ['fifty%off', 'fifty%off'],
  ])('finds %s as %s', async (raw, id) => {
    const response = await handle(get(`/v1/models/${raw}`, ANTHROPIC));
    expect(response?.status).toBe(200);
    expect(json(response)).toEqual({ type: 'model', id, display_name: id, created_at: '1970-01-01T00:00:00Z' });
  });

  it('answers one model in the OpenAI shape', async () => {
    expect(json(await handle(get('/v1/models/openai%2Fgpt-4o')))).toEqual({ id: 'openai/gpt-4o', object: 'model', created: 0, owned_by: 'system' });
  });

  it('answers an unknown id with 404 in the Anthropic error format', async () => {
    const response = await handle(get('/v1/models/claude-nope', ANTHROPIC));
    expect(response?.status).toBe(404);
    expect(json(response)).toEqual({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('"claude-nope"') } });
  });

  it('answers an unknown id with 404 in the OpenAI error format', async () => {
    const response = await handle(get('/v1/models/gpt-9'));
    expect(response?.status).toBe(404);
    expect(json(response)).toEqual({ error: { message: expect.stringContaining('"gpt-9"'), type: 'invalid_request_error', param: null, code: 'model_not_found' } });
  });

  it('does not echo a huge id back whole', async () => {
    const response = await handle(get(`/v1/models/${'x'.repeat(5000)}`));
    expect(response?.status).toBe(404);
    expect(response!.body!.length).toBeLessThan(600);
  });
});

describe('the served handler: Anthropic paging', () => {
  const many = Array.from({ length: 45 }, (_, i) => `model-${String(i).padStart(2, '0')}`);
  const handle = createServedModelsHandler(many);

  it('pages with limit and after_id as the Anthropic API does', async () => {
    const first = json(await handle(get('/v1/models?limit=20', ANTHROPIC)));
    expect(first).toMatchObject({ has_more: true, first_id: 'model-00', last_id: 'model-19' });
    const last = json(await handle(get('/v1/models?limit=20&after_id=model-39', ANTHROPIC)));
    expect(last).toMatchObject({ has_more: false, first_id: 'model-40', last_id: 'model-44' });
  });

  it('uses a default page size of 20', async () => {
    expect(json(await handle(get('/v1/models', ANTHROPIC))).data).toHaveLength(20);
  });

  it('pages backward with before_id', async () => {
    expect(json(await handle(get('/v1/models?limit=10&before_id=model-20', ANTHROPIC)))).toMatchObject({ first_id: 'model-10', last_id: 'model-19', has_more: true });
  });

  it('takes the query as a plain record too', async () => {
    const body = json(await handle(get('/v1/models', ANTHROPIC, { limit: '2', after_id: 'model-02' })));
    expect(body.data.map((m: { id: string }) => m.id)).toEqual(['model-03', 'model-04']);
  });

  it('ignores query parameters it does not know, such as the SDK lifecycle filter', async () => {
    expect((await handle(get('/v1/models?lifecycle=active&limit=3', ANTHROPIC)))?.status).toBe(200);
  });

  it.each([
    ['limit=0', /limit/],
    ['limit=1001', /limit/],
    ['limit=abc', /limit/],
    ['limit=', /limit/],
    ['limit=-1', /limit/],
    ['limit=2&limit=3', /limit must be given once/],
    ['after_id=nope', /after_id "nope"/],
    ['before_id=nope', /before_id "nope"/],
    ['after_id=model-01&before_id=model-09', /together/],
  ])('answers ?%s with 400 in the Anthropic error format', async (query, message) => {
    const response = await handle(get(`/v1/models?${query}`, ANTHROPIC));
    expect(response?.status).toBe(400);
    expect(json(response)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(message) } });
  });

  it('answers a nested query value (a parsed a[b]=c) with 400 rather than throwing', async () => {
    const response = await handle(get('/v1/models', ANTHROPIC, { limit: { evil: '1' } } as never));
    expect(response?.status).toBe(400);
  });

  it('serves the OpenAI list whole and ignores paging parameters, as OpenAI does', async () => {
    const response = await handle(get('/v1/models?limit=abc&after_id=nope'));
    expect(response?.status).toBe(200);
    expect(json(response).data).toHaveLength(45);
  });
});

describe('the served handler: options', () => {
  it('serves only what the filter keeps, for lists and for single ids', async () => {
    const handle = createServedModelsHandler(IDS, { filter: { prefix: 'claude-' } });
    expect(json(await handle(get('/v1/models'))).data.map((m: { id: string }) => m.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
    expect((await handle(get('/v1/models/openai%2Fgpt-4o')))?.status).toBe(404);
  });

  it('uses ownedBy for models whose upstream named no owner, and keeps a known owner', async () => {
    const handle = createServedModelsHandler(['a', { id: 'b', owned_by: 'anthropic' }], { ownedBy: 'my-gateway' });
    expect(json(await handle(get('/v1/models'))).data.map((m: { owned_by: string }) => m.owned_by)).toEqual(['my-gateway', 'anthropic']);
  });

  it('answers 401 in the request shape when authorize says no, before reading the list', async () => {
    const getModels = vi.fn();
    const handle = createServedModelsHandler({ getModels }, { authorize: (request) => request.headers.get('x-allowed') === 'yes' });
    const anthropic = await handle(get('/v1/models', ANTHROPIC));
    expect(anthropic?.status).toBe(401);
    expect(json(anthropic).error.type).toBe('authentication_error');
    expect(json(await handle(get('/v1/models'))).error.code).toBe('invalid_api_key');
    expect(getModels).not.toHaveBeenCalled();
  });

  it('answers 500 in the request shape when authorize throws, and reports the fault to onError', async () => {
    const onError = vi.fn();
    const handle = createServedModelsHandler(IDS, { authorize: () => { throw new Error('session store down'); }, onError });
    const anthropic = await handle(get('/v1/models', ANTHROPIC));
    expect(anthropic?.status).toBe(500);
    expect(json(anthropic)).toEqual({ type: 'error', error: { type: 'api_error', message: expect.any(String) } });
    expect(anthropic?.body).not.toContain('session store');
    expect(json(await handle(get('/v1/models'))).error.code).toBe('server_error');
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('passes the framework request to authorize as native', async () => {
    const authorize = vi.fn((request: { native?: unknown }) => request.native === 'the-req');
    const handle = createServedModelsHandler(IDS, { authorize });
    expect((await handle({ ...get('/v1/models'), native: 'the-req' }))?.status).toBe(200);
    expect((await handle(get('/v1/models')))?.status).toBe(401);
  });

  it('keeps the first of two equal ids in a fixed list', async () => {
    const handle = createServedModelsHandler(['a', { id: 'a', display_name: 'second' }, 'b'], { format: 'anthropic' });
    expect(json(await handle(get('/v1/models'))).data.map((m: { display_name: string }) => m.display_name)).toEqual(['a', 'b']);
  });

  it.each([
    [{ format: 'xml' }, /format/],
    [{ prefix: 'v1' }, /prefix/],
    [{ prefix: '/v1/' }, /prefix/],
    [{ prefix: '/:version' }, /prefix/],
    [{ onError: 'log' }, /onError/],
    [{ ownedBy: '' }, /ownedBy/],
    [{ authorize: true }, /authorize/],
    [{ filter: { prefixes: 'x' } }, /unknown rule/],
    [{ formats: 'openai' }, /unknown served route option `formats`/],
  ])('rejects the options %j when the handler is built', (options, message) => {
    expect(() => createServedModelsHandler(IDS, options as never)).toThrow(message);
  });

  it.each([[{}], [null], [[{ id: '' }]], [['bad\nid']]])('rejects the source %j when the handler is built', (source) => {
    expect(() => createServedModelsHandler(source as never)).toThrow(TypeError);
  });
});

describe('the served handler backed by a ModelDiscovery', () => {
  it('serves the discovered list', async () => {
    serveModels(listOf(['gpt-4o', 'openai/gpt-4o-mini']));
    const handle = createServedModelsHandler(new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {} }));
    const body = json(await handle(get('/v1/models')));
    expect(body.data).toEqual([
      { id: 'gpt-4o', object: 'model', created: 1_700_000_000, owned_by: 'openai' },
      { id: 'openai/gpt-4o-mini', object: 'model', created: 1_700_000_000, owned_by: 'openai' },
    ]);
  });

  it('serves the fallback list with a 200 when the upstream is down, and never a credential', async () => {
    serveModels(() => HttpResponse.json({ error: `bad key ${CANARY_KEY}` }, { status: 401 }));
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, fallbackModels: ['claude-sonnet-4-5'] });
    const handle = createServedModelsHandler(discovery);
    const list = await handle(get('/v1/models', ANTHROPIC));
    const one = await handle(get('/v1/models/claude-sonnet-4-5', ANTHROPIC));
    expect(list?.status).toBe(200);
    expect(json(list).data.map((m: { id: string }) => m.id)).toEqual(['claude-sonnet-4-5']);
    expect(one?.status).toBe(200);
    for (const response of [list, one]) expect(JSON.stringify(response)).not.toContain(CANARY_KEY);
  });

  it('serves an empty list with a 200 when nothing is configured', async () => {
    const handle = createServedModelsHandler(new ModelDiscovery({ env: {} }));
    const response = await handle(get('/v1/models', ANTHROPIC));
    expect(response?.status).toBe(200);
    expect(json(response)).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('serves the last list it had when a custom source rejects, rather than failing the request', async () => {
    const getModels = vi.fn().mockResolvedValueOnce({ models: [{ id: 'kept' }] }).mockRejectedValueOnce(new Error('boom'));
    const handle = createServedModelsHandler({ getModels });
    expect(json(await handle(get('/v1/models'))).data[0].id).toBe('kept');
    const second = await handle(get('/v1/models'));
    expect(second?.status).toBe(200);
    expect(json(second).data[0].id).toBe('kept');
  });

  it('builds the served list once per snapshot and again when the snapshot changes', async () => {
    const first = Object.freeze({ models: Object.freeze([{ id: 'a' }, { id: 'b' }]) });
    const second = Object.freeze({ models: Object.freeze([{ id: 'c' }]) });
    const getModels = vi.fn().mockResolvedValueOnce(first).mockResolvedValueOnce(first).mockResolvedValue(second);
    const keep = vi.fn(() => true);
    const handle = createServedModelsHandler({ getModels }, { filter: keep });
    await handle(get('/v1/models'));
    await handle(get('/v1/models/a'));
    expect(keep).toHaveBeenCalledTimes(2);
    expect(json(await handle(get('/v1/models'))).data.map((m: { id: string }) => m.id)).toEqual(['c']);
    expect(keep).toHaveBeenCalledTimes(3);
  });
});
