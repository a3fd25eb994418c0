import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery, type ModelDiscoveryOptions } from '../../src/index.js';
import { captureLogger } from '../support/capture.js';
import { CANARY_KEY, CANARY_TOKEN, upstream } from '../support/upstream.js';
import { fixture } from './harness.js';

/** Every request a test's upstream received. */
interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

function record(seen: Seen[], answer: (request: Request, url: URL) => Response | Promise<Response>) {
  return async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    seen.push({ method: request.method, url, headers: request.headers, body: request.method === 'POST' ? await request.clone().text() : '' });
    return answer(request, url);
  };
}

function discovery(options: ModelDiscoveryOptions) {
  const logger = captureLogger();
  return { logger, discovery: new ModelDiscovery({ env: {}, logger, ...options }) };
}

function expectNoCanary(value: unknown, lines: string[]) {
  for (const text of [JSON.stringify(value), lines.join('\n')]) {
    expect(text).not.toContain(CANARY_KEY);
    expect(text).not.toContain(CANARY_TOKEN);
  }
}

describe('gemini through the real transport', () => {
  const BASE = 'https://generativelanguage.googleapis.com';

  it('follows nextPageToken with x-goog-api-key and lists both pages', async () => {
    const seen: Seen[] = [];
    upstream.use(
      http.get(`${BASE}/v1beta/models`, record(seen, (_request, url) => HttpResponse.json(fixture(url.searchParams.has('pageToken') ? 'gemini/page-2.json' : 'gemini/page-1.json')))),
    );
    const { discovery: d, logger } = discovery({ baseURL: BASE, apiKey: CANARY_KEY, dialect: 'gemini' });
    const snapshot = await d.getModels();

    expect(snapshot.error).toBeNull();
    expect(snapshot.models.map((model) => model.id)).toHaveLength(9);
    expect(snapshot.models[1]).toMatchObject({ id: 'gemini-2.5-pro', context_window: 1048576, max_output_tokens: 65536, kind: 'chat' });
    expect(seen.map((request) => request.url.search)).toEqual(['?pageSize=1000', '?pageSize=1000&pageToken=Ch9tb2RlbHMvdmVvLTMuMS1nZW5lcmF0ZS1wcmV2aWV3']);
    expect(seen.every((request) => request.headers.get('x-goog-api-key') === CANARY_KEY)).toBe(true);
    expect(seen.every((request) => !request.url.href.includes(CANARY_KEY))).toBe(true);
    expectNoCanary(snapshot, logger.lines);
  });

  it('refuses a page token that repeats (a loop) as invalid_response, without paging forever', async () => {
    const seen: Seen[] = [];
    upstream.use(http.get(`${BASE}/v1beta/models`, record(seen, () => HttpResponse.json(fixture('gemini/page-1.json')))));
    const snapshot = await discovery({ baseURL: BASE, apiKey: CANARY_KEY, dialect: 'gemini' }).discovery.getModels();

    expect(snapshot.error?.code).toBe('invalid_response');
    expect(seen).toHaveLength(2);
  });

  it('stops at maxPages when every token is new', async () => {
    let page = 0;
    upstream.use(http.get(`${BASE}/v1beta/models`, () => HttpResponse.json({ models: [{ name: `models/m-${page}` }], nextPageToken: `t-${++page}` })));
    const snapshot = await discovery({ baseURL: BASE, apiKey: CANARY_KEY, dialect: 'gemini', maxPages: 3 }).discovery.getModels();

    expect(snapshot.error?.code).toBe('invalid_response');
    expect(page).toBe(3);
  });

  it('refuses a redirect (the key must never reach another origin)', async () => {
    upstream.use(http.get(`${BASE}/v1beta/models`, () => new HttpResponse(null, { status: 302, headers: { location: 'https://elsewhere.test/v1beta/models' } })));
    const snapshot = await discovery({ baseURL: BASE, apiKey: CANARY_KEY, dialect: 'gemini' }).discovery.getModels();
    expect(snapshot.error?.code).toBe('redirect_refused');
  });
});

describe('ollama through the real transport', () => {
  const BASE = 'http://ollama.test:11434';

  it('lists /api/tags and reads /api/show for each model, at most 4 at once', async () => {
    const tags = { models: Array.from({ length: 10 }, (_, index) => ({ ...fixture('ollama/tags.json').models[1], name: `model-${index}:latest` })) };
    let running = 0;
    let peak = 0;
    const shown: string[] = [];
    upstream.use(
      http.get(`${BASE}/api/tags`, () => HttpResponse.json(tags)),
      http.post(`${BASE}/api/show`, async ({ request }) => {
        running += 1;
        peak = Math.max(peak, running);
        shown.push(((await request.json()) as { model: string }).model);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return HttpResponse.json(fixture('ollama/show-llava.json'));
      }),
    );
    const snapshot = await discovery({ baseURL: BASE, dialect: 'ollama' }).discovery.getModels();

    expect(snapshot.error).toBeNull();
    expect(snapshot.models).toHaveLength(10);
    expect(snapshot.models.every((model) => model.context_window === 8192 && model.capabilities?.vision === true)).toBe(true);
    expect(shown.sort()).toEqual(tags.models.map((model) => model.name).sort());
    expect(peak).toBe(4);
  });

  it('keeps the list when /api/show never answers: the one deadline ends the enrichment, not the list', async () => {
    upstream.use(
      http.get(`${BASE}/api/tags`, () => HttpResponse.json(fixture('ollama/tags.json'))),
      http.post(`${BASE}/api/show`, () => new Promise<Response>(() => {})),
    );
    const { discovery: d, logger } = discovery({ baseURL: BASE, dialect: 'ollama', timeout: 300 });
    const snapshot = await d.getModels();

    expect(snapshot.discoveryAvailable).toBe(true);
    expect(snapshot.models.map((model) => model.id)).toEqual(['deepseek-r1:latest', 'llama3.2:latest']);
    expect(snapshot.models[0]).not.toHaveProperty('context_window');
    expect(logger.lines.some((line) => line.includes('warn'))).toBe(true);
  });
});

