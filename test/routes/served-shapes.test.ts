import { describe, expect, it } from 'vitest';

import { SERVED_DEFAULTS, toAnthropicModel, toAnthropicPage, toOpenAIList, toOpenAIModel, type Model } from '../../src/index.js';

const full: Model = { id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', owned_by: 'anthropic' };
const bare: Model = { id: 'openai/gpt-4o' };
const many: Model[] = Array.from({ length: 7 }, (_, i) => ({ id: `m${i}` }));
const ids = (page: { data: { id: string }[] }) => page.data.map((item) => item.id);

describe('the Anthropic shape', () => {
  it('serialises a known model with exactly the four fields of the Anthropic API', () => {
    expect(toAnthropicModel(full)).toEqual({ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' });
  });

  it('fills unknown values with the documented defaults: the id as display name, the epoch as date', () => {
    const served = toAnthropicModel(bare);
    expect(served).toEqual({ type: 'model', id: 'openai/gpt-4o', display_name: 'openai/gpt-4o', created_at: '1970-01-01T00:00:00Z' });
    expect(SERVED_DEFAULTS.createdAt).toBe('1970-01-01T00:00:00Z');
    expect(Object.values(served)).not.toContain(undefined);
  });

  it('serves the first 20 models by default and says there are more', () => {
    const list = Array.from({ length: 25 }, (_, i) => ({ id: `m${i}` }));
    const page = toAnthropicPage(list);
    expect(page.data).toHaveLength(20);
    expect(page).toMatchObject({ has_more: true, first_id: 'm0', last_id: 'm19' });
  });

  it('takes a snapshot as well as a plain list', () => {
    expect(toAnthropicPage({ models: [full] })).toEqual({ data: [toAnthropicModel(full)], has_more: false, first_id: 'claude-sonnet-4-5', last_id: 'claude-sonnet-4-5' });
  });

  it('pages forward with after_id until has_more is false, visiting every model once', () => {
    const seen: string[] = [];
    let page = toAnthropicPage(many, { limit: 3 });
    seen.push(...ids(page));
    while (page.has_more) {
      page = toAnthropicPage(many, { limit: 3, afterId: page.last_id! });
      seen.push(...ids(page));
    }
    expect(seen).toEqual(many.map((m) => m.id));
  });

  it('pages backward with before_id, has_more meaning more before the page', () => {
    const page = toAnthropicPage(many, { limit: 2, beforeId: 'm5' });
    expect(page).toMatchObject({ first_id: 'm3', last_id: 'm4', has_more: true });
    expect(toAnthropicPage(many, { limit: 3, beforeId: 'm3' })).toMatchObject({ first_id: 'm0', last_id: 'm2', has_more: false });
    expect(toAnthropicPage(many, { limit: 5, beforeId: 'm2' })).toMatchObject({ first_id: 'm0', last_id: 'm1', has_more: false });
  });

  it('answers an empty page with null ids, after the last model or for an empty list', () => {
    expect(toAnthropicPage(many, { afterId: 'm6' })).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
    expect(toAnthropicPage([])).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
    expect(toAnthropicPage(many, { beforeId: 'm0' })).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('serves up to 1000 models in one page, as Claude Code asks for', () => {
    const list = Array.from({ length: 1001 }, (_, i) => ({ id: `m${i}` }));
    const page = toAnthropicPage(list, { limit: 1000 });
    expect(page.data).toHaveLength(1000);
    expect(page.has_more).toBe(true);
  });

  it.each([
    [{ limit: 0 }, /limit must be a whole number from 1 to 1000/],
    [{ limit: 1001 }, /limit must be a whole number from 1 to 1000/],
    [{ limit: 2.5 }, /limit must be a whole number from 1 to 1000/],
    [{ afterId: 'nope' }, /after_id "nope" is not the id of a listed model/],
    [{ beforeId: 'nope' }, /before_id "nope" is not the id of a listed model/],
    [{ afterId: 'm1', beforeId: 'm3' }, /cannot be used together/],
  ])('refuses %j with a RangeError that says what is wrong', (params, message) => {
    expect(() => toAnthropicPage(many, params)).toThrow(RangeError);
    expect(() => toAnthropicPage(many, params)).toThrow(message);
  });
});

describe('the OpenAI shape', () => {
  it('serialises a known model with created in Unix seconds and its owner', () => {
    expect(toOpenAIModel(full)).toEqual({ id: 'claude-sonnet-4-5', object: 'model', created: 1759104000, owned_by: 'anthropic' });
  });

  it('fills unknown values with the documented defaults: created 0 and owned_by "system"', () => {
    const served = toOpenAIModel(bare);
    expect(served).toEqual({ id: 'openai/gpt-4o', object: 'model', created: 0, owned_by: 'system' });
    expect(Object.values(served)).not.toContain(undefined);
    expect(toOpenAIModel(bare, { ownedBy: 'my-gateway' }).owned_by).toBe('my-gateway');
  });

  it('serves the whole list, unpaged, in its own order', () => {
    const list = toOpenAIList({ models: many });
    expect(list.object).toBe('list');
    expect(ids(list)).toEqual(many.map((m) => m.id));
    expect(Object.keys(list)).toEqual(['object', 'data']);
  });
});
