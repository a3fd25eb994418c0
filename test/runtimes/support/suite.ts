import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { CANARY, refusedPort, startFakeGateway, type FakeGateway } from './fake-gateway.js';
import type { RunningProgram } from './processes.js';
import type { ProgramConfig } from './runtimes.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The user project global-setup.ts prepared around the packed package. */
    runtimeProject: string;
  }
}

type Start = (project: string, config: ProgramConfig) => Promise<RunningProgram>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: () => any;
}

export interface SuiteOptions {
  /** The runtime refuses environment reads (Deno without --allow-env). */
  refusesEnvironment?: boolean;
  /**
   * Checks known to fail on this runtime (issue 14, until its fix lands): `stale` for the
   * stale -> refresh checks, `all` for every check. They run as `it.fails`, so they report the
   * day they start passing.
   */
  broken?: 'stale' | 'all';
}

/**
 * The same checks on every runtime, over HTTP against test/runtimes/app run there: the core's
 * listing and error codes, the Hono available and served routes, the stale -> refresh sequence,
 * and the canary key nowhere in any answer or output.
 */
export function runtimeSuite(name: string, start: Start, options: SuiteOptions = {}): void {
  const check = (stale: boolean) => (options.broken === 'all' || (stale && options.broken === 'stale') ? it.fails : it);
  describe(`the packed package on ${name}`, () => {
    let gateway: FakeGateway;
    let program: RunningProgram;
    const bodies: string[] = [];

    beforeAll(async () => {
      gateway = await startFakeGateway();
      program = await start(inject('runtimeProject'), { upstream: gateway.url, refusedPort: await refusedPort(), canary: CANARY });
    });

    afterAll(async () => {
      if (process.env.RUNTIMES_DEBUG) console.log(program?.output());
      await program?.stop();
      await gateway?.close();
    });

    async function call(path: string, init: RequestInit = {}): Promise<Answer> {
      const response = await fetch(`${program.url}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      bodies.push(text);
      return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
    }

    check(false)('lists models and reports 401, 500 and a refused connection by their codes (core)', async () => {
      const { status, json } = await call('/core');
      expect(status).toBe(200);
      const { listed, unauthorized, failing, refused } = json();
      expect(listed.models.map((model: { id: string }) => model.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
      expect(listed).toMatchObject({ discoveryAvailable: true, stale: false, error: null });
      expect(unauthorized.error).toMatchObject({ code: 'unauthorized', status: 401 });
      expect(failing.error).toMatchObject({ code: 'http_error', status: 500 });
      expect(refused.error.code).toBe('network_error');
      for (const snapshot of [unauthorized, failing, refused]) expect(snapshot).toMatchObject({ models: [], discoveryAvailable: false });
      // The failures were logged (and the canary check below covers these lines).
      expect(json().lines.join('\n')).toContain('refresh failed (unauthorized)');
    });

    check(false)('reads the environment only where options leave a gap, and a refused read is a configuration problem', async () => {
      const { defaults, explicit, environmentLines } = (await call('/core')).json();
      expect(defaults).toMatchObject({ discoveryAvailable: false, error: { code: 'not_configured' } });
      expect(explicit).toMatchObject({ discoveryAvailable: true, error: null, models: [{ id: 'claude-sonnet-4-5' }, { id: 'claude-haiku-4-5' }] });
      if (options.refusesEnvironment) {
        expect(defaults.error.message).toContain('the runtime refused to read ANTHROPIC_BASE_URL');
        expect(environmentLines.join('\n')).toContain('the runtime refused to read ANTHROPIC_CUSTOM_HEADERS from the environment');
      } else {
        expect(defaults.error.message).not.toContain('refused');
        expect(environmentLines.join('\n')).not.toContain('refused');
      }
    });

    check(false)('serves the available-models routes through model-discovery/hono', async () => {
      const first = await call('/api/v1/models/available');
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(first.json()).toMatchObject({ discovery_available: true, stale: false, error: null });
      expect(first.json().models.map((model: { id: string }) => model.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      expect((await call('/api/v1/models/available', { headers: { 'if-none-match': etag! } })).status).toBe(304);
      expect((await call('/api/v1/models/available?refresh=perhaps')).status).toBe(400);
      const refreshed = await call('/api/v1/models/available/refresh', { method: 'POST' });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json().discovery_available).toBe(true);
    });

    check(false)('serves /v1/models in the Anthropic and OpenAI shapes through model-discovery/hono', async () => {
      const anthropic = await call('/v1/models', { headers: { 'anthropic-version': '2023-06-01' } });
      expect(anthropic.status).toBe(200);
      expect(anthropic.json()).toMatchObject({ has_more: false, first_id: 'claude-sonnet-4-5', last_id: 'claude-haiku-4-5' });
      const openai = await call('/v1/models');
      expect(openai.json()).toMatchObject({ object: 'list', data: [{ id: 'claude-sonnet-4-5', object: 'model' }, { id: 'claude-haiku-4-5' }] });
      const one = await call('/v1/models/claude-haiku-4-5', { headers: { 'anthropic-version': '2023-06-01' } });
      expect(one.json()).toMatchObject({ id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5' });
      expect((await call('/v1/models/no-such-model', { headers: { 'anthropic-version': '2023-06-01' } })).status).toBe(404);
    });

    const ttlPasses = () => new Promise((resolve) => setTimeout(resolve, 1_200)); // the TTL is 1 s: the scenario, not a measurement

    /** The exact sequence of issue 14, on one of the app's short-TTL instances. */
    async function staleThenForced(read: () => Promise<Answer>, force: () => Promise<Answer>): Promise<void> {
      const warm = await read();
      expect(warm.json().models).toMatchObject([{ id: 'claude-generation-1' }]);
      await ttlPasses();
      const held = await read();
      // The held list at once, marked stale, while a background refresh asks the gateway.
      expect(held.json().stale).toBe(true);
      expect(held.json().models).toMatchObject([{ id: 'claude-generation-1' }]);
      const forced = await force();
      expect(forced.status, forced.text).toBe(200);
      expect(forced.json().stale).toBe(false);
      expect(forced.json().models[0].id).toMatch(/^claude-generation-[2-9]$/);
      // And the list stays usable afterwards.
      const after = await read();
      expect(after.json().stale).toBe(false);
    }

    check(true)('Hono routes: warm, TTL passes, a stale read, then a forced refresh answers a fresh list', async () => {
      await staleThenForced(
        () => call('/forced/api/v1/models/available'),
        () => call('/forced/api/v1/models/available/refresh', { method: 'POST' }),
      );
    });

    check(true)('core alone, nothing handed to waitUntil: warm, TTL passes, a stale read, then a forced refresh answers a fresh list', async () => {
      await staleThenForced(
        () => call('/bare'),
        () => call('/bare/refresh', { method: 'POST' }),
      );
    });

    check(true)('Hono routes: the background refresh of a stale read completes after that read was answered', async () => {
      await call('/background/api/v1/models/available');
      await ttlPasses();
      expect((await call('/background/api/v1/models/available')).json().stale).toBe(true);
      // The gateway answers that refresh after 300 ms; reads do not force anything. Bounded polling
      // for a state, not a timing assertion.
      let body: any;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        body = (await call('/background/api/v1/models/available')).json();
        if (!body.stale) break;
      }
      expect(body).toMatchObject({ stale: false, models: [{ id: 'claude-generation-2' }] });
    });

    check(false)('never shows the key: not in any answer, log line or output; never reads the environment', async () => {
      // The gateway did receive it, as x-api-key, so its absence below is scrubbing, not luck.
      expect(gateway.keys).toContain(CANARY);
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) expect(body).not.toContain(CANARY);
      expect(program.output()).not.toContain(CANARY);
      expect(gateway.envHeaders).toBe(0);
    });
  });
}
