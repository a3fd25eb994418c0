import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What docs/typescript.md states, checked from a consumer project: the built package copied into
// its node_modules (a copy, not a link, so nothing resolves through this repository's own
// node_modules), every other dependency linked in, and `tsc --strict` run under each
// moduleResolution.

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let project: string;

const CONSUMER = `
import express from 'express';
import { ModelDiscovery } from 'model-discovery';
import { modelRoutes } from 'model-discovery/express';
import { modelRoutes as fastifyRoutes } from 'model-discovery/fastify';
import { modelRoutes as honoRoutes } from 'model-discovery/hono';
import { snapshotSchema } from 'model-discovery/schema';
import type { Snapshot } from 'model-discovery';

const discovery = new ModelDiscovery({ env: {} });
// The schema subpath's inferred type and the main entry's type are one and the same.
export const check = (value: unknown): Snapshot => snapshotSchema.parse(value);
const app = express();
app.use(modelRoutes(discovery, { authorize: (request) => request.native?.get('x-admin-token') === 'secret' }));
export const used = [fastifyRoutes, honoRoutes(discovery)];
`;

const projects: string[] = [];

/** A consumer project; `without` names @types packages left out of its node_modules. */
function consumerProject(without: string[] = [], type: 'module' | 'commonjs' = 'module'): string {
  const dir = mkdtempSync(join(tmpdir(), 'md-ts-consumer-'));
  projects.push(dir);
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@types'), { recursive: true });
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === '@types' || name.startsWith('.')) continue;
    symlinkSync(join(root, 'node_modules', name), join(modules, name));
  }
  for (const name of readdirSync(join(root, 'node_modules/@types'))) {
    if (!without.includes(name)) symlinkSync(join(root, 'node_modules/@types', name), join(modules, '@types', name));
  }
  const pkg = join(modules, 'model-discovery');
  mkdirSync(pkg);
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  writeFileSync(join(dir, 'index.ts'), CONSUMER);
  return dir;
}

beforeAll(() => {
  project = consumerProject();
});

afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** tsc's diagnostics for the consumer, one per line, without the hint lines; '' when it compiles. */
async function tsc(options: { module: string; moduleResolution: string }, cwd = project): Promise<string> {
  // skipLibCheck, as most projects set it: the resolution errors these look for are in the consumer's own file.
  const args = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--esModuleInterop', '--types', 'node', '--module', options.module, '--moduleResolution', options.moduleResolution];
  if (options.moduleResolution === 'node10') args.push('--ignoreDeprecations', '5.0');
  return run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), ...args, 'index.ts'], { cwd }).then(
    () => '',
    (error: { stdout?: string }) => (error.stdout ?? String(error)).split('\n').filter((line) => /error TS/.test(line)).join('\n'),
  );
}

describe.concurrent('a TypeScript project using the package (docs/typescript.md)', () => {
  it.each([
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
    ['bundler', 'esnext'],
  ])('compiles under --strict with moduleResolution %s, subpaths included', async (moduleResolution, module) => {
    expect(await tsc({ module, moduleResolution })).toBe('');
  }, 120_000);

  it('compiles as CommonJS (a package without "type": "module") under node16, through the .d.cts types', async () => {
    expect(await tsc({ module: 'node16', moduleResolution: 'node16' }, consumerProject([], 'commonjs'))).toBe('');
  }, 120_000);

  it('cannot resolve the subpaths under the old node (node10) resolution: TS2307, as the docs say', async () => {
    const errors = await tsc({ module: 'commonjs', moduleResolution: 'node10' });
    expect(errors).toMatch(/'model-discovery\/express'.*TS2307|TS2307.*'model-discovery\/express'/);
    expect(errors).toMatch(/TS2307.*'model-discovery\/hono'/);
    expect(errors).not.toMatch(/'model-discovery'[^/]/);
  }, 120_000);

  it('needs @types/express for Express: without it, importing express fails with TS7016 under --strict', async () => {
    expect(await tsc({ module: 'node16', moduleResolution: 'node16' }, consumerProject(['express']))).toMatch(/TS7016.*'express'/);
  }, 120_000);
});
