import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Snapshot } from '../../src/index.js';
import { startMember, type Member } from '../support/fleet.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { CANARY_KEY, openaiList } from '../support/upstream.js';

// Three ModelDiscovery instances, each in its own process, sharing one real redis-server, against
// a real gateway on 127.0.0.1 that counts the calls it gets. The tests run in order and share the
// fleet, as the instances of one service share a day.

const root = fileURLToPath(new URL('../..', import.meta.url));
const ids = (snapshot: Snapshot) => snapshot.models.map((model) => model.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: RedisServer;
let gateway: LocalServer;
let served = ['model-1'];
const callsByKey = new Map<string, number>();
const calls = (key = CANARY_KEY) => callsByKey.get(key) ?? 0;
let fleet: [Member, Member, Member];

const mainLog = async (member: Member) => (await member.logs()).filter((line) => line.startsWith('main '));
const countIn = (lines: string[], text: string) => lines.filter((line) => line.includes(text)).length;

/** Every key and value in Redis, for searching. */
async function redisContents(): Promise<Map<string, string>> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const contents = new Map<string, string>();
    for await (const batch of client.scanIterator({ COUNT: 100 })) {
      for (const key of [batch].flat()) contents.set(key, String(await client.get(key)));
    }
    return contents;
  } finally {
    await client.quit();
  }
}

beforeAll(async () => {
  redis = await startRedis();
  gateway = await startLocalServer((req, res) => {
    // The anthropic dialect sends x-api-key; the openai dialect sends the same secret as a Bearer token.
    const key = String(req.headers['x-api-key'] ?? req.headers.authorization);
    callsByKey.set(key, (callsByKey.get(key) ?? 0) + 1);
    // Slow enough that instances starting together all ask while the first call is still out.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(openaiList(served)));
    }, 100);
  });
  const env = { REDIS_URL: redis.url, GATEWAY_URL: gateway.url, GATEWAY_KEY: CANARY_KEY };
  fleet = (await Promise.all([startMember(env), startMember(env), startMember(env)])) as typeof fleet;
});

afterAll(async () => {
  await Promise.all((fleet ?? []).map((member) => member.close()));
  await gateway?.close();
  await redis?.stop();
});