describe('litellm through the real transport', () => {
  const BASE = 'http://litellm.test:4000';

  it('loads the list with metadata from /model_group/info, never litellm_params', async () => {
    const groups = fixture('litellm/model-group-info.json');
    groups.data[1].litellm_params = { api_base: 'https://internal.example', api_key: CANARY_KEY };
    upstream.use(
      http.get(`${BASE}/v1/models`, () => HttpResponse.json(fixture('litellm/models.json'))),
      http.get(`${BASE}/model_group/info`, () => HttpResponse.json(groups)),
    );
    const { discovery: d, logger } = discovery({ baseURL: BASE, authToken: CANARY_TOKEN, dialect: 'litellm' });
    const snapshot = await d.getModels();

    expect(snapshot.models[1]).toMatchObject({ id: 'gpt-3.5-turbo', context_window: 16385, max_output_tokens: 4096, pricing: { input: 1.5, output: 2 } });
    expect(JSON.stringify(snapshot)).not.toContain('internal.example');
    expectNoCanary(snapshot, logger.lines);
  });

  it('still loads the list when both metadata routes fail', async () => {
    upstream.use(
      http.get(`${BASE}/v1/models`, () => HttpResponse.json(fixture('litellm/models.json'))),
      http.get(`${BASE}/model_group/info`, () => HttpResponse.json({ error: { message: `bad key ${CANARY_TOKEN}` } }, { status: 500 })),
      http.get(`${BASE}/v1/model/info`, () => HttpResponse.json({ detail: 'Not Found' }, { status: 404 })),
    );
    const { discovery: d, logger } = discovery({ baseURL: BASE, authToken: CANARY_TOKEN, dialect: 'litellm' });
    const snapshot = await d.getModels();

    expect(snapshot.error).toBeNull();
    expect(snapshot.models.map((model) => model.id)).toEqual(['rerank-english-v3.0', 'gpt-3.5-turbo', 'llava-hf']);
    expect(logger.lines.filter((line) => line.includes('metadata'))).toHaveLength(1);
    expectNoCanary(snapshot, logger.lines);
  });
});

describe('openrouter, lmstudio and cursor through the real transport', () => {
  it('openrouter: prices per million from the real row, "-1" dropped with one warning', async () => {
    const body = fixture('openrouter/models.json');
    body.data.push(...fixture('openrouter/auto-router.json').data);
    upstream.use(http.get('https://openrouter.ai/api/v1/models', () => HttpResponse.json(body)));
    const { discovery: d, logger } = discovery({ baseURL: 'https://openrouter.ai/api/v1', dialect: 'openrouter' });
    const snapshot = await d.getModels();

    expect(snapshot.models[0]).toMatchObject({ id: 'mistralai/mistral-medium-3.1', context_window: 262144, pricing: { input: 0.4, output: 2 } });
    expect(snapshot.models[1]).not.toHaveProperty('pricing');
    expect(logger.lines.filter((line) => line.includes('pricing.input ×1'))).toHaveLength(1);
  });

  it('openrouter: a body past maxBodyBytes is body_too_large', async () => {
    const body = fixture('openrouter/models.json');
    body.data = Array.from({ length: 200 }, (_, index) => ({ ...body.data[0], id: `m-${index}` }));
    upstream.use(http.get('https://openrouter.ai/api/v1/models', () => HttpResponse.json(body)));
    const snapshot = await discovery({ baseURL: 'https://openrouter.ai', dialect: 'openrouter', maxBodyBytes: 64 * 1024 }).discovery.getModels();
    expect(snapshot.error?.code).toBe('body_too_large');
  });

  it('lmstudio: /api/v0/models with an optional Bearer token', async () => {
    const seen: Seen[] = [];
    upstream.use(http.get('http://lmstudio.test:1234/api/v0/models', record(seen, () => HttpResponse.json(fixture('lmstudio/models.json')))));
    const snapshot = await discovery({ baseURL: 'http://lmstudio.test:1234/v1', apiKey: CANARY_KEY, dialect: 'lmstudio' }).discovery.getModels();

    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${CANARY_KEY}`);
    expect(snapshot.models.map((model) => [model.id, model.kind, model.context_window])).toEqual([
      ['qwen2-vl-7b-instruct', 'chat', 32768],
      ['meta-llama-3.1-8b-instruct', 'chat', 131072],
      ['text-embedding-nomic-embed-text-v1.5', 'embedding', 2048],
    ]);
  });

  it('cursor: /v0/models with the key as the Basic user and an empty password', async () => {
    const seen: Seen[] = [];
    upstream.use(http.get('https://api.cursor.com/v0/models', record(seen, () => HttpResponse.json(fixture('cursor/models.json')))));
    const { discovery: d, logger } = discovery({ baseURL: 'https://api.cursor.com', apiKey: CANARY_KEY, dialect: 'cursor' });
    const snapshot = await d.getModels();

    expect(seen[0]?.headers.get('authorization')).toBe(`Basic ${btoa(`${CANARY_KEY}:`)}`);
    expect(snapshot.models.map((model) => model.id)).toEqual(['claude-4-sonnet-thinking', 'o3', 'claude-4-opus-thinking']);
    expectNoCanary(snapshot, logger.lines);
  });
});
