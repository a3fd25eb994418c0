import { http, HttpResponse, passthrough, type HttpResponseResolver } from 'msw';
import { setupServer } from 'msw/node';

/**
 * The runtime's own fetch, taken before msw patches it: msw follows redirects on passthrough
 * requests even when `redirect: 'manual'` is asked for, so tests of the real wire (redirects
 * above all) pass this as the `fetch` option to see exactly what undici does.
 */
export const nativeFetch: typeof globalThis.fetch = globalThis.fetch;

/**
 * The stand-in gateway of the unit tests. Tests add handlers with `upstream.use(...)`. Real
 * servers a test starts on loopback are let through untouched.
 */
export const upstream = setupServer(
  http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//, () => passthrough()),
);

export const GATEWAY = 'http://gateway.test';
export const MODELS_URL = `${GATEWAY}/v1/models`;

/** Canary credentials: no error, log line, snapshot or response may ever contain them. */
export const CANARY_KEY = 'sk-canary-KEY-7f3a9c1e5b2d4f60';
export const CANARY_TOKEN = 'tok-canary-TOKEN-0c1d2e3f4a5b6c7d';
export const CANARY_PASSWORD = 'pw-canary-PASS-91b8c7d6e5f4';

export interface Recorded {
  url: URL;
  headers: Headers;
}

/** Serves `GET /v1/models` with a resolver and records every request it gets. */
export function serveModels(resolver: HttpResponseResolver, base = GATEWAY): Recorded[] {
  const calls: Recorded[] = [];
  upstream.use(
    http.get(`${base}/v1/models`, (info) => {
      calls.push({ url: new URL(info.request.url), headers: info.request.headers });
      return resolver(info);
    }),
  );
  return calls;
}

export function anthropicPage(ids: string[], more = false) {
  return {
    data: ids.map((id) => ({ type: 'model', id, display_name: id.toUpperCase(), created_at: '2025-09-29T00:00:00Z' })),
    has_more: more,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  };
}

export function openaiList(ids: string[]) {
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'openai' })) };
}

export function listOf(ids: string[]) {
  return () => HttpResponse.json(openaiList(ids));
}
