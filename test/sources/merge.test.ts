import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery, snapshotSchema, toWireSnapshotForTest, type Snapshot, type SourceOptions } from './harness.js';
import { anthropicPage, openaiList, upstream } from '../support/upstream.js';

const ids = (snapshot: Snapshot) => snapshot.models.map((model) => model.id);

/** Serves `GET {base}/v1/models` with a fixed answer and counts the calls. */
function serve(base: string, answer: () => Response): { calls: number } {
  const counter = { calls: 0 };
  upstream.use(
    http.get(`${base}/v1/models`, () => {
      counter.calls += 1;
      return answer();
    }),
  );
  return counter;
}

const LITELLM = 'http://litellm.test';
const ANTHROPIC = 'http://anthropic.test';
const OLLAMA = 'http://ollama.test';

function three(overrides: Partial<Record<'litellm' | 'anthropic' | 'ollama', Partial<SourceOptions>>> = {}, options = {}) {
  return new ModelDiscovery({
    env: {},
    sources: [
      { name: 'litellm', baseURL: LITELLM, dialect: 'openai', ...overrides.litellm },
      { name: 'anthropic', baseURL: ANTHROPIC, apiKey: 'sk-ant-test-key-0001', ...overrides.anthropic },
      { name: 'ollama', baseURL: OLLAMA, dialect: 'openai', idPrefix: 'ollama/', ...overrides.ollama },
    ],
    ...options,
  });
}

