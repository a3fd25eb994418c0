import { expect, inject, it } from 'vitest';

import { bundleWorker, startWorkerd, type WorkerBundle } from './support/runtimes.js';
import { runtimeSuite } from './support/suite.js';

// The bundle is what `wrangler deploy` would upload; miniflare runs it in workerd, locally. Two
// compatibility dates: a refresh that died with its request rejects joiners on recent dates
// (handle_cross_request_promise_resolution) and leaves them hanging on older ones.
let bundle: WorkerBundle | undefined;
const bundled = (project: string) => (bundle ??= bundleWorker(project));

for (const date of ['2026-11-01', '2024-01-01']) {
  runtimeSuite(`workerd (compatibility date ${date})`, (project, config) => startWorkerd(project, bundled(project), config, date));
}

// Issue 14's goal; bench/ reports the figures. It was 2.13 MiB with the SDK's full client and all
// of zod; see docs/runtimes.md for what is left and why.
it('makes a Worker bundle under 1 MiB, uncompressed (wrangler deploy --dry-run)', () => {
  const { bytes, packages } = bundled(inject('runtimeProject'));
  expect(bytes, JSON.stringify(packages)).toBeLessThan(1024 * 1024);
});
