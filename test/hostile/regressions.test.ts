import { describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { fetchModelList, upstreamSettings } from '../support/upstream-layer.js';
import { captureLogger, everyRenderingOf } from '../support/capture.js';
import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN } from '../support/upstream.js';
import { expectNoCanary, settles } from './gateway.js';

function answering(response: () => Response): typeof fetch {
  return async () => response();
}

// Failures the hostile suite found in the core, each pinned by the name of what went wrong.
describe('regressions found by the hostile suite', () => {
  it('a redirect whose body is a tee branch (msw, cloning fetch wrappers) is refused at once, not reported as a timeout', async () => {
    // A tee branch's cancel() settles only once its sibling is cancelled too, which never happens here.
    const [branch] = new ReadableStream<Uint8Array>({ pull() {} }).tee();
    const fetch = answering(() => new Response(branch, { status: 302, headers: { location: 'http://elsewhere.test/v1/models' } }));
    const discovery = new ModelDiscovery({ baseURL: 'http://gateway.test', apiKey: CANARY_KEY, fetch, timeout: 60_000, env: {} });

    const snapshot = await settles(discovery.getModels(), 5_000);

    expect(snapshot.error?.code).toBe('redirect_refused');
  });

  it('a gateway that lists the API key as a model id or name no longer puts the key in the snapshot, and keeps the models it only named with it', async () => {
    const body = { data: [{ id: CANARY_KEY }, { id: 'claude-ok' }, { id: 'claude-named', display_name: `key ${CANARY_KEY}` }, { id: 'm', owned_by: CANARY_TOKEN }] };
    const logger = captureLogger();
    const discovery = new ModelDiscovery({
      baseURL: 'http://gateway.test',
      apiKey: CANARY_KEY,
      authToken: CANARY_TOKEN,
      fetch: answering(() => Response.json(body)),
      logger,
      env: {},
    });

    const snapshot = await discovery.getModels();

    expect(snapshot.models).toEqual([{ id: 'claude-ok' }, { id: 'claude-named' }, { id: 'm' }]);
    expect(logger.lines.join('\n')).toMatch(/dropped 1 upstream item\(s\) whose id contains a configured credential/);
    expect(logger.lines.join('\n')).toMatch(/left out 2 field\(s\) of upstream items that contain a configured credential/);
    expectNoCanary(JSON.stringify(snapshot));
    expectNoCanary(logger.lines.join('\n'));
  });

  it('a non-JSON answer whose content-type echoes the key no longer puts the key in the error message', async () => {

    const fetch = answering(() => new Response('<html>', { status: 200, headers: { 'content-type': `text/html; key=${CANARY_KEY}` } }));
    const fetchEcho = answering(() => new Response('<html>', { status: 200, headers: { 'content-type': CANARY_KEY } }));
    const settings = upstreamSettings({ baseURL: 'http://gateway.test', apiKey: CANARY_KEY, env: {} }, { timeout: 5_000, maxBodyBytes: 1024, maxPages: 1, maxModels: 10 });

    const plain = await fetchModelList({ ...settings, fetch }).catch((error: unknown) => error);
    const echoed = await fetchModelList({ ...settings, fetch: fetchEcho }).catch((error: unknown) => error);

    expect((plain as Error).message).toMatch(/not JSON \(text\/html/);
    expect((echoed as Error).message).toMatch(/not JSON \(an unrecognised content type/);
    expectNoCanary(everyRenderingOf(plain));
    expectNoCanary(everyRenderingOf(echoed));
  });

  it('the Basic form of base URL credentials is scrubbed even when an authToken is sent instead', async () => {
    const basic = btoa(`user:${CANARY_PASSWORD}`);
    const discovery = new ModelDiscovery({
      baseURL: `http://user:${CANARY_PASSWORD}@gateway.test`,
      authToken: CANARY_TOKEN,
      fetch: answering(() => Response.json({ data: [{ id: basic }, { id: 'claude-ok' }] })),
      env: {},
    });

    const snapshot = await discovery.getModels();

    expect(snapshot.models).toEqual([{ id: 'claude-ok' }]);
  });
});