describe('merging several sources', () => {
  it('lists sources in configuration order and each source in upstream order, every model carrying its source', async () => {
    serve(LITELLM, () => HttpResponse.json(openaiList(['gpt-4o', 'claude-sonnet-4-5'])));
    serve(ANTHROPIC, () => HttpResponse.json(anthropicPage(['claude-opus-4-1', 'claude-haiku-4-5'])));
    serve(OLLAMA, () => HttpResponse.json(openaiList(['llama3.1:8b'])));

    const snapshot = await three().getModels();

    expect(ids(snapshot)).toEqual(['gpt-4o', 'claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5', 'ollama/llama3.1:8b']);
    expect(snapshot.models.map((model) => model.source)).toEqual(['litellm', 'litellm', 'anthropic', 'anthropic', 'ollama']);
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('drops an id an earlier source already listed and counts it in the later source’s status; idPrefix keeps both', async () => {
    serve(LITELLM, () => HttpResponse.json(openaiList(['claude-sonnet-4-5', 'llama3.1:8b'])));
    serve(ANTHROPIC, () => HttpResponse.json(anthropicPage(['claude-sonnet-4-5', 'claude-opus-4-1'])));
    serve(OLLAMA, () => HttpResponse.json(openaiList(['llama3.1:8b'])));

    const snapshot = await three().getModels();

    expect(ids(snapshot)).toEqual(['claude-sonnet-4-5', 'llama3.1:8b', 'claude-opus-4-1', 'ollama/llama3.1:8b']);
    expect(snapshot.models.find((model) => model.id === 'claude-sonnet-4-5')?.source).toBe('litellm');
    expect(snapshot.sources.map(({ name, count, duplicates }) => ({ name, count, duplicates }))).toEqual([
      { name: 'litellm', count: 2, duplicates: undefined },
      { name: 'anthropic', count: 1, duplicates: 1 },
      { name: 'ollama', count: 1, duplicates: undefined },
    ]);
  });

  it('applies a source’s filter to its own ids, before its prefix, and the top-level filter to the merged ids', async () => {
    serve(LITELLM, () => HttpResponse.json(openaiList(['gpt-4o', 'claude-sonnet-4-5'])));
    serve(ANTHROPIC, () => HttpResponse.json(anthropicPage(['claude-opus-4-1'])));
    serve(OLLAMA, () => HttpResponse.json(openaiList(['llama3.1:8b', 'qwen2.5:7b', 'nomic-embed-text'])));

    const discovery = three({ ollama: { filter: { exclude: '*embed*' } } }, { filter: { exclude: ['gpt-*', 'ollama/qwen*'] } });
    const snapshot = await discovery.getModels();

    expect(ids(snapshot)).toEqual(['claude-sonnet-4-5', 'claude-opus-4-1', 'ollama/llama3.1:8b']);
  });

  it('keeps the others’ models fresh when one source is down, and says which one and why', async () => {
    serve(LITELLM, () => HttpResponse.json(openaiList(['gpt-4o'])));
    serve(ANTHROPIC, () => HttpResponse.json({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, { status: 401 }));
    serve(OLLAMA, () => HttpResponse.error());

    const snapshot = await three().getModels();

    expect(ids(snapshot)).toEqual(['gpt-4o']);
    expect(snapshot.discoveryAvailable).toBe(true);
    expect(snapshot.stale).toBe(false);
    expect(snapshot.sources.map(({ name, status, count, error }) => ({ name, status, count, code: error?.code ?? null }))).toEqual([
      { name: 'litellm', status: 'fresh', count: 1, code: null },
      { name: 'anthropic', status: 'down', count: 0, code: 'unauthorized' },
      { name: 'ollama', status: 'down', count: 0, code: 'network_error' },
    ]);
    // The top-level error is the first failing source's.
    expect(snapshot.error).toEqual(snapshot.sources[1]!.error);
    expect(snapshot.error?.detail).toBe('invalid x-api-key');
  });

  it('reports not_configured for a source without a base URL, without a network call, while the others are listed', async () => {
    const litellm = serve(LITELLM, () => HttpResponse.json(openaiList(['gpt-4o'])));

    const snapshot = await new ModelDiscovery({ env: {}, sources: [{ name: 'litellm', baseURL: LITELLM, dialect: 'openai' }, { name: 'later' }] }).getModels();

    expect(litellm.calls).toBe(1);
    expect(snapshot.sources.map((source) => source.status)).toEqual(['fresh', 'not_configured']);
    expect(snapshot.sources[1]?.error?.code).toBe('not_configured');
    expect(snapshot.sources[1]?.error?.message).toMatch(/source "later"/);
  });

  it('keeps the top-level fields’ meaning over the merge: lastRefreshed is the oldest held list, stale if any held list is', async () => {
    let litellmUp = true;
    serve(LITELLM, () => (litellmUp ? HttpResponse.json(openaiList(['gpt-4o'])) : new HttpResponse(null, { status: 503 })));
    serve(ANTHROPIC, () => HttpResponse.json(anthropicPage(['claude-opus-4-1'])));
    serve(OLLAMA, () => HttpResponse.json(openaiList(['llama3.1:8b'])));
    const discovery = three({}, { minRefreshInterval: 0 });
    const first = await discovery.getModels();
    expect(first.sources.every((source) => source.lastRefreshed !== null)).toBe(true);
    const oldest = first.sources.map((source) => source.lastRefreshed!).sort()[0];
    expect(first.lastRefreshed).toBe(oldest);

    litellmUp = false;
    const after = await discovery.refresh();

    expect(after.sources.map((source) => source.status)).toEqual(['stale', 'fresh', 'fresh']);
    expect(after.stale).toBe(true);
    expect(after.error?.code).toBe('http_error');
    expect(ids(after)).toEqual(['gpt-4o', 'claude-opus-4-1', 'ollama/llama3.1:8b']);
    expect(after.lastRefreshed).toBe(after.sources[0]!.lastRefreshed);
  });

  it('serves the fallback models only while no source has ever listed its models', async () => {
    serve(LITELLM, () => new HttpResponse(null, { status: 503 }));
    serve(ANTHROPIC, () => new HttpResponse(null, { status: 503 }));
    serve(OLLAMA, () => new HttpResponse(null, { status: 503 }));

    const snapshot = await three({}, { fallbackModels: ['claude-haiku-4-5'] }).getModels();

    expect(ids(snapshot)).toEqual(['claude-haiku-4-5']);
    expect(snapshot.discoveryAvailable).toBe(false);
    expect(snapshot.sources.map((source) => source.status)).toEqual(['down', 'down', 'down']);
  });

  it('sends sources in snake_case on the wire', async () => {
    serve(LITELLM, () => HttpResponse.json(openaiList(['gpt-4o'])));
    serve(ANTHROPIC, () => HttpResponse.json(anthropicPage(['claude-opus-4-1'])));
    serve(OLLAMA, () => HttpResponse.json(openaiList(['llama3.1:8b'])));

    const wire = toWireSnapshotForTest(await three().getModels());

    expect(wire.sources[0]).toEqual({ name: 'litellm', status: 'fresh', count: 1, last_refreshed: expect.any(String), error: null });
    expect(wire.models[0]).toMatchObject({ id: 'gpt-4o', source: 'litellm' });
  });

  it('leaves `source` off the models of an instance built without `sources`, so its output is as before', async () => {
    serve('http://gateway.test', () => HttpResponse.json(openaiList(['m'])));

    const snapshot = await new ModelDiscovery({ baseURL: 'http://gateway.test', env: {} }).getModels();

    expect(snapshot.models[0]).toEqual({ id: 'm', created_at: '2023-11-14T22:13:20Z', owned_by: 'openai' });
    expect(snapshot.sources).toEqual([{ name: 'default', status: 'fresh', count: 1, lastRefreshed: snapshot.lastRefreshed, error: null }]);
  });
});

describe('the sources option is checked when the object is built', () => {
  it.each([
    ['an empty list', { sources: [] }, /non-empty/],
    ['a source without a name', { sources: [{ baseURL: LITELLM }] }, /name/],
    ['a name with a space', { sources: [{ name: 'my source' }] }, /name/],
    ['two sources with one name', { sources: [{ name: 'a' }, { name: 'a' }] }, /unique/],
    ['an unknown dialect', { sources: [{ name: 'a', dialect: 'grpc' }] }, /dialect/],
    ['an unknown source option', { sources: [{ name: 'a', ttl: 5 }] }, /unknown source option `sources\[0\]\.ttl`/],
    ['a top-level baseURL beside sources', { baseURL: LITELLM, sources: [{ name: 'a' }] }, /give it to each source/],
    ['a relative modelsPath', { sources: [{ name: 'a', modelsPath: 'models' }] }, /modelsPath/],
    ['a header value with a line break', { sources: [{ name: 'a', headers: { 'x-a': 'b\r\nx-evil: 1' } }] }, /line breaks/],
    ['a source timeout of 0', { sources: [{ name: 'a', timeout: 0 }] }, /sources\[0\]\.timeout/],
    ['a source base URL that is not http(s)', { sources: [{ name: 'a', baseURL: 'ftp://x.test' }] }, /sources\[0\]\.baseURL.*http or https/],
  ])('rejects %s with a TypeError', (_, options, message) => {
    expect(() => new ModelDiscovery({ env: {}, ...(options as object) })).toThrow(TypeError);
    expect(() => new ModelDiscovery({ env: {}, ...(options as object) })).toThrow(message);
  });
});
