import type { IncomingMessage, ServerResponse } from 'node:http';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MIN_EXTERNAL_BYTES } from '../../src/upstream/ascii-text.js';
import { MIN_SPLIT_LENGTH } from '../../src/upstream/json-list.js';
import { CANARY_KEY } from '../support/upstream.js';
import {
  anthropicPage,
  expectFailureKeepsHeldList,
  expectSuccess,
  json,
  startGateway,
  type Gateway,
  type Scenario,
} from './gateway.js';

function afterId(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://x').searchParams.get('after_id');
}

/** Pages answered by cursor: `pages[after_id ?? '']`. */
function cursorPages(pages: Record<string, unknown>): Scenario {
  return (req: IncomingMessage, res: ServerResponse) => json(pages[afterId(req) ?? ''] ?? { data: [] })(req, res);
}

// Paging and payloads: what a gateway can put inside a 200. Malformed lists are refused whole
// (held list kept); bad items are dropped one by one; nothing reaches Object.prototype.
describe('hostile gateway: paging and payloads', () => {
  let gateway: Gateway;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('follows Anthropic cursor pages with x-api-key and after_id', async () => {
    const { snapshot } = await expectSuccess(
      gateway,
      cursorPages({ '': anthropicPage(['claude-a', 'claude-b'], true), 'claude-b': anthropicPage(['claude-c']) }),
    );
    expect(snapshot.models.map((m) => m.id)).toEqual(['claude-a', 'claude-b', 'claude-c']);
    expect(gateway.hits.map((h) => afterId({ url: h.url } as IncomingMessage))).toEqual([null, 'claude-b']);
    for (const hit of gateway.hits) {
      expect(hit.headers['x-api-key']).toBe(CANARY_KEY);
      expect(hit.headers.authorization).toBeUndefined();
    }
  });

  it('refuses endless has_more (a fresh cursor on every page) after maxPages requests', async () => {
    let page = 0;
    const endless: Scenario = (req, res) => {
      page += 1;
      json(anthropicPage([`claude-page-${page}`], true))(req, res);
    };
    const before = gateway.hits.length;
    await expectFailureKeepsHeldList(gateway, endless, { code: 'invalid_response' }, { maxPages: 20, timeout: 5_000 });
    // held list (1) + warm refresh (20) + cold read (20).
    expect(gateway.hits.length - before).toBe(41);
  });

  it('refuses has_more that repeats the same last_id instead of paging forever', async () => {
    await expectFailureKeepsHeldList(gateway, json(anthropicPage(['claude-same'], true)), { code: 'invalid_response' }, { timeout: 5_000 });
  });

  it('refuses has_more with empty data and no cursor', async () => {
    await expectFailureKeepsHeldList(gateway, json({ data: [], has_more: true, first_id: null, last_id: null }), { code: 'invalid_response' });
  });

  it('pages on from the last item when has_more comes with last_id: null', async () => {
    const first = { ...anthropicPage(['claude-a', 'claude-b'], true), last_id: null };
    const { snapshot } = await expectSuccess(gateway, cursorPages({ '': first, 'claude-b': anthropicPage(['claude-c']) }));
    expect(snapshot.models.map((m) => m.id)).toEqual(['claude-a', 'claude-b', 'claude-c']);
  });

  it('stops at has_more: "false" (a string) instead of paging forever', async () => {
    const { snapshot } = await expectSuccess(gateway, json({ ...anthropicPage(['claude-a']), has_more: 'false' }));
    expect(snapshot.models.map((m) => m.id)).toEqual(['claude-a']);
    expect(gateway.hits).toHaveLength(1);
  });

  it.each([
    ['an object', { data: { id: 'claude-a' } }],
    ['a string', { data: 'claude-a' }],
    ['missing', { object: 'list' }],
    ['a bare array body', [{ id: 'claude-a' }]],
    ['a JSON null body', null],
  ])('refuses a body whose data is %s as invalid_response', async (_name, body) => {
    await expectFailureKeepsHeldList(gateway, json(JSON.stringify(body)), { code: 'invalid_response' });
  });

  it("treats Ollama's \"data\": null (nothing installed) as an empty list, not an error", async () => {
    const { snapshot } = await expectSuccess(gateway, json({ object: 'list', data: null }));
    expect(snapshot.models).toEqual([]);
  });

  it('drops ids that are empty, 10k characters, numbers, null or carry control characters, and keeps the rest', async () => {
    const data = [
      { id: '' },
      { id: 'x'.repeat(10_000) },
      { id: 42 },
      { id: null },
      { id: { nested: 'claude' } },
      { id: 'claude\u0000nul' },
      { id: '\u001b[31mred\u001b[0m' },
      { id: 'line\nbreak' },
      { id: 'claude\u2028sep' },
      { display_name: 'no id at all' },
      { id: 'x'.repeat(256) },
      { id: 'claude-ok' },
      { id: 'claude-ok', display_name: 'duplicate' },
    ];
    const { snapshot, logs } = await expectSuccess(gateway, json({ object: 'list', data }));
    expect(snapshot.models.map((m) => m.id)).toEqual(['x'.repeat(256), 'claude-ok']);
    expect(logs.join('\n')).toMatch(/dropped 11 upstream item/);
    expect(logs.join('\n')).not.toContain('\u001b');
  });

  // A page with nothing but plain ASCII in it is cleared as a whole (jsonHoldsNoControlCharacters)
  // and its ids and names are not tested one by one, so each way JSON can carry a control character
  // is sent alone here, in a page otherwise clear: an escape (the one way for C0), a raw DEL, a C1
  // character (UTF-8 bytes C2 80-C2 9F) and U+2028/U+2029, which JSON.stringify leaves raw.
  it.each([
    ['an escaped ESC', '\u001b', true],
    ['an escaped line feed', '\n', true],
    ['a raw DEL', '\u007f', false],
    ['a raw C1 NEL', '\u0085', false],
    ['a raw C1 CSI', '\u009b', false],
    ['a raw line separator', '\u2028', false],
    ['a raw paragraph separator', '\u2029', false],
  ])('drops an id and leaves out names holding %s, in a page with no other control character', async (_name, control, escaped) => {
    const data = [
      { id: `bad${control}id`, display_name: 'Bad id' },
      { id: 'named', display_name: `Bad${control}name`, owned_by: `bad${control}owner` },
      { id: 'plain', display_name: 'Plain', owned_by: 'vendor' },
    ];
    const body = JSON.stringify({ object: 'list', data });
    expect(body.includes('\\')).toBe(escaped);
    const { snapshot, logs } = await expectSuccess(gateway, json({ object: 'list', data }));
    expect(snapshot.models).toEqual([{ id: 'named' }, { id: 'plain', display_name: 'Plain', owned_by: 'vendor' }]);
    expect(logs.join('\n')).toMatch(/dropped 1 upstream item/);
  });

  // Long pages take other ways to their text (utf8-text.ts): from 1 MiB, an all-ASCII body is read
  // as Latin-1 and any other decoded chunk by chunk; from 4 MiB, the page is parsed item by item.
  it.each([
    ['of 2 MiB, decoded whole', 20_000],
    ['of 4 MiB and more, read item by item', 40_000],
  ])('drops an id holding an escaped or a raw control character in a page %s', async (_, count) => {
    const filler = Array.from({ length: count }, (_, index) => ({ id: `model-${index}`, display_name: `Model ${index} with a name long enough to fill the page`, owned_by: 'vendor' }));
    for (const control of ['\u001b', '\u007f', '\u0085', '\u2028']) {
      const body = JSON.stringify({ object: 'list', data: [{ id: `bad${control}id` }, { id: 'named', display_name: `Bad${control}name` }, ...filler] });
      expect(body.length > MIN_SPLIT_LENGTH).toBe(count === 40_000);
      expect(body.length).toBeGreaterThan(MIN_EXTERNAL_BYTES);
      const { snapshot } = await expectSuccess(gateway, json(body));
      expect(snapshot.models.slice(0, 2)).toEqual([{ id: 'named' }, { id: 'model-0', display_name: 'Model 0 with a name long enough to fill the page', owned_by: 'vendor' }]);
    }
  });

  it('keeps "__proto__" and "constructor" as plain ids and lets no upstream key reach Object.prototype', async () => {
    const body =
      '{"object":"list","data":[{"id":"__proto__","__proto__":{"polluted":"yes"}},{"id":"constructor","constructor":{"prototype":{"polluted":"yes"}}},' +
      '{"id":"prototype","owned_by":"x","__proto__":{"owned_by":"polluted"}}],"__proto__":{"polluted":"yes"}}';
    const { snapshot } = await expectSuccess(gateway, json(body));
    expect(snapshot.models.map((m) => m.id)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    for (const model of snapshot.models) {
      expect(Object.getPrototypeOf(model)).toBe(Object.prototype);
      expect(Object.keys(model).every((key) => ['id', 'display_name', 'created_at', 'owned_by'].includes(key))).toBe(true);
    }
  });

  it('keeps the first 10,000 of 50,000 models and warns about the rest', async () => {
    const data = Array.from({ length: 50_000 }, (_, i) => ({ id: `model-${i}`, object: 'model', created: 1_677_610_602, owned_by: 'openai' }));
    const { snapshot, logs } = await expectSuccess(gateway, json({ object: 'list', data }), { timeout: 10_000 });
    expect(snapshot.models).toHaveLength(10_000);
    expect(snapshot.models.at(-1)?.id).toBe('model-9999');
    expect(logs.join('\n')).toMatch(/kept the first 10000 models and dropped 40000/);
  });

  it("reads LiteLLM's list, whose created is the same constant for every model, as seconds", async () => {
    const data = ['gpt-4o', 'claude-sonnet-4-5', 'azure/gpt-4o-mini'].map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' }));
    const { snapshot } = await expectSuccess(gateway, json({ data, object: 'list' }));
    expect(snapshot.models).toEqual(data.map(({ id }) => ({ id, created_at: '2023-02-28T18:56:42Z', owned_by: 'openai' })));
  });

  it('keeps vLLM and llama.cpp ids that are file paths verbatim', async () => {
    const vllm = {
      id: '/models/Meta-Llama-3.1-8B-Instruct',
      object: 'model',
      created: 1732000000,
      owned_by: 'vllm',
      root: '/models/Meta-Llama-3.1-8B-Instruct',
      parent: null,
      max_model_len: 8192,
      permission: [{ id: 'modelperm-1', object: 'model_permission', allow_sampling: true }],
    };
    const llamaCpp = {
      id: '/home/user/models/Llama-3.2-1B-Instruct-Q4_K_M.gguf',
      object: 'model',
      created: 1735000000,
      owned_by: 'llamacpp',
      meta: { vocab_type: 2, n_vocab: 128256, n_ctx_train: 131072, n_params: 1235814432, size: 799862912 },
    };
    const winPath = { id: 'C:\\models\\qwen2.5-7b-instruct-q4_k_m.gguf', object: 'model', created: 0, owned_by: 'llamacpp' };
    const { snapshot } = await expectSuccess(gateway, json({ object: 'list', data: [vllm, llamaCpp, winPath] }));
    expect(snapshot.models).toEqual([
      { id: vllm.id, created_at: '2024-11-19T07:06:40Z', owned_by: 'vllm' },
      { id: llamaCpp.id, created_at: '2024-12-24T00:26:40Z', owned_by: 'llamacpp' },
      // created: 0 is a placeholder, not 1970.
      { id: winPath.id, owned_by: 'llamacpp' },
    ]);
  });

  it('ignores fields of the wrong type instead of refusing the item', async () => {
    const data = [{ id: 'claude-a', display_name: 7, created_at: 'not a date', created: '1700000000', owned_by: { org: 'x' } }];
    const { snapshot } = await expectSuccess(gateway, json({ data }));
    expect(snapshot.models).toEqual([{ id: 'claude-a' }]);
  });
});
