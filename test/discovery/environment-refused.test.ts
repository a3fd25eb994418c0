import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { CANARY_KEY, GATEWAY, listOf, serveModels } from '../support/upstream.js';

// Deno without --allow-env (issue 14): reading any variable throws `NotCapable`. Played on Node
// with an environment whose ANTHROPIC_* reads throw the same way; the runtime suite
// (test/runtimes/deno.test.ts) checks the real Deno.

class NotCapable extends Error {
  override name = 'NotCapable';
}

/** An environment like Deno's `process.env` without --allow-env, for the ANTHROPIC_* variables. */
function refusing(real: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return new Proxy(real, {
    get(target, name, receiver) {
      if (typeof name === 'string' && name.startsWith('ANTHROPIC_')) {
        throw new NotCapable(`Requires env access to "${name}", run again with the --allow-env flag`);
      }
      return Reflect.get(target, name, receiver);
    },
  });
}

const realEnv = process.env;
afterEach(() => {
  process.env = realEnv;
});

describe('an environment the runtime refuses to read', () => {
  it('is a configuration problem that says so, not a network error, and asks nothing', async () => {
    const calls = serveModels(listOf(['never']));
    const snapshot = await new ModelDiscovery({ env: refusing() }).getModels();
    expect(calls).toHaveLength(0);
    expect(snapshot.error?.code).toBe('not_configured');
    expect(snapshot.error?.message).toContain('the runtime refused to read ANTHROPIC_BASE_URL');
    expect(snapshot.error?.message).toContain('--allow-env=ANTHROPIC_BASE_URL,ANTHROPIC_API_KEY,ANTHROPIC_AUTH_TOKEN,ANTHROPIC_CUSTOM_HEADERS');
    expect(snapshot.error?.message).toContain('`env: {}`');
  });

  it('does not stop options given in code: the list is fetched, and one warning names what was not read', async () => {
    const calls = serveModels(listOf(['claude-sonnet-4-5']));
    const warnings: string[] = [];
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: refusing(), logger: { warn: (line) => warnings.push(line) } });
    const snapshot = await discovery.getModels();
    expect(snapshot).toMatchObject({ discoveryAvailable: true, error: null, models: [{ id: 'claude-sonnet-4-5' }] });
    expect(calls[0]?.headers.get('x-api-key')).toBe(CANARY_KEY);
    // Credentials given in code replace the environment's: only the custom headers were looked for.
    expect(warnings).toEqual([expect.stringContaining('the runtime refused to read ANTHROPIC_CUSTOM_HEADERS from the environment')]);
  });

  it('is the default environment too (process.env), read without throwing out of the constructor', async () => {
    serveModels(listOf(['never']));
    process.env = refusing({ ...realEnv });
    const snapshot = await new ModelDiscovery().getModels();
    expect(snapshot.error?.code).toBe('not_configured');
    expect(snapshot.error?.message).toContain('refused to read ANTHROPIC_BASE_URL');
  });

  it('keeps the Anthropic SDK as the transport: its client is built without reading the environment', async () => {
    const calls = serveModels(listOf(['claude-sonnet-4-5']));
    // The SDK's constructor reads ANTHROPIC_CUSTOM_HEADERS from process.env whatever it is given.
    process.env = refusing({ ...realEnv });
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, apiKey: CANARY_KEY, env: {} }).getModels();
    process.env = realEnv;
    expect(snapshot).toMatchObject({ discoveryAvailable: true, error: null });
    // Headers only the SDK sends: the request went through its client, not around it.
    expect(calls[0]?.headers.get('x-stainless-lang')).toBe('js');
    expect(calls[0]?.headers.get('user-agent')).toMatch(/^Anthropic\/JS /);
  });
});
