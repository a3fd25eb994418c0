import { delay, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import { createServedModelsHandler, ModelDiscovery, toAnthropicPage, type Model, type ServedRequest, type ServedResponse } from '../../src/index.js';
import { GATEWAY, listOf, serveModels } from '../support/upstream.js';

// What Claude Code sends (2.1.332, read from a real request): the one list request, first page only.
const CLAUDE_CODE = { 'anthropic-version': '2023-06-01', 'x-api-key': 'client-key', 'user-agent': 'claude-code/2.1.332' };
const isClaude = (id: string) => /(claude|anthropic)/i.test(id);

function get(target: string, headers: Record<string, string> = CLAUDE_CODE): ServedRequest {
  const [path = '', search = ''] = target.split('?');
  return { method: 'GET', path, query: new URLSearchParams(search), headers };
}

async function body(pending: Promise<ServedResponse> | undefined): Promise<any> {
  const response = await pending;
  expect(response?.status).toBe(200);
  return JSON.parse(response!.body ?? '');
}

const ids = (page: { data: Array<{ id: string }> }) => page.data.map((model) => model.id);

/** An upstream whose model list answers only when `release()` is called. */
function heldUpstream(list: string[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const calls = serveModels(async () => {
    await released;
    return HttpResponse.json({ object: 'list', data: list.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'litellm' })) });
  });
  return { release, calls };
}

describe('maxWait: the served routes answer in time whatever discovery is doing', () => {
  it('answers a cold request from the fallback list after maxWait, then from the upstream list once discovery lands', async () => {
    const upstream = heldUpstream(['claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'gpt-4o']);
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 60_000, fallbackModels: ['claude-fallback-1', 'claude-fallback-2'] });
    const handle = createServedModelsHandler(discovery, { maxWait: 20 });

    const cold = await body(handle(get('/v1/models?limit=1000')));
    expect(ids(cold)).toEqual(['claude-fallback-1', 'claude-fallback-2']);

    upstream.release();
    // The refresh the cold request started is joined, not repeated.
    await discovery.getModels();
    const warm = await body(handle(get('/v1/models?limit=1000')));
    expect(ids(warm)).toEqual(['claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'gpt-4o']);
    expect(upstream.calls).toHaveLength(1);
  });

  it('waits for a discovery that lands within maxWait, so a cold start with a quick upstream serves the real list', async () => {
    serveModels(async () => {
      await delay(30);
      return HttpResponse.json({ data: [{ id: 'claude-opus-4-1' }] });
    });
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, fallbackModels: ['claude-fallback-1'] });

    const page = await body(createServedModelsHandler(discovery, { maxWait: 10_000 })(get('/v1/models?limit=1000')));

    expect(ids(page)).toEqual(['claude-opus-4-1']);
  });

  it('answers an empty 200 (never a 5xx, never a hang) when nothing is held and there is no fallback', async () => {
    heldUpstream(['claude-sonnet-4-5']);
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 60_000 });

    const anthropic = await body(createServedModelsHandler(discovery, { maxWait: 10 })(get('/v1/models?limit=1000')));
    const openai = await body(createServedModelsHandler(discovery, { maxWait: 10 })(get('/v1/models', {})));

    expect(anthropic).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
    expect(openai).toEqual({ object: 'list', data: [] });
  });

  it('serves the held list at once, not after maxWait, while a refresh behind it is slow', async () => {
    let slow = false;
    serveModels(async () => {
      if (slow) await delay('infinite');
      return listOf(['claude-sonnet-4-5'])();
    });
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, ttl: 1, timeout: 60_000 });
    await discovery.getModels();
    slow = true;
    // A maxWait no test could sit through: only a held list answered without waiting passes.
    const handle = createServedModelsHandler(discovery, { maxWait: 2_147_483_647 });

    expect(ids(await body(handle(get('/v1/models?limit=1000'))))).toEqual(['claude-sonnet-4-5']);
  });

  it('answers within maxWait with the sources that have a list while another source has never answered', async () => {
    serveModels(listOf(['claude-sonnet-4-5']));
    serveModels(() => delay('infinite'), 'http://slow.test');
    const discovery = new ModelDiscovery({
      env: {},
      sources: [
        { name: 'litellm', baseURL: GATEWAY },
        { name: 'slow', baseURL: 'http://slow.test', timeout: 60_000 },
      ],
    });
    const handle = createServedModelsHandler(discovery, { maxWait: 50 });

    // Until the quick source lands the answer may be empty; after that, a read still waits for the
    // slow source (up to its 60 s timeout): only maxWait bounds the request.
    await body(handle(get('/v1/models?limit=1000')));
    await vi.waitFor(() => expect(discovery.peek().models.map((model) => model.id)).toEqual(['claude-sonnet-4-5']));
    expect(ids(await body(handle(get('/v1/models?limit=1000'))))).toEqual(['claude-sonnet-4-5']);
    expect(discovery.peek().sources?.map((source) => source.status)).toEqual(['fresh', 'pending']);
  });

  it('with maxWait 0 never waits: a cold request gets the fallback list while discovery starts', async () => {
    const upstream = heldUpstream(['claude-sonnet-4-5']);
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 60_000, fallbackModels: ['claude-fallback-1'] });

    expect(ids(await body(createServedModelsHandler(discovery, { maxWait: 0 })(get('/v1/models?limit=1000'))))).toEqual(['claude-fallback-1']);
    upstream.release();
    // The request started discovery: the next read joins it and gets the upstream's list.
    expect((await discovery.getModels()).models).toEqual([{ id: 'claude-sonnet-4-5', created_at: '2023-11-14T22:13:20Z', owned_by: 'litellm' }]);
    expect(upstream.calls).toHaveLength(1);
  });

  it('answers a custom source without peek() from the last list it gave, and never turns its rejection into a 5xx', async () => {
    let next: () => Promise<{ models: Model[] }> = () => Promise.resolve({ models: [{ id: 'claude-custom-1' }] });
    const source = { getModels: () => next() };
    const handle = createServedModelsHandler(source, { maxWait: 10 });

    expect(ids(await body(handle(get('/v1/models?limit=1000'))))).toEqual(['claude-custom-1']);
    next = () => new Promise(() => {});
    expect(ids(await body(handle(get('/v1/models?limit=1000'))))).toEqual(['claude-custom-1']);
    next = () => Promise.reject(new Error('boom'));
    expect(ids(await body(handle(get('/v1/models?limit=1000'))))).toEqual(['claude-custom-1']);
  });

  it.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [2_147_483_648], ['2000']])('refuses maxWait %s with a TypeError that says what it takes', (maxWait) => {
    expect(() => createServedModelsHandler([], { maxWait: maxWait as number })).toThrow(/`maxWait` must be a whole number of milliseconds from 0 to 2147483647/);
  });
});

