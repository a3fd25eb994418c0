import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startLocalServer } from '../support/local-server.js';
import {
  allowRealNetwork,
  anthropicPage,
  dribble,
  expectFailureKeepsHeldList,
  expectNoCanary,
  expectSafeSnapshot,
  gzipBomb,
  headersThenSilence,
  hugeBody,
  json,
  probe,
  resetMidBody,
  settles,
  silence,
  startGateway,
  type Gateway,
} from './gateway.js';

/** Short enough to keep the suite quick, long enough for the healthy first answer on a busy machine. */
const HANG_TIMEOUT = 1_000;

// Hangs, floods and broken connections: every one must end in the deadline or the body cap,
// keep the held list, and never leave getModels() pending.
describe('hostile gateway: transport', () => {
  let gateway: Gateway;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('times out when the gateway accepts the connection and never answers', async () => {
    await expectFailureKeepsHeldList(gateway, silence, { code: 'timeout' }, { timeout: HANG_TIMEOUT });
  });

  it('times out when the gateway sends headers and then falls silent', async () => {
    await expectFailureKeepsHeldList(gateway, headersThenSilence, { code: 'timeout' }, { timeout: HANG_TIMEOUT });
  });

  it('cuts off a body dribbled one byte at a time at the deadline, headers and body together', async () => {
    const body = JSON.stringify(anthropicPage(['claude-dribbled']));
    // 50 ms a byte: the whole body would take several seconds, far past the deadline.
    expect(body.length * 50).toBeGreaterThan(5 * HANG_TIMEOUT);
    await expectFailureKeepsHeldList(gateway, dribble(body, 50), { code: 'timeout' }, { timeout: HANG_TIMEOUT });
  });

  it('stops reading a 100 MB body at maxBodyBytes instead of buffering it', async () => {
    const huge = hugeBody(100 * 1024 * 1024);
    const maxBodyBytes = 1024 * 1024;
    await expectFailureKeepsHeldList(gateway, huge.scenario, { code: 'body_too_large' }, { maxBodyBytes, timeout: 5_000 });
    // The read was abandoned near the cap: the server could not push the remaining ~99 MB.
    expect(huge.sentBytes()).toBeLessThan(30 * 1024 * 1024);
  });

  it('counts a gzip body after inflating it, so a 1000x bomb stops at maxBodyBytes', async () => {
    const inflated = 16 * 1024 * 1024;
    const bomb = gzipBomb(inflated);
    expect(inflated / bomb.wireBytes).toBeGreaterThan(1000);
    await expectFailureKeepsHeldList(gateway, bomb.scenario, { code: 'body_too_large' }, { maxBodyBytes: 1024 * 1024, timeout: 5_000 });
  });

  it('accepts the same gzip body when it fits under maxBodyBytes, proving the cap counts inflated bytes', async () => {
    const bomb = gzipBomb(2 * 1024 * 1024);
    gateway.serve(bomb.scenario);
    const { discovery, logs } = probe(gateway, { maxBodyBytes: 4 * 1024 * 1024, timeout: 5_000 });
    const snapshot = await settles(discovery.getModels());
    expect(snapshot.error).toBeNull();
    expect(snapshot.models).toEqual([]);
    expectSafeSnapshot(snapshot, logs);
  });

  it('rejects truncated JSON as invalid_response', async () => {
    await expectFailureKeepsHeldList(gateway, json('{"data":[{"type":"model","id":"claude-a"},{"type":"mod'), { code: 'invalid_response' });
  });

  it('reports a connection reset mid-body as network_error', async () => {
    const body = JSON.stringify(anthropicPage(Array.from({ length: 200 }, (_, i) => `claude-${i}`)));
    await expectFailureKeepsHeldList(gateway, resetMidBody(body, 100), { code: 'network_error' });
  });

  it('reports a refused connection as network_error without waiting for the deadline', async () => {
    const closed = await startLocalServer(() => {});
    await closed.close();
    // A deadline far past the liveness bound: settling within the bound proves nothing waited for it.
    const { discovery, logs } = probe(closed.url, { timeout: 60_000 });
    const snapshot = await settles(discovery.getModels());
    expect(snapshot.error?.code).toBe('network_error');
    expect(snapshot.error?.message).toMatch(/ECONNREFUSED/);
    expectSafeSnapshot(snapshot, logs);
  });

  it('reports a host name that cannot resolve as network_error', async () => {
    allowRealNetwork('http://models-gateway.invalid');
    const { discovery, logs } = probe('http://models-gateway.invalid', { timeout: 5_000 });
    const snapshot = await settles(discovery.getModels());
    expect(snapshot.discoveryAvailable).toBe(false);
    expect(snapshot.error?.code).toBe('network_error');
    expect(snapshot.error?.message).toMatch(/models-gateway\.invalid/);
    expectSafeSnapshot(snapshot, logs);
    expectNoCanary(snapshot.error?.message ?? '');
  });
});
