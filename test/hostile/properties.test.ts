import { inspect } from 'node:util';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery, type RefreshEvent, type Snapshot } from '../../src/index.js';
import { snapshotSchema } from '../../src/schema/index.js';
import { fetchModelList, upstreamSettings } from '../support/upstream-layer.js';
import { captureLogger, everyRenderingOf } from '../support/capture.js';
import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN } from '../support/upstream.js';
import { expectNoCanary } from './gateway.js';

// Property-based: whatever the upstream answers (any status, any headers, any body, any page
// sequence, any thrown value), getModels() resolves to a valid, secret-free snapshot and nothing
// reaches Object.prototype. Answers come from an in-process fetch, so thousands of cases stay fast.

const BASE_URL = `http://user:${CANARY_PASSWORD}@gateway.test`;
// Every form a configured credential takes on the wire. (LiteLLM's key hash is checked where
// LiteLLM prints it, in status.test.ts: it is not a credential the library could know to scrub.)
const SECRETS = [CANARY_KEY, CANARY_TOKEN, CANARY_PASSWORD, `user:${CANARY_PASSWORD}`, btoa(`user:${CANARY_PASSWORD}`), `Bearer ${CANARY_TOKEN}`];

/** Text that sometimes carries a secret, the way gateways echo what they received. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...SECRETS), fc.string({ maxLength: 8 })).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty') },
);

const value = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));

const item = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('model'), id: text, display_name: value, created_at: fc.oneof(value, fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString()))) }, { requiredKeys: [] }) },
  { weight: 4, arbitrary: fc.record({ object: fc.constant('model'), id: text, created: fc.oneof(value, fc.integer({ min: -1, max: 4_000_000_000 })), owned_by: value }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(text, value, { maxKeys: 4 }) },
);

const page = fc.record(
  {
    object: fc.constant('list'),
    data: fc.oneof({ weight: 6, arbitrary: fc.array(item, { maxLength: 8 }) }, { weight: 1, arbitrary: value }),
    has_more: fc.oneof(fc.boolean(), value),
    first_id: value,
    last_id: value,
  },
  { requiredKeys: ['data'] },
);

/** The body on the wire: a page, a page with a `__proto__` key, anything JSON, or not JSON at all. */
const bodyText = fc.oneof(
  { weight: 6, arbitrary: page.map((p) => JSON.stringify(p)) },
  { weight: 1, arbitrary: page.map((p) => JSON.stringify(p).replace(/^\{/, '{"__proto__":{"polluted":"yes"},')) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: page.map((p) => JSON.stringify(p).slice(0, -3)) },
);

const status = fc.oneof(
  { weight: 6, arbitrary: fc.constant(200) },
  { weight: 3, arbitrary: fc.constantFrom(201, 204, 301, 302, 304, 307, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504, 529) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
);

const headerValue = fc.oneof(fc.constantFrom('application/json', 'text/html', 'text/plain', ''), fc.constantFrom(...SECRETS));

/** One upstream answer: a response, or a thrown value (a network error that may quote the key). */
const answer = fc.oneof(
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('response' as const), status, body: bodyText, contentType: headerValue, echo: headerValue }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('throw' as const),
      thrown: fc.oneof(
        text.map((message) => new TypeError(`fetch failed: ${message}`, { cause: Object.assign(new Error(`connect ${CANARY_KEY}`), { code: 'ECONNREFUSED' }) })),
        fc.anything(),
      ),
    }),
  },
);

type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

const NULL_BODY = new Set([204, 205, 304]);

/** A fetch that plays the answers in order (the last one repeats) and counts its calls. */
function scriptedFetch(answers: Answer[]): typeof fetch & { calls: number } {
  const scripted = async () => {
    const next = answers[Math.min(scripted.calls, answers.length - 1)]!;
    scripted.calls += 1;
    if (next.kind === 'throw') throw next.thrown;
    const headers = new Headers();
    if (next.contentType) headers.set('content-type', next.contentType);
    if (next.echo) headers.set('x-echo', next.echo);
    return new Response(NULL_BODY.has(next.status) ? null : next.body, { status: next.status, headers });
  };
  scripted.calls = 0;
  return scripted as unknown as typeof fetch & { calls: number };
}

const OPTIONS = { baseURL: BASE_URL, apiKey: CANARY_KEY, authToken: CANARY_TOKEN, env: {}, timeout: 2_000, maxPages: 5 };

