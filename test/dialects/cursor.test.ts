import { describe, expect, it } from 'vitest';

import { cursor, CURSOR_BASE_URL } from '../../src/upstream/dialects/cursor.js';
import { endpoint, fixture, header, modelsOf } from './harness.js';

describe('cursor dialect', () => {
  it('asks GET {base}/v0/models with the key as the Basic user and an empty password', () => {
    const request = cursor.request(endpoint({ baseURL: CURSOR_BASE_URL, apiKey: 'key_abc€' }), undefined);
    expect(request.url).toBe('https://api.cursor.com/v0/models');
    expect(request.method ?? 'GET').toBe('GET');
    const basic = header(request, 'authorization') ?? '';
    expect(basic).toMatch(/^Basic /);
    expect(new TextDecoder().decode(Uint8Array.from(atob(basic.slice(6)), (c) => c.charCodeAt(0)))).toBe('key_abc€:');
  });

  it('sends no Authorization without a key, and keeps the source headers', () => {
    const request = cursor.request(endpoint({ headers: { 'x-team': 't1' } }), undefined);
    expect(header(request, 'authorization')).toBeUndefined();
    expect(header(request, 'x-team')).toBe('t1');
  });

  it('honours modelsPath', () => {
    expect(cursor.request(endpoint({ modelsPath: '/v1/models' }), undefined).url).toBe('http://gateway.test/v1/models');
  });

  it('lists the documented response: bare id strings, in order, no metadata', () => {
    const { models } = modelsOf(cursor, fixture('cursor/models.json'));
    expect(models).toEqual([{ id: 'claude-4-sonnet-thinking' }, { id: 'o3' }, { id: 'claude-4-opus-thinking' }]);
  });

  it('has one page', () => {
    expect(cursor.parse(fixture('cursor/models.json')).next).toBeUndefined();
  });

  it('drops entries that are not strings and refuses a body without a models array', () => {
    expect(modelsOf(cursor, { models: ['a', 7, { id: 'b' }, null, ''] }).models).toEqual([{ id: 'a' }]);
    expect(() => cursor.parse({ data: [] })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
    expect(() => cursor.parse(['a'])).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});