describe('ModelDiscovery.peek()', () => {
  it('gives the current snapshot without asking the upstream: the fallback list first, the held list after', async () => {
    const calls = serveModels(listOf(['claude-sonnet-4-5']));
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, fallbackModels: ['claude-fallback-1'] });

    expect(discovery.peek()).toMatchObject({ models: [{ id: 'claude-fallback-1' }], discoveryAvailable: false });
    expect(calls).toHaveLength(0);
    await discovery.getModels();
    expect(discovery.peek()).toMatchObject({ models: [{ id: 'claude-sonnet-4-5' }], discoveryAvailable: true });
    expect(discovery.peek()).toBe(await discovery.getModels());
    expect(calls).toHaveLength(1);
  });

  it('says not_configured, as getModels() does, when there is no base URL', async () => {
    const discovery = new ModelDiscovery({ env: {}, fallbackModels: ['claude-fallback-1'] });
    expect(discovery.peek()).toMatchObject({ models: [{ id: 'claude-fallback-1' }], error: { code: 'not_configured' } });
    expect(discovery.peek()).toBe(await discovery.getModels());
  });
});

describe("the 'claudeCode' preset on the served routes", () => {
  it('serves exactly the ids Claude Code keeps, including provider-prefixed ones a claude- prefix would drop', async () => {
    const all = ['claude-sonnet-4-5', 'anthropic/claude-haiku-4-5', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 'gpt-4o', 'llama3:8b', 'Claude-Custom'];
    const page = await body(createServedModelsHandler(all, { filter: 'claudeCode' })(get('/v1/models?limit=1000')));
    expect(ids(page)).toEqual(all.filter(isClaude));
  });
});

