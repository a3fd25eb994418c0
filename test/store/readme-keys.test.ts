import { readFileSync } from 'node:fs';

import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { CANARY_KEY, openaiList } from '../support/upstream.js';

// The README names the Redis keys a fleet writes, so an operator can find them (and a key
// prefix was once wrong there). This reads them off a real redis-server, the lease while a refresh
// is out and the list and stamp after it, and holds them against the README's own patterns.

let redis: RedisServer;
let gateway: LocalServer;
let answer: (() => void) | undefined;
let asked!: Promise<void>;

beforeAll(async () => {
  redis = await startRedis();
  let onAsked!: () => void;
  asked = new Promise((resolve) => (onAsked = resolve));
  gateway = await startLocalServer((_, res) => {
    // The first answer waits until the test has looked at Redis while the lease is held.
    answer = () => {
      answer = undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(openaiList(['claude-sonnet-4-5'])));
    };
    onAsked();
  });
});

afterAll(async () => {
  answer?.();
  await gateway?.close();
  await redis?.stop();
});

async function keysInRedis(): Promise<string[]> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    return (await client.keys('*')).sort();
  } finally {
    await client.close();
  }
}

/** The key patterns the README's "What is stored" item gives, as regular expressions. */
function readmePatterns(): Map<string, RegExp> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const item = /\*\*What is stored\.\*\*([\s\S]*?)\n- \*\*/.exec(readme)?.[1] ?? '';
  const spans = [...item.matchAll(/`([^`]*<fingerprint>[^`]*)`/g)].map((match) => match[1]!);
  return new Map(spans.map((span) => [span, new RegExp(`^${span.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`)]));
}

it('writes exactly the Redis keys the README names, with the prefixes it gives', async () => {
  const store = new Keyv(new KeyvRedis(redis.url));
  store.on('error', () => {});
  const discovery = new ModelDiscovery({ baseURL: gateway.url, apiKey: CANARY_KEY, store, env: {} });

  const listing = discovery.getModels();
  await asked;
  const whileRefreshing = await keysInRedis();
  answer?.();
  expect((await listing).models.map((model) => model.id)).toEqual(['claude-sonnet-4-5']);
  let after: string[] = [];
  for (let tries = 0; tries < 100 && after.length < 2; tries++) {
    after = (await keysInRedis()).filter((key) => !key.endsWith(':lease'));
    if (after.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await store.disconnect();

  const seen = [...new Set([...whileRefreshing, ...after])];
  const patterns = readmePatterns();
  expect(patterns.size).toBe(3);
  expect(whileRefreshing.some((key) => key.endsWith(':lease'))).toBe(true);
  expect(after.map((key) => key.slice(key.lastIndexOf(':') + 1)).sort()).toEqual(['list', 'stamp']);
  for (const key of seen) expect([...patterns.values()].some((pattern) => pattern.test(key)), `${key} is not described in the README`).toBe(true);
  for (const [span, pattern] of patterns) expect(seen.some((key) => pattern.test(key)), `the README names ${span}, which Redis does not hold`).toBe(true);
});
