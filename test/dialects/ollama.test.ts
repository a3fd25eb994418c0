import { describe, expect, it } from 'vitest';

import { createError } from '../../src/errors/errors.js';
import type { Model } from '../../src/model/schema.js';
import { ollama, OLLAMA_SHOW_CONCURRENCY } from '../../src/upstream/dialects/ollama.js';
import { endpoint, enrichContext, fixture, header, modelsOf } from './harness.js';

const OLLAMA = 'http://127.0.0.1:11434';

function listed(): Model[] {
  return modelsOf(ollama, fixture('ollama/tags.json')).models;
}

function shownModel(request: { body?: string }): string {
  return (JSON.parse(request.body ?? '{}') as { model: string }).model;
}

describe('ollama dialect: the list', () => {
  it('asks GET {base}/api/tags, also from a base set up for /v1', () => {
    expect(ollama.request(endpoint({ baseURL: OLLAMA }), undefined).url).toBe(`${OLLAMA}/api/tags`);
    expect(ollama.request(endpoint({ baseURL: `${OLLAMA}/v1` }), undefined).url).toBe(`${OLLAMA}/api/tags`);
    expect(header(ollama.request(endpoint({ baseURL: OLLAMA }), undefined), 'authorization')).toBeUndefined();
  });

  it("lists the documented /api/tags by name, described from details", () => {
    expect(listed()).toEqual([
      { id: 'deepseek-r1:latest', description: 'qwen2, 7.6B parameters, Q4_K_M', metadata_source: 'upstream' },
      { id: 'llama3.2:latest', description: 'llama, 3.2B parameters, Q4_K_M', metadata_source: 'upstream' },
    ]);
  });

  it('takes models: null (nothing installed) as an empty list and refuses a body without models', () => {
    expect(ollama.parse({ models: null }).items).toEqual([]);
    expect(() => ollama.parse({ data: [] })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});

describe('ollama dialect: /api/show', () => {
  it('POSTs {"model": name} to {root}/api/show for each model', async () => {
    const { context, requests } = enrichContext(() => fixture('ollama/show-llava.json'));
    await ollama.enrich!(listed(), endpoint({ baseURL: `${OLLAMA}/v1` }), context);
    expect(requests.map((request) => [request.method, request.url, shownModel(request)])).toEqual([
      ['POST', `${OLLAMA}/api/show`, 'deepseek-r1:latest'],
      ['POST', `${OLLAMA}/api/show`, 'llama3.2:latest'],
    ]);
    expect(header(requests[0]!, 'content-type')).toBe('application/json');
  });

  it("reads <arch>.context_length and the capabilities of the documented answer", async () => {
    const { context, warnings } = enrichContext(() => fixture('ollama/show-llava.json'));
    const [model] = await ollama.enrich!(listed(), endpoint({ baseURL: OLLAMA }), context);
    expect(model).toEqual({
      id: 'deepseek-r1:latest',
      description: 'qwen2, 7.6B parameters, Q4_K_M',
      context_window: 8192,
      capabilities: { vision: true, tools: false, reasoning: false },
      kind: 'chat',
      metadata_source: 'upstream',
    });
    expect(warnings).toEqual([]);
  });

  it('reads the architecture each model names, and tools, thinking, embedding', async () => {
    const { context } = enrichContext((request) => {
      const show = fixture('ollama/show-llava.json');
      if (shownModel(request) === 'deepseek-r1:latest') {
        show.model_info = { 'general.architecture': 'qwen2', 'qwen2.context_length': 131072, 'llama.context_length': 1 };
        show.capabilities = ['completion', 'tools', 'thinking'];
      } else {
        show.capabilities = ['embedding'];
      }
      return show;
    });
    const models = await ollama.enrich!(listed(), endpoint({ baseURL: OLLAMA }), context);
    expect(models[0]).toMatchObject({ context_window: 131072, capabilities: { vision: false, tools: true, reasoning: true }, kind: 'chat' });
    expect(models[1]).toMatchObject({ context_window: 8192, kind: 'embedding' });
  });

  it(`runs at most ${OLLAMA_SHOW_CONCURRENCY} calls at once and answers every model`, async () => {
    const many = Array.from({ length: 23 }, (_, index) => ({ id: `model-${index}:latest` }));
    let running = 0;
    let peak = 0;
    const { context } = enrichContext(async (request) => {
      running += 1;
      peak = Math.max(peak, running);
      // Finish out of order, so a limiter that waits for a whole batch would show.
      await new Promise((resolve) => setTimeout(resolve, (shownModel(request).length * 7) % 5));
      running -= 1;
      return fixture('ollama/show-llava.json');
    });
    const models = await ollama.enrich!(many, endpoint({ baseURL: OLLAMA }), context);
    expect(OLLAMA_SHOW_CONCURRENCY).toBe(4);
    expect(peak).toBe(4);
    expect(models.map((model) => model.id)).toEqual(many.map((model) => model.id));
    expect(models.every((model) => model.context_window === 8192)).toBe(true);
  });

  it('keeps a model whose /api/show failed, and says how many failed in one warning', async () => {
    const { context, warnings } = enrichContext((request) => {
      if (shownModel(request) === 'llama3.2:latest') throw createError('timeout', 'deadline');
      return fixture('ollama/show-llava.json');
    });
    const models = await ollama.enrich!(listed(), endpoint({ baseURL: OLLAMA }), context);
    expect(models[0]?.context_window).toBe(8192);
    expect(models[1]).toEqual(listed()[1]);
    expect(warnings).toEqual([expect.stringContaining('failed for 1 of 2 models (timeout ×1)')]);
  });

  it('keeps the whole list when every /api/show fails', async () => {
    const { context, warnings } = enrichContext(() => Promise.reject(new TypeError('fetch failed')));
    expect(await ollama.enrich!(listed(), endpoint({ baseURL: OLLAMA }), context)).toEqual(listed());
    expect(warnings[0]).toContain('failed for 2 of 2 models (failed ×2)');
  });

  it('drops hostile /api/show values alone', async () => {
    const { context, warnings } = enrichContext(() => ({
      model_info: { 'general.architecture': 'llama', 'llama.context_length': -8192 },
      capabilities: 'vision',
    }));
    const [model] = await ollama.enrich!(listed(), endpoint({ baseURL: OLLAMA }), context);
    expect(model).toEqual(listed()[0]);
    expect(warnings).toEqual([expect.stringContaining('context_window ×2, capabilities ×2')]);
  });

  it('never reads a context length under another architecture, or from __proto__', async () => {
    const { context } = enrichContext(() =>
      JSON.parse('{"model_info": {"general.architecture": "__proto__", "llama.context_length": 8192}, "capabilities": []}'),
    );
    const [model] = await ollama.enrich!(listed(), endpoint({ baseURL: OLLAMA }), context);
    expect(model).not.toHaveProperty('context_window');
    expect(model).not.toHaveProperty('kind');
  });
});