/** Both ways credentials go out: a token (Bearer) or the base URL's user:password (Basic). */
const credentials = fc.constantFrom({ authToken: CANARY_TOKEN }, { authToken: undefined });

/** The secrets of one configuration: without a token, the token's text is just text. */
function secretsOf(auth: { authToken: string | undefined }): string[] {
  return auth.authToken ? SECRETS : SECRETS.filter((secret) => !secret.includes(CANARY_TOKEN));
}

function prototypeFingerprint(): string {
  return [Object.prototype, Array.prototype, Function.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort().join(',')).join('|');
}

function expectSafe(snapshot: Snapshot, lines: string[], events: RefreshEvent[], discovery: ModelDiscovery, secrets = SECRETS): void {
  expect(snapshotSchema.safeParse(snapshot).success).toBe(true);
  const outputs = [
    JSON.stringify(snapshot),
    lines.join('\n'),
    inspect(events, { depth: 5 }),
    ...events.map((event) => (event.error ? everyRenderingOf(event.error) : '')),
    inspect(discovery, { showHidden: true, depth: 5 }),
  ].join('\n');
  for (const secret of secrets) expect(outputs.includes(secret), `a secret (${secret.slice(0, 6)}…) leaked`).toBe(false);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const FINGERPRINT = prototypeFingerprint();

// Thousands of runs take seconds alone, but several times that on a loaded two-core CI machine.
const PROPERTY_TIMEOUT = 180_000;

describe('properties over arbitrary upstream answers', () => {
  it('getModels() always resolves to a schema-valid snapshot with no secret, and Object.prototype is untouched', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 4 }), credentials, async (answers, auth) => {
        const logger = captureLogger();
        const events: RefreshEvent[] = [];
        const discovery = new ModelDiscovery({ ...OPTIONS, ...auth, fetch: scriptedFetch(answers), logger, onRefresh: (e) => void events.push(e) });
        const snapshot = await discovery.getModels();
        expectSafe(snapshot, logger.lines, events, discovery, secretsOf(auth));
        expect(snapshot.discoveryAvailable).toBe(snapshot.error === null);
        expect(prototypeFingerprint()).toBe(FINGERPRINT);
      }),
      { numRuns: 4_000 },
    );
  }, PROPERTY_TIMEOUT);

  it('a held list survives any failed refresh, and any successful one replaces it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 3 }), async (answers) => {
        const good: Answer = { kind: 'response', status: 200, body: '{"data":[{"id":"held-model"}]}', contentType: 'application/json', echo: '' };
        const logger = captureLogger();
        const events: RefreshEvent[] = [];
        const discovery = new ModelDiscovery({ ...OPTIONS, minRefreshInterval: 0, fetch: scriptedFetch([good, ...answers]), logger, onRefresh: (e) => void events.push(e) });
        const held = await discovery.getModels();
        expect(held.models).toEqual([{ id: 'held-model' }]);

        const after = await discovery.refresh();

        expectSafe(after, logger.lines, events, discovery);
        expect(after.discoveryAvailable).toBe(true);
        if (after.error) {
          expect(after.models).toBe(held.models);
          expect(after.stale).toBe(true);
          expect(after.lastRefreshed).toBe(held.lastRefreshed);
        } else {
          expect(after.stale).toBe(false);
        }
        expect(events.at(-1)?.outcome).toBe(after.error ? 'failure' : 'success');
        expect(prototypeFingerprint()).toBe(FINGERPRINT);
      }),
      { numRuns: 3_000 },
    );
  }, PROPERTY_TIMEOUT);

  it('every error the upstream layer throws renders without a secret in message, stack, cause, JSON or inspect', async () => {
    const settings = upstreamSettings(OPTIONS, { timeout: 2_000, maxBodyBytes: 64 * 1024, maxPages: 5, maxModels: 100 });
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 4 }), async (answers) => {
        try {
          const result = await fetchModelList({ ...settings, fetch: scriptedFetch(answers) });
          expect(Array.isArray(result.models)).toBe(true);
        } catch (error) {
          expect((error as { code?: unknown }).code).toEqual(expect.any(String));
          expectNoCanary(everyRenderingOf(error));
        }
      }),
      { numRuns: 3_000 },
    );
  }, PROPERTY_TIMEOUT);
});
