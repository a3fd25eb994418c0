import { describe, expect, it } from 'vitest';

import { ModelDiscovery, type Model } from '../../src/index.js';
import { answering, jsonStore } from '../support/stores.js';
import { CANARY_KEY, GATEWAY, listOf, serveModels } from '../support/upstream.js';

const RICH: Model = {
  id: 'claude-sonnet-4-5',
  context_window: 200_000,
  max_output_tokens: 64_000,
  pricing: { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  capabilities: { vision: true, tools: true, reasoning: true },
  kind: 'chat',
  description: 'Balanced model',
  metadata_source: 'upstream',
};

function instance(options: ConstructorParameters<typeof ModelDiscovery>[0]) {
  return new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {}, ...options });
}

describe('the shared-store entry carries model metadata', () => {
  it('adopts a fleet list with every metadata field intact, without asking the upstream', async () => {
    const calls = serveModels(listOf(['never-asked']));
    const store = answering({ stamp: 's1', list: { v: 2, refreshedAt: Date.now(), models: [RICH] } });

    const snapshot = await instance({ store }).getModels();

    expect(snapshot.models).toEqual([RICH]);
    expect(calls).toHaveLength(0);
  });

  it('writes under a v2 key, so an instance of the version before never reads (and strips) it', async () => {
    serveModels(listOf(['model-a']));
    const store = jsonStore();

    await instance({ store }).getModels();

    const keys = [...store.data.keys()];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith('model-discovery:v2:'))).toBe(true);
    const entry = JSON.parse(store.data.get(keys.find((key) => key.endsWith(':list'))!)!) as { v: number };
    expect(entry.v).toBe(2);
  });

  it('does not adopt a v1 list (written before metadata existed) and asks the upstream instead', async () => {
    const calls = serveModels(listOf(['fresh']));
    const store = answering({ stamp: 's1', list: { v: 1, refreshedAt: Date.now(), models: [{ id: 'old' }] } });

    expect((await instance({ store }).getModels()).models.map((model) => model.id)).toEqual(['fresh']);
    expect(calls).toHaveLength(1);
  });

  it('drops a list whose metadata breaks the schema instead of serving it', async () => {
    const calls = serveModels(listOf(['fresh']));
    const store = answering({ stamp: 's1', list: { v: 2, refreshedAt: Date.now(), models: [{ id: 'm', pricing: { input: -1 } }] } });

    expect((await instance({ store }).getModels()).models.map((model) => model.id)).toEqual(['fresh']);
    expect(calls).toHaveLength(1);
  });
});
