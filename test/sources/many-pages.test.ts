import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery } from './harness.js';
import { anthropicPage, GATEWAY, upstream } from '../support/upstream.js';

// Issue 16: any gateway with more than 10 pages printed
// `MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]`.
describe('a gateway with many pages (regression: MaxListenersExceededWarning after ten pages)', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => void warnings.push(warning);
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('follows 50 pages without a single process warning', async () => {
    upstream.use(
      http.get(`${GATEWAY}/v1/models`, ({ request }) => {
        const after = new URL(request.url).searchParams.get('after_id');
        const page = after === null ? 0 : Number(after.split('-')[1]) + 1;
        return HttpResponse.json(anthropicPage([`model-${page}`], page < 49));
      }),
    );
    process.on('warning', onWarning);

    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, maxPages: 50 }).getModels();
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));

    expect(snapshot.models).toHaveLength(50);
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });
});
