import { afterEach, describe, expect, it, vi } from 'vitest';

import { SharedList } from '../../src/fleet/shared-list.js';
import { jsonStore } from '../support/stores.js';

// The lease a fleet shares one upstream call through (src/fleet/shared-list.ts), at the level of
// one source's shared list: which holding of it may hand it back, and that a holding which never
// settles does not hold it for ever. Found in review after the healing read was merged.

const identity = { baseURL: 'https://gateway.test', dialect: 'anthropic', request: { url: 'https://gateway.test/v1/models', headers: {} } };
const terms = { within: 60_000, needsNewer: false };

function instance(store: ReturnType<typeof jsonStore>): SharedList {
  return new SharedList({ store, storeTimeout: 1_000, ttl: 300_000, timeout: 5_000, maxModels: 1_000, identity, log: () => {} });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the lease of a shared list', () => {
  it('is handed back only by the holding that won it, not by another refresh of the same instance', async () => {
    const store = jsonStore();
    const one = instance(store);
    const other = instance(store);
    const won = await one.claim(undefined, terms);
    expect(won.upstream).toBe(true);
    expect(won.lease).toBeDefined();

    // A second refresh of the same instance finds the lease held, is told not to call (it holds a
    // list), and its `finally` releases what it holds: nothing.
    const second = await one.claim(Date.now() - 120_000, terms);
    expect(second.upstream).toBe(false);
    await one.release(second.lease);

    // The first holding still holds it: another instance is still told to wait.
    const meanwhile = await other.claim(Date.now() - 120_000, terms);
    expect(meanwhile.upstream).toBe(false);

    await one.release(won.lease);
    const after = await other.claim(Date.now() - 120_000, terms);
    expect(after.upstream).toBe(true);
  });

  it('is not held for ever by a holding that never settles: past its time the instance may take it again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = jsonStore();
    const one = instance(store);
    const stuck = await one.claim(undefined, terms);
    expect(stuck.upstream).toBe(true);
    // That refresh never settles (a Worker's request ended without waitUntil): no release.
    expect((await one.claim(Date.now() - 120_000, terms)).upstream).toBe(false);

    vi.setSystemTime(Date.now() + 60_000);
    expect((await one.claim(Date.now() - 120_000, terms)).upstream).toBe(true);
  });
});
