import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery, type RefreshEvent } from '../../src/index.js';
import { captureLogger } from '../support/capture.js';
import { GATEWAY, openaiList, serveModels } from '../support/upstream.js';

describe('onRefresh', () => {
  it('reports a success with its duration and count', async () => {
    serveModels(() => HttpResponse.json(openaiList(['a', 'b'])));
    const events: RefreshEvent[] = [];
    await new ModelDiscovery({ baseURL: GATEWAY, env: {}, onRefresh: (e) => events.push(e) }).getModels();
    expect(events).toEqual([{ outcome: 'success', durationMs: expect.any(Number), count: 2, forced: false }]);
  });

  it('reports a failure with its code and the count still held', async () => {
    let fail = false;
    serveModels(() => (fail ? new HttpResponse(null, { status: 502 }) : HttpResponse.json(openaiList(['a']))));
    const events: RefreshEvent[] = [];
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, minRefreshInterval: 0, onRefresh: (e) => events.push(e) });
    await discovery.getModels();
    fail = true;
    await discovery.refresh();
    expect(events[1]).toMatchObject({ outcome: 'failure', code: 'http_error', count: 1, forced: true });
  });

  // onRead too: both hooks are the host's code, run inside a read.
  it.each(['onRefresh', 'onRead'] as const)('cannot break discovery by throwing (%s)', async (hook) => {
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    const logger = captureLogger();
    const discovery = new ModelDiscovery({
      baseURL: GATEWAY,
      env: {},
      logger,
      [hook]: () => {
        throw new Error('hook bug');
      },
    });
    expect((await discovery.getModels()).models).toHaveLength(1);
    expect((await discovery.getModels()).models).toHaveLength(1);
    expect(logger.lines.some((l) => l.startsWith('error') && l.includes(hook))).toBe(true);
  });
});

describe('logger', () => {
  it('accepts a logger with only some methods, as pino child loggers or partial shims have', async () => {
    serveModels(() => new HttpResponse(null, { status: 500 }));
    const warnings: string[] = [];
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, logger: { warn: (m) => warnings.push(m) } }).getModels();
    expect(snapshot.error?.code).toBe('http_error');
    expect(warnings).toEqual([expect.stringMatching(/^model-discovery: refresh failed \(http_error\)/)]);
  });

  it('logs the not_configured advice once, not on every read', async () => {
    const logger = captureLogger();
    const discovery = new ModelDiscovery({ env: {}, logger });
    await discovery.getModels();
    await discovery.getModels();
    expect(logger.lines.filter((l) => l.includes('ANTHROPIC_BASE_URL'))).toHaveLength(1);
  });

  it('cannot break discovery by throwing', async () => {
    serveModels(() => HttpResponse.json(openaiList(['a'])));
    const logger = {
      info: () => {
        throw new Error('logger bug');
      },
    };
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, logger }).getModels();
    expect(snapshot.models).toHaveLength(1);
  });
});
