import { describe, expect, it } from 'vitest';

import { gemini, GEMINI_PAGE_SIZE } from '../../src/upstream/dialects/gemini.js';
import { endpoint, fixture, header, modelsOf } from './harness.js';

const GOOGLE = 'https://generativelanguage.googleapis.com';

describe('gemini dialect: requests', () => {
  it('asks GET {base}/v1beta/models?pageSize=1000 with the key in x-goog-api-key, never in the URL', () => {
    const request = gemini.request(endpoint({ baseURL: GOOGLE, apiKey: 'AIza-canary' }), undefined);
    expect(request.url).toBe(`${GOOGLE}/v1beta/models?pageSize=${GEMINI_PAGE_SIZE}`);
    expect(GEMINI_PAGE_SIZE).toBe(1000);
    expect(header(request, 'x-goog-api-key')).toBe('AIza-canary');
    expect(header(request, 'authorization')).toBeUndefined();
    expect(request.url).not.toContain('AIza');
  });

  it('does not repeat /v1beta when the base already ends with it', () => {
    expect(gemini.request(endpoint({ baseURL: `${GOOGLE}/v1beta` }), undefined).url).toBe(`${GOOGLE}/v1beta/models?pageSize=1000`);
  });

  it('sends the next page token, URL-encoded, as pageToken', () => {
    const url = new URL(gemini.request(endpoint({ baseURL: GOOGLE }), 'Ch9t+b2/RlbHM=').url);
    expect(url.searchParams.get('pageToken')).toBe('Ch9t+b2/RlbHM=');
    expect(url.searchParams.get('pageSize')).toBe('1000');
    expect(url.search).toContain('pageToken=Ch9t%2Bb2%2FRlbHM%3D');
  });
});

describe('gemini dialect: parsing a real models.list capture', () => {
  it('lists ids without models/, with names, descriptions, token limits and kinds', () => {
    const { models, drops } = modelsOf(gemini, fixture('gemini/models.json'));
    expect(drops.total).toBe(0);
    expect(models.map((model) => model.id)).toEqual([
      'gemini-2.5-flash',
      'gemini-2.5-pro',
      'gemini-2.0-flash',
      'gemini-2.0-flash-001',
      'gemini-2.0-flash-lite-001',
      'gemini-2.0-flash-lite',
      'gemini-2.5-flash-lite',
      'embedding-001',
      'text-embedding-004',
    ]);
    expect(models[1]).toEqual({
      id: 'gemini-2.5-pro',
      display_name: 'Gemini 2.5 Pro',
      description: 'Stable release (June 17th, 2025) of Gemini 2.5 Pro',
      context_window: 1048576,
      max_output_tokens: 65536,
      kind: 'chat',
      metadata_source: 'upstream',
    });
    expect(models[7]).toMatchObject({ id: 'embedding-001', context_window: 2048, kind: 'embedding' });
  });

  it('never reads fields the table does not name (thinking, temperature, version)', () => {
    const [model] = modelsOf(gemini, fixture('gemini/models.json')).models;
    expect(Object.keys(model ?? {}).sort()).toEqual(['context_window', 'description', 'display_name', 'id', 'kind', 'max_output_tokens', 'metadata_source']);
  });

  it('calls Imagen an image model and Veo another kind', () => {
    const { models } = modelsOf(gemini, fixture('gemini/imagen-veo.json'));
    expect(models.map((model) => [model.id, model.kind])).toEqual([
      ['imagen-4.0-generate-001', 'image'],
      ['veo-2.0-generate-001', 'other'],
    ]);
  });
});

describe('gemini dialect: paging', () => {
  it('follows nextPageToken, and the last page has none', () => {
    const first = gemini.parse(fixture('gemini/page-1.json'));
    const last = gemini.parse(fixture('gemini/page-2.json'));
    expect(first.items).toHaveLength(5);
    expect(first.next).toBe('Ch9tb2RlbHMvdmVvLTMuMS1nZW5lcmF0ZS1wcmV2aWV3');
    expect(last.items).toHaveLength(4);
    expect(last.next).toBeUndefined();
  });

  it('reads the two pages as the whole list, in order', () => {
    // The shared paging loop, reduced to what the dialect decides: request → parse → next.
    const pages = new Map([
      [undefined, fixture('gemini/page-1.json')],
      ['Ch9tb2RlbHMvdmVvLTMuMS1nZW5lcmF0ZS1wcmV2aWV3', fixture('gemini/page-2.json')],
    ]);
    const urls: string[] = [];
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const request = gemini.request(endpoint({ baseURL: GOOGLE }), cursor);
      urls.push(request.url);
      const page = gemini.parse(pages.get(new URL(request.url).searchParams.get('pageToken') ?? undefined));
      ids.push(...modelsOf(gemini, { models: page.items }).models.map((model) => model.id));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(urls).toHaveLength(2);
    expect(ids).toEqual(modelsOf(gemini, fixture('gemini/models.json')).models.map((model) => model.id));
  });

  it('treats an empty token as the last page', () => {
    expect(gemini.parse({ models: [], nextPageToken: '' }).next).toBeUndefined();
    expect(gemini.parse({ models: [], nextPageToken: 42 }).next).toBeUndefined();
  });

  it("takes Google's {} as an empty list and refuses an error body or a models object", () => {
    expect(gemini.parse({}).items).toEqual([]);
    expect(() => gemini.parse({ error: { code: 403, message: 'API key not valid' } })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
    expect(() => gemini.parse({ models: {} })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
    expect(() => gemini.parse([])).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});

describe('gemini dialect: hostile metadata', () => {
  it.each([
    ['inputTokenLimit', '1048576', 'context_window'],
    ['inputTokenLimit', -1, 'context_window'],
    ['outputTokenLimit', 1e300, 'max_output_tokens'],
    ['displayName', 42, undefined],
  ])('drops %s = %j alone', (field, value, counted) => {
    const body = fixture('gemini/models.json');
    body.models[0][field] = value;
    const { models, drops } = modelsOf(gemini, body);
    expect(models[0]?.id).toBe('gemini-2.5-flash');
    expect(models[0]?.kind).toBe('chat');
    if (counted) expect(drops.summary()).toContain(`${counted} ×1`);
  });

  it('keeps a name without the models/ prefix as it is, and drops an item without a name', () => {
    const { models } = modelsOf(gemini, { models: [{ name: 'tunedModels/mine' }, { displayName: 'no name' }, 'x'] });
    expect(models.map((model) => model.id)).toEqual(['tunedModels/mine']);
  });
});
