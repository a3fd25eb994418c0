import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { anthropicPage, CANARY_KEY, CANARY_TOKEN, GATEWAY, listOf, serveModels } from '../support/upstream.js';

describe('configuration', () => {
  it('makes no network call and reports not_configured when no base URL is set', async () => {
    const calls = serveModels(listOf(['never']));
    const discovery = new ModelDiscovery({ env: {} });

    const snapshot = await discovery.getModels();

    expect(calls).toHaveLength(0);
    expect(snapshot.discoveryAvailable).toBe(false);
    expect(snapshot.error?.code).toBe('not_configured');
    expect(snapshot.error?.message).toMatch(/ANTHROPIC_BASE_URL/);
  });

  it('reads the base URL and the API key from the environment and sends the key as x-api-key', async () => {
    const calls = serveModels(listOf(['claude-sonnet-4-5']));
    const discovery = new ModelDiscovery({ env: { ANTHROPIC_BASE_URL: GATEWAY, ANTHROPIC_API_KEY: CANARY_KEY } });

    const snapshot = await discovery.getModels();

    expect(snapshot.models.map((m) => m.id)).toEqual(['claude-sonnet-4-5']);
    expect(calls[0]?.headers.get('x-api-key')).toBe(CANARY_KEY);
    expect(calls[0]?.headers.get('authorization')).toBeNull();
  });

  it('sends ANTHROPIC_AUTH_TOKEN as a Bearer token', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ env: { ANTHROPIC_BASE_URL: GATEWAY, ANTHROPIC_AUTH_TOKEN: CANARY_TOKEN } }).getModels();

    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${CANARY_TOKEN}`);
    expect(calls[0]?.headers.get('x-api-key')).toBeNull();
  });

  it('lets constructor options override the environment', async () => {
    const calls = serveModels(listOf(['m']), 'http://other.test');
    const discovery = new ModelDiscovery({
      baseURL: 'http://other.test',
      apiKey: 'sk-from-options',
      env: { ANTHROPIC_BASE_URL: GATEWAY, ANTHROPIC_API_KEY: 'sk-from-env' },
    });

    await discovery.getModels();

    expect(calls[0]?.headers.get('x-api-key')).toBe('sk-from-options');
  });

  it('sends no credential at all when none is configured, not even one the SDK finds elsewhere', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();

    expect(calls[0]?.headers.get('x-api-key')).toBeNull();
    expect(calls[0]?.headers.get('authorization')).toBeNull();
  });

  it('sends none of the headers ANTHROPIC_CUSTOM_HEADERS names, which the SDK would add on its own (regression)', async () => {
    const previous = process.env.ANTHROPIC_CUSTOM_HEADERS;
    process.env.ANTHROPIC_CUSTOM_HEADERS = 'X-LiteLLM-API-Key: sk-other-service\nx-team: ops';
    try {
      const calls = serveModels(listOf(['m']));
      await new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {} }).getModels();
      expect(calls[0]?.headers.get('x-litellm-api-key')).toBeNull();
      expect(calls[0]?.headers.get('x-team')).toBeNull();
      expect(calls[0]?.headers.get('x-api-key')).toBe(CANARY_KEY);
    } finally {
      if (previous === undefined) delete process.env.ANTHROPIC_CUSTOM_HEADERS;
      else process.env.ANTHROPIC_CUSTOM_HEADERS = previous;
    }
  });

  it('still drops the headers ANTHROPIC_CUSTOM_HEADERS names where process.env cannot be hidden from the SDK, on every page', async () => {
    const original = Object.getOwnPropertyDescriptor(process, 'env')!;
    const seen = { ...process.env, ANTHROPIC_CUSTOM_HEADERS: 'X-LiteLLM-API-Key: sk-other-service\nx-team: ops' };
    // Readable but not replaceable: the SDK client is then built with the environment in view.
    Object.defineProperty(process, 'env', {
      configurable: true,
      get: () => seen,
      set: () => {
        throw new TypeError('process.env cannot be replaced here');
      },
    });
    try {
      const calls = serveModels(({ request }) =>
        HttpResponse.json(new URL(request.url).searchParams.get('after_id') === null ? anthropicPage(['a'], true) : anthropicPage(['b'], false)),
      );
      const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, headers: { 'X-Team-Id': 'mine' } }).getModels();
      expect(snapshot.models.map((m) => m.id)).toEqual(['a', 'b']);
      expect(calls).toHaveLength(2);
      for (const call of calls) {
        expect(call.headers.get('x-litellm-api-key')).toBeNull();
        expect(call.headers.get('x-team')).toBeNull();
        expect(call.headers.get('x-api-key')).toBe(CANARY_KEY);
        expect(call.headers.get('x-team-id')).toBe('mine');
        // The SDK's own headers still go out: the request went through its client.
        expect(call.headers.get('x-stainless-lang')).toBe('js');
      }
    } finally {
      Object.defineProperty(process, 'env', original);
    }
  });

  it.each([
    ['no slash', `${GATEWAY}`],
    ['a trailing slash', `${GATEWAY}/`],
    ['/v1', `${GATEWAY}/v1`],
    ['/v1/', `${GATEWAY}/v1/`],
  ])('requests /v1/models exactly once in the path for a base URL with %s', async (_, baseURL) => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ baseURL, env: {} }).getModels();
    expect(calls[0]?.url.pathname).toBe('/v1/models');
  });

  it('keeps a path prefix in front of /v1/models', async () => {
    const calls = serveModels(listOf(['m']), `${GATEWAY}/litellm`);
    await new ModelDiscovery({ baseURL: `${GATEWAY}/litellm/v1`, env: {} }).getModels();
    expect(calls[0]?.url.pathname).toBe('/litellm/v1/models');
  });

  it('sends user:password from the base URL as Basic auth and never as part of the URL', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ baseURL: 'http://alice:s3cret-pass@gateway.test', env: {} }).getModels();

    expect(calls[0]?.headers.get('authorization')).toBe(`Basic ${btoa('alice:s3cret-pass')}`);
    expect(calls[0]?.url.username).toBe('');
  });

  it('sends a password outside Latin-1 as UTF-8 Basic auth (regression: btoa threw out of the constructor)', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ baseURL: 'http://alice:pa%E2%82%ACss@gateway.test', env: {} }).getModels();
    const sent = calls[0]?.headers.get('authorization')?.replace('Basic ', '') ?? '';
    expect(Buffer.from(sent, 'base64').toString('utf8')).toBe('alice:pa€ss');
  });

  it('keeps the first of duplicate fallback ids, as it does for upstream lists', async () => {
    const snapshot = await new ModelDiscovery({ env: {}, fallbackModels: ['claude-x', { id: 'claude-x', display_name: 'X' }, 'claude-y'] }).getModels();
    expect(snapshot.models).toEqual([{ id: 'claude-x' }, { id: 'claude-y' }]);
  });

  it('reports a malformed ANTHROPIC_BASE_URL as not_configured instead of throwing', async () => {
    const snapshot = await new ModelDiscovery({ env: { ANTHROPIC_BASE_URL: 'not a url' } }).getModels();
    expect(snapshot.error?.code).toBe('not_configured');
    expect(snapshot.error?.message).toMatch(/not a valid URL/);
  });

  it('returns the configured fallback models while discovery has never succeeded', async () => {
    serveModels(() => new HttpResponse(null, { status: 503 }));
    const discovery = new ModelDiscovery({
      baseURL: GATEWAY,
      env: {},
      fallbackModels: ['claude-haiku-4-5', { id: 'claude-opus-4-1', display_name: 'Claude Opus 4.1' }],
    });

    const snapshot = await discovery.getModels();

    expect(snapshot.models).toEqual([{ id: 'claude-haiku-4-5' }, { id: 'claude-opus-4-1', display_name: 'Claude Opus 4.1' }]);
    expect(snapshot.discoveryAvailable).toBe(false);
  });
});

describe('options are checked when the object is built', () => {
  it.each([
    ['a negative ttl', { ttl: -1 }, /ttl.*0 or more/],
    ['a ttl that is not a number', { ttl: '5m' }, /ttl.*number/],
    ['a timeout of 0', { timeout: 0 }, /timeout/],
    ['an infinite timeout, which timers would fire at once', { timeout: Infinity }, /timeout.*at most/],
    ['a fractional maxPages', { maxPages: 1.5 }, /maxPages.*whole number/],
    ['a base URL that is not http(s)', { baseURL: 'ftp://gateway.test' }, /http or https/],
    ['a base URL that is not a URL', { baseURL: 'gateway' }, /not a valid URL/],
    ['a base URL with a query string', { baseURL: 'http://gateway.test/?x=1' }, /query/],
    ['an unknown option', { tll: 5 }, /unknown option `tll`/],
    ['a fetch that is not a function', { fetch: 'fetch' }, /fetch.*function/],
    ['a fallback model without an id', { fallbackModels: [{ name: 'x' }] }, /fallbackModels/],
    ['a logger that is not an object', { logger: 'console' }, /logger/],
  ])('rejects %s with a TypeError', (_, options, message) => {
    expect(() => new ModelDiscovery(options as never)).toThrow(TypeError);
    expect(() => new ModelDiscovery(options as never)).toThrow(message);
  });

  it('never echoes credentials in a base URL it rejects', () => {
    let thrown: unknown;
    try {
      new ModelDiscovery({ baseURL: `ftp://user:${CANARY_KEY}@gateway.test` });
    } catch (error) {
      thrown = error;
    }
    expect(String((thrown as Error).stack)).not.toContain(CANARY_KEY);
  });

  it('rejects getModels() called with a refresh flag that is not a boolean', async () => {
    const discovery = new ModelDiscovery({ env: {} });
    await expect(discovery.getModels({ refresh: 'yes' as never })).rejects.toThrow(TypeError);
  });
});