describe('Claude ids first when a page holds less than the whole list', () => {
  // 1,200 ids from a big router: Claude ids scattered, the last ones listed after id 1000.
  const mixed = Array.from({ length: 1_200 }, (_, i) => (i % 150 === 149 ? `anthropic/claude-${i}` : `vendor-${i}/model`));
  const handle = createServedModelsHandler(mixed);

  it('puts every Claude id on the first page of limit=1000, as Claude Code reads only that page', async () => {
    const first = await body(handle(get('/v1/models?limit=1000')));
    const claude = mixed.filter(isClaude);
    expect(claude).toHaveLength(8);
    expect(mixed.indexOf(claude.at(-1)!)).toBeGreaterThan(1000);

    expect(ids(first).slice(0, claude.length)).toEqual(claude);
    expect(first.data).toHaveLength(1000);
    expect(first.has_more).toBe(true);
  });

  it('pages through that order with the cursors, every id once', async () => {
    const seen: string[] = [];
    let afterId: string | undefined;
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await body(handle(get(`/v1/models?limit=500${afterId ? `&after_id=${encodeURIComponent(afterId)}` : ''}`)));
      seen.push(...ids(page));
      if (!page.has_more) break;
      afterId = page.last_id;
    }
    expect(seen).toEqual([...mixed.filter(isClaude), ...mixed.filter((id) => !isClaude(id))]);
    const back = await body(handle(get(`/v1/models?limit=3&before_id=${encodeURIComponent(seen[9]!)}`)));
    expect(ids(back)).toEqual(seen.slice(6, 9));
  });

  it('keeps the upstream order when the whole list fits the page, and in the OpenAI shape (never paged)', async () => {
    const small = createServedModelsHandler(['gpt-4o', 'claude-sonnet-4-5', 'llama3:8b']);
    expect(ids(await body(small(get('/v1/models?limit=1000'))))).toEqual(['gpt-4o', 'claude-sonnet-4-5', 'llama3:8b']);
    expect(ids(await body(handle(get('/v1/models', {}))))).toEqual(mixed);
  });

  it('is what toAnthropicPage() does too', () => {
    const models = mixed.map((id) => ({ id }));
    expect(ids(toAnthropicPage(models, { limit: 1000 })).slice(0, 8)).toEqual(mixed.filter(isClaude));
    expect(ids(toAnthropicPage(models.slice(0, 3), { limit: 3 }))).toEqual(mixed.slice(0, 3));
  });
});

describe('labels Claude Code shows', () => {
  it('passes the upstream description through as one line, and never sends a null or empty display_name', async () => {
    serveModels(() =>
      HttpResponse.json({
        data: [
          { type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', description: 'Fast,\n  smart\tand cheap' },
          { type: 'model', id: 'anthropic/claude-haiku-4-5', display_name: null, description: 42 },
          { type: 'model', id: 'claude-opus-4-1', display_name: '', description: '   ' },
        ],
        has_more: false,
      }),
    );
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {} });

    const page = await body(createServedModelsHandler(discovery)(get('/v1/models?limit=1000')));

    expect(page.data).toEqual([
      { type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', description: 'Fast, smart and cheap' },
      { type: 'model', id: 'anthropic/claude-haiku-4-5', display_name: 'anthropic/claude-haiku-4-5', created_at: '1970-01-01T00:00:00Z' },
      { type: 'model', id: 'claude-opus-4-1', display_name: 'claude-opus-4-1', created_at: '1970-01-01T00:00:00Z' },
    ]);
    expect((await discovery.getModels()).models[0]).toHaveProperty('description', 'Fast, smart and cheap');
  });

  it('clips a long description to 300 characters and keeps fallback models’ descriptions', async () => {
    const discovery = new ModelDiscovery({ env: {}, fallbackModels: [{ id: 'claude-fallback-1', display_name: 'Fallback', description: 'x'.repeat(5_000) }] });
    const [model] = (await body(createServedModelsHandler(discovery)(get('/v1/models?limit=1000')))).data;
    expect(model.display_name).toBe('Fallback');
    expect(Array.from(model.description as string)).toHaveLength(300);
    expect(model.description.endsWith('…')).toBe(true);
  });
});
