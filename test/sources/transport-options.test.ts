import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery } from './harness.js';
import { captureLogger } from '../support/capture.js';
import { CANARY_KEY, CANARY_TOKEN, GATEWAY, listOf, openaiList, serveModels, upstream } from '../support/upstream.js';

const PORTKEY = 'http://portkey.test';
const PORTKEY_SECRET = 'pk-canary-PORTKEY-5e6f7a8b9c0d';

/** Portkey's gateway routes only with x-portkey-provider (or x-portkey-config); without it, a 400 saying so. */
function portkey(): Array<{ headers: Headers }> {
  const calls: Array<{ headers: Headers }> = [];
  upstream.use(
    http.get(`${PORTKEY}/v1/models`, ({ request }) => {
      calls.push({ headers: request.headers });
      if (!request.headers.get('x-portkey-provider') && !request.headers.get('x-portkey-config')) {
        return HttpResponse.json({ status: 'failure', message: 'Either x-portkey-config or x-portkey-provider header is required' }, { status: 400 });
      }
      return HttpResponse.json(openaiList(['claude-sonnet-4-5']));
    }),
  );
  return calls;
}

describe('custom headers', () => {
  it('routes through a Portkey-style gateway only with its headers, and says what the gateway missed otherwise', async () => {
    portkey();
    const without = await new ModelDiscovery({ baseURL: PORTKEY, env: {} }).getModels();
    expect(without.error).toMatchObject({ code: 'http_error', status: 400, detail: 'Either x-portkey-config or x-portkey-provider header is required' });
    expect(without.error?.message).not.toMatch(/portkey/);

    const calls = portkey();
    const logger = captureLogger();
    const withHeaders = await new ModelDiscovery({
      baseURL: PORTKEY,
      env: {},
      headers: { 'x-portkey-provider': 'anthropic', 'x-portkey-api-key': PORTKEY_SECRET },
      logger,
    }).getModels();
    expect(withHeaders.models.map((model) => model.id)).toEqual(['claude-sonnet-4-5']);
    expect(calls[0]?.headers.get('x-portkey-api-key')).toBe(PORTKEY_SECRET);
  });

  it('reads ANTHROPIC_CUSTOM_HEADERS through env, newline-separated Name: value lines as Claude Code does', async () => {
    const calls = portkey();
    const env = { ANTHROPIC_BASE_URL: PORTKEY, ANTHROPIC_CUSTOM_HEADERS: `x-portkey-provider: anthropic\nx-portkey-api-key:${PORTKEY_SECRET}\r\nnot a header line` };

    const snapshot = await new ModelDiscovery({ env }).getModels();

    expect(snapshot.models.map((model) => model.id)).toEqual(['claude-sonnet-4-5']);
    expect(calls[0]?.headers.get('x-portkey-provider')).toBe('anthropic');
    expect(calls[0]?.headers.get('x-portkey-api-key')).toBe(PORTKEY_SECRET);
  });

  it('replaces ANTHROPIC_CUSTOM_HEADERS with the headers option when both are given', async () => {
    const calls = portkey();
    await new ModelDiscovery({ env: { ANTHROPIC_BASE_URL: PORTKEY, ANTHROPIC_CUSTOM_HEADERS: 'x-team: from-env' }, headers: { 'x-portkey-provider': 'openai' } }).getModels();
    expect(calls[0]?.headers.get('x-team')).toBeNull();
    expect(calls[0]?.headers.get('x-portkey-provider')).toBe('openai');
  });

  it('treats every header value as a secret: an upstream echoing it puts it in no output', async () => {
    upstream.use(
      http.get(`${PORTKEY}/v1/models`, ({ request }) =>
        HttpResponse.json({ error: { message: `bad portkey key ${request.headers.get('x-portkey-api-key')}` } }, { status: 401 }),
      ),
    );
    const logger = captureLogger();
    const discovery = new ModelDiscovery({ env: {}, logger, sources: [{ name: 'portkey', baseURL: PORTKEY, headers: { 'x-portkey-api-key': PORTKEY_SECRET } }] });

    const snapshot = await discovery.getModels();

    expect(snapshot.error?.detail).toBe('bad portkey key [REDACTED]');
    for (const text of [JSON.stringify(snapshot), logger.lines.join('\n'), JSON.stringify(discovery)]) expect(text).not.toContain(PORTKEY_SECRET);
  });
});

