import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ownSize, importEntries, type Size } from './lib/bundle-size.js';
import { scale } from './lib/config.js';
import { bytes, num, ratio, spread } from './lib/format.js';
import { ROOT } from './lib/library.js';
import { moduleProbe } from './lib/module-probe.js';
import { interleaved } from './lib/spawn-timing.js';
import { pairedRatios, summarize } from './lib/stats.js';
import { workerBundleRow } from './lib/worker-bundle.js';
import type { Row, Section } from './lib/table.js';

const ROUNDS = scale(20, 3);
const SDK = '@anthropic-ai/sdk';

/** Issue 17's bar: importing the main entry costs at most 1.3× an empty `node` start. */
const IMPORT_GOAL = 1.3;

const START_VARIANTS = {
  empty: ['--input-type=module', '-e', ''],
  esm: ['--input-type=module', '-e', "await import('model-discovery')"],
  cjs: ['-e', "require('model-discovery')"],
  express: ['--input-type=module', '-e', "await import('model-discovery/express')"],
  fastify: ['--input-type=module', '-e', "await import('model-discovery/fastify')"],
  hono: ['--input-type=module', '-e', "await import('model-discovery/hono')"],
  schema: ['--input-type=module', '-e', "await import('model-discovery/schema')"],
  sdk: ['--input-type=module', '-e', `await import('${SDK}')`],
  zod: ['--input-type=module', '-e', "await import('zod')"],
};

type Variant = keyof typeof START_VARIANTS;
/** The subpaths: the adapters import their framework (Hono) or only its types; `/schema` loads zod by design. */
const SUBPATHS = ['express', 'fastify', 'hono', 'schema'] as const satisfies readonly Variant[];

function startRows(): Row[] {
  const times = interleaved(START_VARIANTS, ROUNDS);
  const added = (name: Variant) => times[name].map((time, i) => time - (times.empty[i] as number));
  const row = (name: Variant, how: string, goal?: number): Row => {
    const measured = summarize(pairedRatios(times[name], times.empty));
    return {
      compared: `start-up with ${how} ÷ an empty \`node\` start, wall time per process (1 = free)`,
      ours: `${spread(summarize(times[name]), 'ms')}; +${spread(summarize(added(name)), 'ms')}`,
      theirs: spread(summarize(times.empty), 'ms'),
      ratio: ratio(measured),
      goal: goal === undefined ? 'info' : `≤ ${goal}× (${measured.median <= goal ? 'met' : 'missed'})`,
      runs: ROUNDS,
    };
  };
  return [
    row('esm', "`import('model-discovery')`", IMPORT_GOAL),
    row('cjs', "`require('model-discovery')`", IMPORT_GOAL),
    ...SUBPATHS.map((name) => row(name, `\`import('model-discovery/${name}')\`${name === 'schema' ? ' (zod, by design)' : ''}`)),
    {
      compared: `what an eager SDK import would add: \`import('${SDK}')\` ÷ an empty \`node\` start`,
      ours: 'not loaded at import (see next row)',
      theirs: `${spread(summarize(times.sdk), 'ms')}; +${spread(summarize(added('sdk')), 'ms')}`,
      ratio: ratio(summarize(pairedRatios(times.sdk, times.empty))),
      goal: 'info',
      runs: ROUNDS,
    },
    {
      compared: "what importing zod would add: `import('zod')` alone ÷ an empty `node` start",
      ours: 'loaded by `model-discovery/schema` only, never by the main entry or an adapter',
      theirs: `${spread(summarize(times.zod), 'ms')}; +${spread(summarize(added('zod')), 'ms')}`,
      ratio: ratio(summarize(pairedRatios(times.zod, times.empty))),
      goal: 'info',
      runs: ROUNDS,
    },
  ];
}

