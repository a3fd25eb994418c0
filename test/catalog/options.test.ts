import { readFileSync } from 'node:fs';

import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery, type ModelDiscoveryOptions } from '../../src/index.js';
import { captureLogger } from '../support/capture.js';
import { jsonStore } from '../support/stores.js';
import { anthropicPage, CANARY_KEY, GATEWAY, serveModels, upstream } from '../support/upstream.js';

const CATALOG_URL = 'https://catalog.test/api.json';
const document = () => JSON.parse(readFileSync(new URL('../fixtures/catalog/models-dev.json', import.meta.url), 'utf8'));

function gatewayListing(ids: string[]) {
  return serveModels(() => HttpResponse.json(anthropicPage(ids)));
}

function instance(options: ModelDiscoveryOptions) {
  const logger = captureLogger();
  return { logger, discovery: new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, logger, ...options }) };
}

function serveCatalog(answer: () => Response | Promise<Response> = () => HttpResponse.json(document())) {
  const requests: Request[] = [];
  upstream.use(
    http.get(CATALOG_URL, ({ request }) => {
      requests.push(request);
      return answer();
    }),
  );
  return requests;
}

describe('the catalog option', () => {
  it('{ data }: fills what the upstream leaves out, from a snapshot shipped with the host', async () => {
    gatewayListing(['claude-haiku-4-5', 'my-own-model']);
    const { discovery } = instance({ catalog: { data: document() } });
    const { models } = await discovery.getModels();

    expect(models[0]).toMatchObject({
      id: 'claude-haiku-4-5',
      display_name: 'CLAUDE-HAIKU-4-5',
      context_window: 200000,
      max_output_tokens: 64000,
      pricing: { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
      metadata_source: 'catalog',
    });
    expect(models[1]).toEqual({ id: 'my-own-model', display_name: 'MY-OWN-MODEL', created_at: '2025-09-29T00:00:00Z' });
  });

  it('{ url }: fetched once, without any credential, and the first answer already carries it', async () => {
    gatewayListing(['claude-sonnet-4-5']);
    const requests = serveCatalog();
    const { discovery } = instance({ catalog: { url: CATALOG_URL } });

    const first = await discovery.getModels();
    await discovery.getModels({ refresh: true });

    expect(first.models[0]?.pricing).toEqual({ input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get('x-api-key')).toBeNull();
    expect(requests[0]?.headers.get('authorization')).toBeNull();
  });

  it.each([
    ['a 500', () => HttpResponse.json({ error: 'down' }, { status: 500 })],
    ['a body that is not JSON', () => new HttpResponse('<html>', { headers: { 'content-type': 'text/html' } })],
    ['a redirect', () => new HttpResponse(null, { status: 302, headers: { location: 'https://elsewhere.test/' } })],
    ['a network failure', () => HttpResponse.error()],
    ['a document of the wrong shape', () => HttpResponse.json(['not', 'a', 'catalog'])],
  ])('never affects the list when it fails: %s', async (_name, answer) => {
    gatewayListing(['claude-sonnet-4-5']);
    serveCatalog(answer);
    const { discovery, logger } = instance({ catalog: { url: CATALOG_URL } });
    const snapshot = await discovery.getModels();

    expect(snapshot.error).toBeNull();
    expect(snapshot.models).toEqual([{ id: 'claude-sonnet-4-5', display_name: 'CLAUDE-SONNET-4-5', created_at: '2025-09-29T00:00:00Z' }]);
    expect(logger.lines.filter((line) => line.includes('catalog'))).toHaveLength(1);
  });

  it('is fetched again after catalogTtl', async () => {
    gatewayListing(['claude-sonnet-4-5']);
    const requests = serveCatalog();
    const { discovery } = instance({ catalog: { url: CATALOG_URL }, catalogTtl: 1 });
    await discovery.getModels();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await discovery.getModels({ refresh: true });
    expect(requests).toHaveLength(2);
  });

  it('is shared through the store: a second instance of the fleet does not fetch it', async () => {
    gatewayListing(['claude-sonnet-4-5']);
    const requests = serveCatalog();
    const store = jsonStore();

    await instance({ catalog: { url: CATALOG_URL }, store }).discovery.getModels();
    const second = await instance({ catalog: { url: CATALOG_URL }, store }).discovery.getModels();

    expect(requests).toHaveLength(1);
    expect(second.models[0]?.context_window).toBe(200000);
    expect([...store.data.keys()].some((key) => /^model-discovery:v2:catalog:[0-9a-f]{64}$/.test(key))).toBe(true);
  });
});

describe('the overrides option', () => {
  it('wins over the upstream and the catalog, field by field, and says override', async () => {
    serveModels(() => HttpResponse.json({ data: [{ type: 'model', id: 'claude-haiku-4-5', max_input_tokens: 100000 }] }));
    const { discovery } = instance({
      catalog: { data: document() },
      overrides: { 'claude-haiku-4-5': { pricing: { input: 0.5, output: 2.5 }, description: 'Batch discount' } },
    });
    const [model] = (await discovery.getModels()).models;

    expect(model).toMatchObject({
      context_window: 100000,
      max_output_tokens: 64000,
      pricing: { input: 0.5, output: 2.5 },
      description: 'Batch discount',
      metadata_source: 'override',
    });
  });

  it('applies to fallback models too', async () => {
    const { discovery } = instance({ baseURL: undefined, fallbackModels: ['local-model'], overrides: { 'local-model': { context_window: 8192 } } });
    expect((await discovery.getModels()).models).toEqual([{ id: 'local-model', context_window: 8192, metadata_source: 'override' }]);
  });
});

describe('checking the options', () => {
  it.each([
    [{ catalog: 'https://models.dev/api.json' }, /`catalog` must be/],
    [{ catalog: { url: 'ftp://models.dev/api.json' } }, /`catalog.url` must be an http\(s\) URL/],
    [{ catalog: { url: 'https://user:pw-secret@models.dev/api.json' } }, /without user:password/],
    [{ catalog: { url: CATALOG_URL, data: {} } }, /`catalog` must be/],
    [{ overrides: { m: { pricing: { input: -1 } } } }, /overrides\["m"\]\["pricing"\]\["input"\]/],
    [{ catalogTtl: -5 }, /catalogTtl/],
  ])('refuses %j with a TypeError', (options, message) => {
    expect(() => new ModelDiscovery({ env: {}, ...(options as ModelDiscoveryOptions) })).toThrow(TypeError);
    expect(() => new ModelDiscovery({ env: {}, ...(options as ModelDiscoveryOptions) })).toThrow(message);
    expect(() => new ModelDiscovery({ env: {}, ...(options as ModelDiscoveryOptions) })).not.toThrow(/pw-secret/);
  });
});