describe('modelsPath and the openai dialect', () => {
  it('asks a gateway that lists its models on /openai/models there', async () => {
    const paths: string[] = [];
    upstream.use(
      http.get(`${GATEWAY}/openai/models`, ({ request }) => {
        paths.push(new URL(request.url).pathname);
        return HttpResponse.json(openaiList(['gpt-4o']));
      }),
    );
    const snapshot = await new ModelDiscovery({ env: {}, sources: [{ name: 'gw', baseURL: GATEWAY, dialect: 'openai', modelsPath: '/openai/models' }] }).getModels();
    expect(paths).toEqual(['/openai/models']);
    expect(snapshot.models.map((model) => model.id)).toEqual(['gpt-4o']);
  });

  it('sends modelsPath through the anthropic dialect too, with its paging parameters', async () => {
    const urls: URL[] = [];
    upstream.use(
      http.get(`${GATEWAY}/openai/models`, ({ request }) => {
        urls.push(new URL(request.url));
        return HttpResponse.json(openaiList(['gpt-4o']));
      }),
    );
    await new ModelDiscovery({ baseURL: GATEWAY, modelsPath: '/openai/models', env: {} }).getModels();
    expect(urls[0]?.pathname).toBe('/openai/models');
    expect(urls[0]?.searchParams.get('limit')).toBe('1000');
  });

  it.each([
    ['a base without /v1', GATEWAY, '/v1/models'],
    ['a base ending in /v1', `${GATEWAY}/v1`, '/v1/models'],
    ['a path prefix ending in /v1', `${GATEWAY}/api/v1`, '/api/v1/models'],
    ['a path prefix without /v1', `${GATEWAY}/openai`, '/openai/v1/models'],
  ])('asks %s at the OpenAI path, with the key as a Bearer token', async (_, baseURL, path) => {
    const seen: Array<{ path: string; auth: string | null; apiKey: string | null }> = [];
    upstream.use(
      http.get(`${GATEWAY}${path}`, ({ request }) => {
        seen.push({ path: new URL(request.url).pathname, auth: request.headers.get('authorization'), apiKey: request.headers.get('x-api-key') });
        return HttpResponse.json(openaiList(['m']));
      }),
    );
    await new ModelDiscovery({ env: {}, sources: [{ name: 'o', baseURL, apiKey: CANARY_KEY, dialect: 'openai' }] }).getModels();
    expect(seen).toEqual([{ path, auth: `Bearer ${CANARY_KEY}`, apiKey: null }]);
  });

  it('reads a bare array (Together) as the list', async () => {
    upstream.use(http.get(`${GATEWAY}/v1/models`, () => HttpResponse.json([{ id: 'meta-llama/Llama-3-70b', object: 'model', created: 1_700_000_000 }])));
    const snapshot = await new ModelDiscovery({ env: {}, sources: [{ name: 'together', baseURL: GATEWAY, dialect: 'openai' }] }).getModels();
    expect(snapshot.models.map((model) => model.id)).toEqual(['meta-llama/Llama-3-70b']);
  });

  it('refuses a body that is neither shape as invalid_response', async () => {
    upstream.use(http.get(`${GATEWAY}/v1/models`, () => HttpResponse.json({ models: [] })));
    const snapshot = await new ModelDiscovery({ env: {}, sources: [{ name: 'o', baseURL: GATEWAY, dialect: 'openai' }] }).getModels();
    expect(snapshot.error?.code).toBe('invalid_response');
  });
});

describe('credentials and the environment', () => {
  it('never sends ANTHROPIC_AUTH_TOKEN from the environment beside an apiKey given as an option', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: { ANTHROPIC_AUTH_TOKEN: CANARY_TOKEN } }).getModels();
    expect(calls[0]?.headers.get('x-api-key')).toBe(CANARY_KEY);
    expect(calls[0]?.headers.get('authorization')).toBeNull();
  });

  it('never sends ANTHROPIC_API_KEY from the environment beside an authToken given as an option', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ baseURL: GATEWAY, authToken: CANARY_TOKEN, env: { ANTHROPIC_API_KEY: CANARY_KEY } }).getModels();
    expect(calls[0]?.headers.get('x-api-key')).toBeNull();
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${CANARY_TOKEN}`);
  });

  it('reads no environment at all for sources given in `sources`', async () => {
    const calls = serveModels(listOf(['m']));
    await new ModelDiscovery({ env: { ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_CUSTOM_HEADERS: 'x-team: ops' }, sources: [{ name: 'gw', baseURL: GATEWAY }] }).getModels();
    expect(calls[0]?.headers.get('x-api-key')).toBeNull();
    expect(calls[0]?.headers.get('x-team')).toBeNull();
  });
});

describe('a runtime that refuses environment access (Deno without --allow-env)', () => {
  const original = Object.getOwnPropertyDescriptor(process, 'env')!;
  afterEach(() => {
    Object.defineProperty(process, 'env', original);
  });

  it('still discovers with env: {}, though the SDK reads process.env in its constructor', async () => {
    const fetch: typeof globalThis.fetch = async () => Response.json(openaiList(['claude-sonnet-4-5']));
    const denied = new Proxy({}, {
      get(_target, name) {
        throw Object.assign(new Error(`Requires env access to "${String(name)}", run again with the --allow-env flag`), { name: 'NotCapable' });
      },
    });
    Object.defineProperty(process, 'env', { value: denied, configurable: true, writable: true });

    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, fetch }).getModels();

    Object.defineProperty(process, 'env', original);
    expect(snapshot.error).toBeNull();
    expect(snapshot.models.map((model) => model.id)).toEqual(['claude-sonnet-4-5']);
  });

  it('treats the environment as empty when env is not given and reading it throws', () => {
    const denied = new Proxy({}, {
      get() {
        throw new Error('Requires env access');
      },
    });
    Object.defineProperty(process, 'env', { value: denied, configurable: true, writable: true });
    const discovery = new ModelDiscovery();
    Object.defineProperty(process, 'env', original);
    expect((discovery.toJSON() as { error: string | null }).error).toBe('not_configured');
  });
});
