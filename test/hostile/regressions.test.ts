import { describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { CANARY_KEY } from '../support/upstream.js';
import { settles } from './gateway.js';

// Failures the hostile suite found in the core, each pinned by the name of what went wrong.
describe('regressions found by the hostile suite', () => {
  it('a redirect whose body is a tee branch (msw, cloning fetch wrappers) is refused at once, not reported as a timeout', async () => {
    // A tee branch's cancel() settles only once its sibling is cancelled too, which never happens here.
    const [branch] = new ReadableStream<Uint8Array>({ pull() {} }).tee();
    const teeFetch: typeof fetch = async () =>
      new Response(branch, { status: 302, headers: { location: 'http://elsewhere.test/v1/models' } });
    const discovery = new ModelDiscovery({ baseURL: 'http://gateway.test', apiKey: CANARY_KEY, fetch: teeFetch, timeout: 60_000, env: {} });

    const snapshot = await settles(discovery.getModels(), 5_000);

    expect(snapshot.error?.code).toBe('redirect_refused');
  });
});
