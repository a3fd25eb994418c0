import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CANARY_KEY } from '../support/upstream.js';
import { anthropicModels, expectFailureKeepsHeldList, redirectTo, startGateway, type Gateway } from './gateway.js';

// The SDK follows redirects and forwards x-api-key to whatever origin it is sent to. No redirect
// may be followed, to another origin or the same one, and no second request may carry the key.
describe('hostile gateway: redirects', () => {
  let gateway: Gateway;
  let elsewhere: Gateway;
  beforeEach(async () => {
    gateway = await startGateway();
    elsewhere = await startGateway(anthropicModels(['claude-from-another-origin']));
  });
  afterEach(async () => {
    await Promise.all([gateway.close(), elsewhere.close()]);
  });

  it('refuses a cross-origin redirect and sends the other origin nothing, least of all the key', async () => {
    const { held } = await expectFailureKeepsHeldList(gateway, redirectTo(`${elsewhere.url}/v1/models`, 302), { code: 'redirect_refused' });
    expect(elsewhere.hits).toHaveLength(0);
    expect(held.models.map((m) => m.id)).not.toContain('claude-from-another-origin');
  });

  it.each([301, 303, 307, 308])('refuses a cross-origin %i redirect the same way', async (status) => {
    await expectFailureKeepsHeldList(gateway, redirectTo(`${elsewhere.url}/v1/models`, status), { code: 'redirect_refused' });
    expect(elsewhere.hits).toHaveLength(0);
  });

  it('refuses a same-origin redirect too, asking the gateway exactly once per refresh', async () => {
    let redirected = 0;
    gateway.serve(anthropicModels(['claude-held-1', 'claude-held-2']));
    const scenario = redirectTo('/moved/v1/models', 307);
    await expectFailureKeepsHeldList(gateway, (req, res) => {
      if (req.url?.startsWith('/moved')) redirected += 1;
      scenario(req, res);
    }, { code: 'redirect_refused' });
    expect(redirected).toBe(0);
  });

  it('ends a redirect loop after the first hop', async () => {
    const before = gateway.hits.length;
    await expectFailureKeepsHeldList(gateway, redirectTo('/v1/models?limit=1000', 302), { code: 'redirect_refused' });
    // Held + warm refresh + cold read: three successful-or-refused requests, no loop.
    expect(gateway.hits.length - before).toBe(3);
    for (const hit of gateway.hits) expect(hit.headers['x-api-key']).toBe(CANARY_KEY);
  });
});