function probeRow(): Row {
  const probe = (format: 'esm' | 'cjs') =>
    JSON.parse(execFileSync(process.execPath, moduleProbe(format, SDK), { cwd: ROOT, encoding: 'utf8' })) as { atImport: boolean; afterFirstDiscovery: boolean };
  const esm = probe('esm');
  const cjs = probe('cjs');
  const said = (value: boolean) => (value ? 'yes' : 'no');
  const lazy = !esm.atImport && !cjs.atImport && esm.afterFirstDiscovery && cjs.afterFirstDiscovery;
  return {
    compared: `is ${SDK} loaded by the import? (ESM / CommonJS) — and after the first discovery?`,
    ours: `at import: ${said(esm.atImport)} / ${said(cjs.atImport)}; after first discovery: ${said(esm.afterFirstDiscovery)} / ${said(cjs.afterFirstDiscovery)}`,
    theirs: '—',
    ratio: lazy ? 'lazy ✓' : 'NOT lazy ✗',
    goal: 'lazy',
    runs: 1,
  };
}

function packageDir(name: string): string {
  // The package's own directory, from its package.json, whatever its exports map allows.
  const require = createRequire(join(ROOT, 'package.json'));
  let dir = dirname(require.resolve(name));
  while (!readFileSync(join(dir, 'package.json'), 'utf8').includes(`"name": "${name}"`)) dir = dirname(dir);
  return dir;
}

async function sizeRows(): Promise<Row[]> {
  const sized = (size: Size) => `${bytes(size.gzipped)} (${bytes(size.minified)} min)`;
  // The alternatives' own code, measured the same way: what users would ship instead.
  const lru = await ownSize(fileURLToPath(import.meta.resolve('lru-cache')));
  const memo = await ownSize(fileURLToPath(import.meta.resolve('p-memoize')));
  const rows: Row[] = [];
  for (const [subpath, file] of importEntries(join(ROOT, 'package.json'))) {
    const size = await ownSize(join(ROOT, file));
    rows.push({
      compared: `\`model-discovery${subpath === '.' ? '' : subpath.slice(1)}\` minified + gzipped, dependencies excluded ÷ lru-cache the same way`,
      ours: sized(size),
      theirs: `lru-cache ${sized(lru)}; p-memoize ${sized(memo)}`,
      ratio: `${num(size.gzipped / lru.gzipped)}×`,
      goal: 'info',
      runs: 1,
    });
  }
  // What a bundler pulls in at import time for the main entry: no dependency (zod is in /schema, the SDK is loaded on first use).
  const atImport = await ownSize(join(ROOT, 'dist/index.js'), [SDK]);
  const sdk = await ownSize(join(packageDir(SDK), 'index.mjs'));
  rows.push({
    compared: '`model-discovery` with the dependencies it imports eagerly (none since issue 17: zod is in `/schema`), minified + gzipped; the SDK, loaded on first fetch, shown apart',
    ours: sized(atImport),
    theirs: `${SDK} own code ${sized(sdk)}`,
    ratio: '—',
    goal: 'info',
    runs: 1,
  });
  return rows;
}

export async function run(): Promise<Section> {
  return {
    id: 'startup-size',
    title: '7. Start-up and size',
    method:
      `Start-up: whole \`node\` processes spawned from the package root (the package imports itself by name, so the built dist/ is what loads), ` +
      `${ROUNDS} interleaved rounds of every variant after one warm-up round; "+ms" is the time over the empty start of the same round. ` +
      'Lazy loading: a resolve hook in the child records every module URL resolved, read after the import and again after one discovery. ' +
      'Size: each entry of the `exports` map bundled by esbuild with `packages: external`, minified, then gzip level 9. ' +
      'Worker: test/runtimes/app/worker.js bundled by wrangler 4 (`deploy --dry-run`, Node 22) from the `npm pack` tarball, not minified (wrangler\'s default).',
    rows: [...startRows(), probeRow(), ...(await sizeRows()), workerBundleRow()],
    notes: [],
  };
}
