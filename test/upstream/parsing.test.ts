import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { snapshotSchema } from '../../src/schema/index.js';
import { MIN_SPLIT_LENGTH } from '../../src/upstream/json-list.js';
import { captureLogger } from '../support/capture.js';
import { anthropicPage, GATEWAY, openaiList, serveModels } from '../support/upstream.js';

function discover(body: unknown, options: ConstructorParameters<typeof ModelDiscovery>[0] = {}) {
  serveModels(() => HttpResponse.json(body as never));
  return new ModelDiscovery({ baseURL: GATEWAY, env: {}, ...options }).getModels();
}

describe('parsing the upstream list', () => {
  afterEach(() => {
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('normalises the Anthropic shape', async () => {
    const snapshot = await discover({
      data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }],
      has_more: false,
      first_id: 'claude-sonnet-4-5',
      last_id: 'claude-sonnet-4-5',
    });
    expect(snapshot.models).toEqual([{ id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }]);
  });

  it('normalises the OpenAI/LiteLLM shape, turning `created` seconds into ISO 8601', async () => {
    const snapshot = await discover({ object: 'list', data: [{ id: 'gpt-4o', object: 'model', created: 1_715_367_049, owned_by: 'openai' }] });
    expect(snapshot.models).toEqual([{ id: 'gpt-4o', created_at: '2024-05-10T18:50:49Z', owned_by: 'openai' }]);
  });

  it('ignores unknown fields, and reads only the metadata fields the Anthropic Models API names', async () => {
    // `max_tokens` is the Models API's output limit; `capabilities.vision` is not its shape
    // (`image_input: { supported }` is), so it says nothing; `context_length` is not read here.
    const snapshot = await discover({ data: [{ id: 'm', capabilities: { vision: true }, max_tokens: 8192, context_length: 5, pricing: { input: 1 } }] });
    expect(snapshot.models).toEqual([{ id: 'm', max_output_tokens: 8192, metadata_source: 'upstream' }]);
  });

  it('keeps the upstream order and drops later duplicates', async () => {
    const snapshot = await discover(openaiList(['b', 'a', 'b', 'c', 'a']));
    expect(snapshot.models.map((m) => m.id)).toEqual(['b', 'a', 'c']);
  });

  it('drops items without a usable id and says so in one warning', async () => {
    const logger = captureLogger();
    const snapshot = await discover(
      {
        data: [
          { id: 'good' },
          { id: '' },
          { id: 42 },
          { id: 'x'.repeat(257) },
          { id: 'bad\u0000id' },
          { id: 'new\nline' },
          { name: 'no id' },
          null,
          'a string',
          { id: 'y'.repeat(256) },
        ],
      },
      { logger },
    );
    expect(snapshot.models.map((m) => m.id)).toEqual(['good', 'y'.repeat(256)]);
    expect(logger.lines.filter((line) => line.includes('dropped 8'))).toHaveLength(1);
  });

  it('treats fields of the wrong type as unknown instead of dropping the model', async () => {
    const snapshot = await discover({ data: [{ id: 'm', display_name: 7, created_at: 'yesterday', created: 'soon', owned_by: {} }] });
    expect(snapshot.models).toEqual([{ id: 'm' }]);
  });

  it('reads `"data": null` (Ollama with nothing installed) as an empty list', async () => {
    const snapshot = await discover({ object: 'list', data: null });
    expect(snapshot.models).toEqual([]);
    expect(snapshot.discoveryAvailable).toBe(true);
  });

  it.each([
    ['data missing', { object: 'list' }],
    ['data an object', { data: { id: 'm' } }],
    ['data a string', { data: 'models' }],
    ['a bare array', [{ id: 'm' }]],
    ['null', null],
  ])('rejects a body with %s as invalid_response', async (_, body) => {
    const snapshot = await discover(body);
    expect(snapshot.error?.code).toBe('invalid_response');
    expect(snapshot.discoveryAvailable).toBe(false);
  });

  it('never pollutes Object.prototype through hostile keys', async () => {
    const hostile = '{"data":[{"id":"__proto__","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}]}';
    serveModels(() => new HttpResponse(hostile, { headers: { 'content-type': 'application/json' } }));
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.models).toEqual([{ id: '__proto__' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps at most maxModels models and warns about the rest', async () => {
    const logger = captureLogger();
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const snapshot = await discover(openaiList(ids), { maxModels: 10, logger });
    expect(snapshot.models.map((m) => m.id)).toEqual(ids.slice(0, 10));
    expect(logger.lines.some((line) => line.startsWith('warn') && line.includes('dropped 20'))).toBe(true);
  });

  it('produces snapshots that pass the public schema', async () => {
    const snapshot = await discover(anthropicPage(['a', 'b']));
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('hands out frozen snapshots so a caller cannot change the shared list', async () => {
    const snapshot = await discover(openaiList(['a']));
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.models)).toBe(true);
    expect(Object.isFrozen(snapshot.models[0])).toBe(true);
  });
});

describe('paging', () => {
  it('follows has_more / last_id across every page', async () => {
    const calls = serveModels(({ request }) => {
      const after = new URL(request.url).searchParams.get('after_id');
      if (after === null) return HttpResponse.json(anthropicPage(['a', 'b'], true));
      if (after === 'b') return HttpResponse.json(anthropicPage(['c', 'd'], true));
      return HttpResponse.json(anthropicPage(['e'], false));
    });
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.models.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls.map((c) => c.url.searchParams.get('after_id'))).toEqual([null, 'b', 'd']);
  });

  it('sends the next page URL as the dialect wrote it, its cursor not encoded again by the SDK', async () => {
    const calls = serveModels(({ request }) => {
      const after = new URL(request.url).searchParams.get('after_id');
      return HttpResponse.json(after === null ? anthropicPage(['a', 'b c*'], true) : anthropicPage(['d'], false));
    });
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.models.map((m) => m.id)).toEqual(['a', 'b c*', 'd']);
    // URLSearchParams' encoding; the SDK's own query encoder wrote `after_id=b%20c%2A`.
    expect(calls[1]?.url.search).toBe('?limit=1000&after_id=b+c*');
  });

  it('stops paging on has_more: "false" (a string)', async () => {
    const calls = serveModels(() => HttpResponse.json({ ...anthropicPage(['a']), has_more: 'false' }));
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.models.map((m) => m.id)).toEqual(['a']);
    expect(calls).toHaveLength(1);
  });

  it('refuses a list whose pages never end, after maxPages requests', async () => {
    let page = 0;
    const calls = serveModels(() => {
      page += 1;
      return HttpResponse.json(anthropicPage([`m${page}`], true));
    });
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, maxPages: 5 }).getModels();
    expect(calls).toHaveLength(5);
    expect(snapshot.error?.code).toBe('invalid_response');
    expect(snapshot.error?.message).toMatch(/maxPages/);
  });

  it('refuses a cursor that repeats instead of requesting the same page forever', async () => {
    const calls = serveModels(() => HttpResponse.json(anthropicPage(['a'], true)));
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(calls).toHaveLength(2);
    expect(snapshot.error?.code).toBe('invalid_response');
  });

  it('refuses a page with one broken item as not JSON, as a whole parse does, even where its shape would be refused too', async () => {
    const length = (text: string) => `${text.length} characters`;
    // Broken in the last batch of items, and in the first (read after the page's shape); the
    // page long enough (4 MiB) to be read item by item (upstream/json-list.ts).
    const pad = 'x'.repeat(MIN_SPLIT_LENGTH / 200);
    const items = Array.from({ length: 200 }, (_, index) => `{"id":"m-${index}","pad":"${pad}"}`);
    const broken = `{"data":[${items.join(',')},{"id":}],"has_more":false}`;
    // has_more without last_id and a last item without an id: the shape alone is refused too.
    const both = `{"data":[{"id":},${items.join(',')},{"name":"no id"}],"has_more":true}`;
    for (const text of [broken, both]) {
      serveModels(() => new HttpResponse(text, { headers: { 'content-type': 'application/json' } }));
      const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
      expect(snapshot.error?.code).toBe('invalid_response');
      expect(snapshot.error?.message).toContain(`not JSON (application/json, ${length(text)})`);
    }
  });

  it('reads a long list item by item exactly as a whole page: keys beside the list, paging by the last item', async () => {
    // Pages long enough (4 MiB) to be read item by item (upstream/json-list.ts).
    const pad = 'x'.repeat(MIN_SPLIT_LENGTH / 140);
    const models = Array.from({ length: 300 }, (_, index) => ({ id: `m-${index}`, display_name: `M ${index}`, created_at: '2025-09-29T00:00:00Z', nested: { '"data":[': ['],'], pad } }));
    let call = 0;
    serveModels(() => {
      call += 1;
      // Page 1: has_more without last_id, so the cursor is the last item's id.
      return call === 1 ? HttpResponse.json({ has_more: true, data: models.slice(0, 150) }) : HttpResponse.json({ data: models.slice(150), has_more: false });
    });
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.error).toBeNull();
    expect(snapshot.models.map((model) => model.id)).toEqual(models.map((model) => model.id));
    expect(snapshot.models[299]).toEqual({ id: 'm-299', display_name: 'M 299', created_at: '2025-09-29T00:00:00Z' });
  });

  it('refuses has_more with neither a last_id nor items to page from', async () => {
    serveModels(() => HttpResponse.json({ data: [], has_more: true, last_id: null }));
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.error?.code).toBe('invalid_response');
  });
});