describe('a fleet of processes sharing one Redis', () => {
  it('makes one upstream call for three processes starting together', async () => {
    const snapshots = await Promise.all(fleet.map((member) => member.get()));

    expect(snapshots.map(ids)).toEqual([['model-1'], ['model-1'], ['model-1']]);
    expect(new Set(snapshots.map((snapshot) => snapshot.lastRefreshed)).size).toBe(1);
    expect(calls()).toBe(1);
  });

  it('serves a refresh on one process from the others on their next read', async () => {
    const [one, two, three] = fleet;
    served = ['model-2'];

    expect(ids(await one.refresh())).toEqual(['model-2']);
    expect(ids(await two.get())).toEqual(['model-2']);
    expect(ids(await three.get())).toEqual(['model-2']);
    expect(calls()).toBe(2);
  });

  it('does not call the upstream again while the shared list is fresh', async () => {
    for (let round = 0; round < 10; round += 1) {
      const snapshots = await Promise.all(fleet.map((member) => member.get()));
      expect(snapshots.map(ids)).toEqual([['model-2'], ['model-2'], ['model-2']]);
    }
    expect(calls()).toBe(2);
  });

  it('makes one upstream call per source for three processes starting together, each source under its own store key', async () => {
    const snapshots = await Promise.all(fleet.map((member) => member.getMulti()));

    expect(snapshots.map(ids)).toEqual([
      ['model-2', 'local/model-2'],
      ['model-2', 'local/model-2'],
      ['model-2', 'local/model-2'],
    ]);
    expect(snapshots.map((snapshot) => snapshot.sources.map((source) => source.status))).toEqual([
      ['fresh', 'fresh'],
      ['fresh', 'fresh'],
      ['fresh', 'fresh'],
    ]);
    expect(calls(`${CANARY_KEY}-multi`)).toBe(1);
    expect(calls(`Bearer ${CANARY_KEY}-multi`)).toBe(1);
    for (const index of [0, 1]) expect(new Set(snapshots.map((snapshot) => snapshot.sources[index]!.lastRefreshed)).size).toBe(1);
    const entries = [...(await redisContents()).keys()].filter((key) => key.endsWith(':list'));
    // The main service's list and one per source of multi, none sharing a key.
    expect(entries).toHaveLength(3);
  });

  it('serves one process’s refresh of both sources from the others on their next read', async () => {
    const [one, two, three] = fleet;
    served = ['model-2b'];
    try {
      expect(ids(await one.refreshMulti())).toEqual(['model-2b', 'local/model-2b']);
      expect(ids(await two.getMulti())).toEqual(['model-2b', 'local/model-2b']);
      expect(ids(await three.getMulti())).toEqual(['model-2b', 'local/model-2b']);
      expect(calls(`${CANARY_KEY}-multi`)).toBe(2);
      expect(calls(`Bearer ${CANARY_KEY}-multi`)).toBe(2);
    } finally {
      served = ['model-2'];
    }
  });

  it('refreshes once for the whole fleet when the TTL runs out', async () => {
    const key = `${CANARY_KEY}-short`;
    await Promise.all(fleet.map((member) => member.getShort()));
    expect(calls(key)).toBe(1);

    await sleep(1_100);
    const stale = await Promise.all(fleet.map((member) => member.getShort()));
    // The TTL ran out: reads answer at once with the held list, marked stale. A process scheduled
    // after the winner saved already gets the fresh list, which is right, so not every one need be.
    expect(stale.some((snapshot) => snapshot.stale)).toBe(true);
    let fresh: Snapshot[] = stale;
    for (let attempt = 0; attempt < 40 && fresh.some((snapshot) => snapshot.stale); attempt += 1) {
      await sleep(50);
      fresh = await Promise.all(fleet.map((member) => member.getShort()));
    }

    expect(fresh.every((snapshot) => !snapshot.stale)).toBe(true);
    expect(calls(key)).toBe(2);
  });

  it('lets the docs/fleets.md example join the fleet and serve its list without calling the upstream', async () => {
    const before = calls();
    const { lastRefreshed } = await fleet[0].get();

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/fleet.ts'], {
      cwd: root,
      timeout: 30_000,
      env: { ...process.env, REDIS_URL: redis.url, ANTHROPIC_BASE_URL: gateway.url, ANTHROPIC_API_KEY: CANARY_KEY, ANTHROPIC_AUTH_TOKEN: '' },
    });

    expect(stdout).toContain(`1 model(s), refreshed at ${lastRefreshed}`);
    expect(stdout).not.toContain(CANARY_KEY);
    expect(calls()).toBe(before);
    const readme = readFileSync(`${root}/docs/fleets.md`, 'utf8');
    expect(readme).toContain(readFileSync(`${root}/examples/fleet.ts`, 'utf8'));
  });

  it('never puts the credential in Redis or in a log line', async () => {
    const contents = await redisContents();

    expect(contents.size).toBeGreaterThan(0);
    expect([...contents.values()].join('\n')).toContain('model-2');
    expect([...contents].flat().join('\n')).not.toContain(CANARY_KEY);
    const lines = (await Promise.all(fleet.map((member) => member.logs()))).flat();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(CANARY_KEY);
  });

  it('keeps serving when Redis holds malformed data, says so once, and overwrites it', async () => {
    const [one, two] = fleet;
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      for (const key of (await redisContents()).keys()) {
        // Keyv's own envelope around values this library would never write.
        if (key.endsWith(':list')) await client.set(key, JSON.stringify({ value: { v: 2, refreshedAt: 'soon', models: [{ id: '' }] } }));
        if (key.endsWith(':stamp')) await client.set(key, JSON.stringify({ value: 'tampered' }));
      }
    } finally {
      await client.quit();
    }

    for (let round = 0; round < 3; round += 1) {
      const snapshots = await Promise.all(fleet.map((member) => member.get()));
      expect(snapshots.map(ids)).toEqual([['model-2'], ['model-2'], ['model-2']]);
    }
    const logs = await Promise.all(fleet.map(mainLog));
    expect(logs.map((lines) => countIn(lines, 'not what this library writes'))).toEqual([1, 1, 1]);

    served = ['model-3'];
    await one.refresh();
    expect(ids(await two.get())).toEqual(['model-3']);
  });

  it('never fails a read while Redis is killed and restarted, and shares again afterwards', async () => {
    const [one, two, three] = fleet;
    const failures: string[] = [];
    let reading = true;
    const readers = fleet.map(async (member) => {
      while (reading) {
        const snapshot = await member.get().catch((error: Error) => ({ failed: error.message }));
        if ('failed' in snapshot) failures.push(snapshot.failed);
        else if (snapshot.models.length === 0 || !snapshot.discoveryAvailable) failures.push('no list');
        await sleep(20);
      }
    });

    await sleep(200);
    await redis.kill();
    served = ['model-4'];
    // The operator's refresh still reaches the gateway while the store is down.
    expect(ids(await one.refresh())).toEqual(['model-4']);
    await sleep(1_500);
    await redis.start();
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const logs = await Promise.all(fleet.map(mainLog));
      if (logs.every((lines) => countIn(lines, 'the shared store answers again') > 0)) break;
      await sleep(100);
    }
    reading = false;
    await Promise.all(readers);

    expect(failures).toEqual([]);
    const logs = await Promise.all(fleet.map(mainLog));
    expect(logs.map((lines) => countIn(lines, 'shared store failed'))).toEqual([1, 1, 1]);
    expect(logs.map((lines) => countIn(lines, 'the shared store answers again'))).toEqual([1, 1, 1]);

    served = ['model-5'];
    await one.refresh();
    expect(ids(await two.get())).toEqual(['model-5']);
    expect(ids(await three.get())).toEqual(['model-5']);
    expect(logs.flat().join('\n')).not.toContain(CANARY_KEY);
  });

  it('makes one upstream call for refreshes forced on two processes at the same instant (issue #15)', async () => {
    const [one, two, three] = fleet;
    const before = calls();
    served = ['model-6'];

    const snapshots = await Promise.all([one.refresh(), two.refresh()]);

    expect(snapshots.map(ids)).toEqual([['model-6'], ['model-6']]);
    expect(calls()).toBe(before + 1);
    expect(ids(await three.get())).toEqual(['model-6']);
  });

  it('heals after Redis restarts while every process is idle: a refresh forced on one is seen by the others on their next read (issue #15)', async () => {
    const [one, two, three] = fleet;
    await Promise.all(fleet.map((member) => member.get()));
    await redis.kill();
    // Long enough for the clients to back off between reconnects, as they do after a real
    // restart: the first store calls after it wait for the reconnect and may time out.
    await sleep(2_000);
    await redis.start();
    served = ['model-7'];

    expect(ids(await one.refresh())).toEqual(['model-7']);
    expect(ids(await two.get())).toEqual(['model-7']);
    expect(ids(await three.get())).toEqual(['model-7']);
  });

  it('publishes a list refreshed while Redis was down once the refreshing process finds Redis back, and the others serve it (issue #15)', async () => {
    const [one, two, three] = fleet;
    await redis.kill();
    served = ['model-8'];
    // Refreshed while the store is down: it cannot land.
    expect(ids(await one.refresh())).toEqual(['model-8']);
    await redis.start();
    // The refreshing process's reads find the store back (at most one probe a second), find it
    // older than its own list (empty, here), and publish that list.
    for (let attempt = 0; attempt < 150; attempt += 1) {
      await one.get();
      if (ids(await two.get())[0] === 'model-8') break;
      await sleep(100);
    }

    expect(ids(await two.get())).toEqual(['model-8']);
    expect(ids(await three.get())).toEqual(['model-8']);
  }, 45_000);
});
