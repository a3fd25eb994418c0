import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { ENV_CUSTOM_HEADERS } from './fake-gateway.js';
import { startProgram, type RunningProgram } from './processes.js';

/** Where scripts/runtimes.sh installed Bun, Deno and wrangler. */
export const RUNTIMES = process.env.MODEL_DISCOVERY_RUNTIMES ?? join(homedir(), '.cache', 'model-discovery', 'runtimes');
const bin = (name: string) => join(RUNTIMES, 'node_modules', '.bin', name);

/** The Worker's configured date (bundling does not depend on it; each run picks its own). */
const COMPATIBILITY_DATE = '2026-11-01';

export interface ProgramConfig {
  upstream: string;
  refusedPort: number;
  canary: string;
}

/**
 * What every program's environment holds: nothing secret, and a variable the SDK would turn
 * into a request header if anything read the environment (the programs pass `env: {}`).
 */
function environment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ANTHROPIC_CUSTOM_HEADERS: ENV_CUSTOM_HEADERS, ...extra };
}

const args = (config: ProgramConfig) => [config.upstream, String(config.refusedPort), config.canary];

export function startBun(project: string, config: ProgramConfig): Promise<RunningProgram> {
  return startProgram(bin('bun'), ['--no-install', 'app/bun.js', ...args(config)], {
    cwd: project,
    env: environment({ DO_NOT_TRACK: '1' }),
  });
}

/** Deno with network access only: no --allow-env, --allow-read or anything else, and no prompt. */
const DENO_RUN = ['run', '--allow-net', '--no-prompt', '--no-lock'];
const denoEnvironment = () => environment({ DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' });

export function startDeno(project: string, config: ProgramConfig): Promise<RunningProgram> {
  return startProgram(bin('deno'), [...DENO_RUN, 'app/deno.js', ...args(config)], { cwd: project, env: denoEnvironment() });
}

/** Runs a Deno script to its end, with network access only. */
export function runDeno(project: string, script: string, scriptArgs: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin('deno'), [...DENO_RUN, script, ...scriptArgs], { cwd: project, env: denoEnvironment(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

export interface WorkerBundle {
  path: string;
  bytes: number;
  gzipBytes: number;
  /** Bytes of the bundle by npm package (`(app)` for the Worker's own files), largest first. */
  packages: [string, number][];
}

/**
 * What `wrangler deploy` would upload, built locally with `--dry-run`: no account, no network, no
 * telemetry. Wrangler 4 needs Node 22, fetched from the npm registry.
 */
export function bundleWorker(project: string, main = 'app/worker.js'): WorkerBundle {
  const name = main.replace(/\.[jt]s$/, '').replace(/[^A-Za-z0-9]+/g, '-');
  // A directory per bundle: wrangler keeps its scratch files (.wrangler/) beside its config, and
  // two bundles built at once (one per test file) must not share them.
  const dir = join(project, 'bundles', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'wrangler.jsonc'), JSON.stringify({ name: `model-discovery-${name}`, main: join('..', '..', main), compatibility_date: COMPATIBILITY_DATE }));
  const wrangler = join(RUNTIMES, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  execFileSync(node22(), [wrangler, 'deploy', '--dry-run', '--outdir', 'dist', '--metafile', 'dist/meta.json'], {
    cwd: dir,
    env: wranglerEnvironment(),
    stdio: 'pipe',
  });
  const path = join(dir, 'dist', basename(main).replace(/\.ts$/, '.js'));
  const code = readFileSync(path);
  const meta = JSON.parse(readFileSync(join(dir, 'dist', 'meta.json'), 'utf8')) as Metafile;
  return { path, bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength, packages: byPackage(meta) };
}

interface Metafile {
  outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
}

function byPackage(meta: Metafile): [string, number][] {
  const sizes = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs ?? {})) {
      // The library's files appear under their source paths (esbuild follows dist/'s source maps).
      const inPackage = input.includes('node_modules/') ? input.slice(input.lastIndexOf('node_modules/') + 'node_modules/'.length) : undefined;
      const parts = inPackage?.split('/') ?? [];
      const name = inPackage === undefined ? (input.startsWith('app/') ? '(app)' : 'model-discovery') : parts.slice(0, parts[0]!.startsWith('@') ? 2 : 1).join('/');
      sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...sizes].sort((a, b) => b[1] - a[1]);
}

/** The runtime suite's Worker (app/worker.js), configured through its bindings. */
export function startWorkerd(project: string, bundle: WorkerBundle, config: ProgramConfig, compatibilityDate: string): Promise<RunningProgram> {
  return startWorker(project, bundle, { UPSTREAM: config.upstream, REFUSED_PORT: String(config.refusedPort), CANARY: config.canary }, compatibilityDate);
}

/** Any bundled Worker in workerd (miniflare), with these vars as its bindings. */
export function startWorker(project: string, bundle: WorkerBundle, vars: Record<string, string>, compatibilityDate = COMPATIBILITY_DATE): Promise<RunningProgram> {
  const host = fileURLToPath(new URL('workerd-host.mjs', import.meta.url));
  return startProgram(node22(), [host, RUNTIMES, bundle.path, compatibilityDate, JSON.stringify(vars)], {
    cwd: project,
    env: wranglerEnvironment(),
  });
}

function wranglerEnvironment(): Record<string, string> {
  return environment({
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    CLOUDFLARE_API_TOKEN: '',
    CI: 'true',
    NO_COLOR: '1',
  });
}

let node22Path: string | undefined;
/** Node 22 from the npm registry (scripts/runtimes.sh fetched it into npx's cache). */
function node22(): string {
  node22Path ??= execFileSync('npx', ['-y', '-p', 'node@22', 'node', '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
  return node22Path;
}
