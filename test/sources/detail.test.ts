import { inspect } from 'node:util';

import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery, type RefreshEvent } from './harness.js';
import { captureLogger, everyRenderingOf } from '../support/capture.js';
import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN, GATEWAY, upstream } from '../support/upstream.js';
import { CANARY_KEY_HASH, expectNoCanary } from '../hostile/gateway.js';

const OTHER_KEY = 'sk-ant-api03-UNKNOWN0key0of0another0tenant0AAAA';

/** A discovery with every kind of configured secret, failing with `body` and `status`; everything it can output. */
async function failingWith(body: string | object, status: number, contentType = 'application/json') {
  upstream.use(
    http.get(`${GATEWAY}/v1/models`, () =>
      typeof body === 'string' ? new HttpResponse(body, { status, headers: { 'content-type': contentType } }) : HttpResponse.json(body, { status }),
    ),
  );
  const logger = captureLogger();
  const events: RefreshEvent[] = [];
  const discovery = new ModelDiscovery({
    baseURL: `http://user:${CANARY_PASSWORD}@gateway.test`,
    apiKey: CANARY_KEY,
    authToken: CANARY_TOKEN,
    env: {},
    logger,
    onRefresh: (event) => events.push(event),
  });
  const snapshot = await discovery.getModels();
  const outputs = [JSON.stringify(snapshot), logger.lines.join('\n'), everyRenderingOf(events[0]?.error), inspect(discovery), JSON.stringify(discovery)].join('\n');
  return { snapshot, outputs, error: events[0]!.error! };
}

describe('detail: the upstream’s own words, scrubbed', () => {
  it.each([
    ['error.message (Anthropic, OpenAI)', { type: 'error', error: { type: 'invalid_request_error', message: 'model listing is disabled for this key' } }],
    ['message (Portkey)', { status: 'failure', message: 'model listing is disabled for this key' }],
    ['detail (FastAPI, LiteLLM)', { detail: 'model listing is disabled for this key' }],
    ['error as text', { error: 'model listing is disabled for this key' }],
    ['a plain-text body', 'model listing is disabled for this key\n'],
  ])('finds it in %s, and keeps our own message', async (_, body) => {
    const { snapshot } = await failingWith(body, 403, typeof body === 'string' ? 'text/plain' : 'application/json');
    expect(snapshot.error).toMatchObject({ code: 'unauthorized', status: 403, detail: 'model listing is disabled for this key' });
    expect(snapshot.error?.message).toMatch(/refused the credentials/);
    expect(snapshot.error?.message).not.toContain('disabled');
  });

  it('replaces every configured secret echoed in the body, in every output (canaries)', async () => {
    const basic = btoa(`user:${CANARY_PASSWORD}`);
    const body = { error: { message: `no access for x-api-key=${CANARY_KEY} bearer=${CANARY_TOKEN} pw=${CANARY_PASSWORD} basic=${basic}` } };
    const { snapshot, outputs } = await failingWith(body, 401);
    expect(snapshot.error?.detail).toMatch(/^no access for x-api-key=\[REDACTED\]/);
    expectNoCanary(outputs);
  });

  it('masks what is shaped like a key even when it is not one of ours: sk-…, masked sk-...abcd, hashes, long tokens', async () => {
    const body = {
      message: `Invalid key ${OTHER_KEY}; received sk-...${CANARY_KEY.slice(-4)}, hash ${CANARY_KEY_HASH}, token eyJhbGciOiJIUzI1NiJ9x9Fq3LmZ8wQ2rT7yU1iO5pA, Authorization: Bearer abc.def`,
    };
    const { snapshot, outputs } = await failingWith(body, 401);
    const detail = snapshot.error?.detail ?? '';
    for (const secret of [OTHER_KEY, CANARY_KEY_HASH, 'eyJhbGciOiJIUzI1NiJ9x9Fq3LmZ8wQ2rT7yU1iO5pA', 'abc.def', `sk-...${CANARY_KEY.slice(-4)}`]) expect(detail).not.toContain(secret);
    expect(detail).toBe('Invalid key [REDACTED]; received [REDACTED], hash [REDACTED], token [REDACTED], Authorization: [REDACTED]');
    expectNoCanary(outputs);
  });

  it('keeps ordinary words, model ids and paths as they are', async () => {
    const { snapshot } = await failingWith({ error: { message: 'Model claude-3-5-sonnet-20241022 is not available on /v1/models for team platform-engineering' } }, 404);
    expect(snapshot.error?.detail).toBe('Model claude-3-5-sonnet-20241022 is not available on /v1/models for team platform-engineering');
  });

  it('clips to 300 characters, on one line, after scrubbing (a key cut in half is not left behind)', async () => {
    const long = `${'x '.repeat(140)}key ${CANARY_KEY} ${'and more text '.repeat(40)}\nsecond line\u2028third`;
    const { snapshot, outputs } = await failingWith(long, 500, 'text/plain');
    const detail = snapshot.error?.detail ?? '';
    expect(detail.length).toBeLessThanOrEqual(300);
    expect(detail).not.toMatch(/[\n\u2028]/);
    expect(detail).toContain('[REDACTED]');
    expectNoCanary(outputs);
  });

  it('leaves detail out for an HTML error page and an empty body', async () => {
    expect((await failingWith('<html><body><h1>502 Bad Gateway</h1></body></html>', 502, 'text/html')).snapshot.error?.detail).toBeUndefined();
    expect((await failingWith('', 500, 'text/plain')).snapshot.error?.detail).toBeUndefined();
  });

  it('no longer says a gateway that answered 500 is down', async () => {
    const { snapshot } = await failingWith({ error: { message: 'database is locked' } }, 500);
    expect(snapshot.error?.message).not.toMatch(/down/);
    expect(snapshot.error?.message).toMatch(/HTTP 500/);
    expect(snapshot.error?.detail).toBe('database is locked');
  });
});
