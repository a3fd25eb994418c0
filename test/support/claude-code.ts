import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { startLocalServer } from './local-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What Claude Code keeps after asking a gateway for its models: `$HOME/.claude/cache/gateway-models.json`
 * (`<config dir>/cache/gateway-models.json`, written with mode 0600). Read from the CLI itself
 * (2.1.332): one object, compact JSON, for one base URL at a time; the models are those of the
 * first page whose id matches /(claude|anthropic)/i, each reduced to the fields below.
 */
export interface GatewayModelsCache {
  /** ANTHROPIC_BASE_URL exactly as it was set: a list cached for another spelling is not shown. */
  baseUrl: string;
  /** Unix milliseconds. */
  fetchedAt: number;
  models: Array<{ id: string; display_name?: string; description?: string | null }>;
}

export interface ClaudeCodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The cache file after the run, or undefined when Claude Code wrote none. */
  cache: GatewayModelsCache | undefined;
}

export interface RunOptions {
  /** ANTHROPIC_BASE_URL. */
  baseURL: string;
  /** The fresh HOME of this run (see `freshHome`). */
  home: string;
  /** Sent as ANTHROPIC_API_KEY: a canary, so any output that echoes it can be caught. */
  apiKey: string;
  /** The egress trap every run's proxy variables point at. */
  trap: EgressTrap;
  /** `--model <id>`: the non-interactive way of picking a model from the `/model` list. */
  model?: string;
  /** @default 60_000 */
  timeoutMs?: number;
}

let binary: Promise<string> | undefined;

/**
 * The `claude` binary, installed by scripts/claude-code.sh into a cache outside node_modules when
 * it is not there yet (scripts/test.sh runs the script first, so here it only prints the path).
 */
export function claudeCodeBinary(): Promise<string> {
  binary ??= promisify(execFile)('bash', [join(root, 'scripts/claude-code.sh'), '--path'], { cwd: root, timeout: 300_000 }).then(({ stdout }) => {
    const path = stdout.trim().split('\n').at(-1);
    if (!path) throw new Error('scripts/claude-code.sh printed no path for the Claude Code binary.');
    return path;
  });
  return binary;
}

/** A new, empty HOME: nothing of the machine's own Claude Code set-up can leak into a run. */
export function freshHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'md-claude-home-'));
}

export function removeHome(home: string): Promise<void> {
  return rm(home, { recursive: true, force: true });
}

export function gatewayCachePath(home: string): string {
  return join(home, '.claude', 'cache', 'gateway-models.json');
}

export async function readGatewayCache(home: string): Promise<GatewayModelsCache | undefined> {
  let text: string;
  try {
    text = await readFile(gatewayCachePath(home), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as GatewayModelsCache;
  } catch {
    // Caught between the file's creation and the end of its write.
    return undefined;
  }
}

/**
 * Resolves once Claude Code has written its cache in `home`, or after `withinMs` without one.
 *
 * Why this exists: `claude -p` exits as soon as its answer is printed, and its model discovery
 * runs beside the answer without being awaited, so a fast `/v1/messages` ends the process before
 * a slower model list lands. The fake `/v1/messages` therefore answers only after the cache is
 * written (or Claude Code's own 3 s deadline has long passed), which makes every case
 * deterministic without any sleep in the test.
 */
export async function untilGatewayCache(home: string, withinMs = 8_000): Promise<GatewayModelsCache | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const cache = await readGatewayCache(home);
    if (cache || Date.now() > deadline) return cache;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The variables that keep Claude Code off the network, found by running 2.1.332 under
 * `strace -f -e trace=connect` in a network namespace with only loopback: with them it opens
 * exactly two connections, both to ANTHROPIC_BASE_URL (GET /v1/models?limit=1000 and
 * POST /v1/messages?beta=true). Without CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC it resolves
 * and contacts api.anthropic.com; the others are kept as documented belt and braces.
 */
export const OFFLINE_ENV = {
  DISABLE_TELEMETRY: '1',
  DISABLE_AUTOUPDATER: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
} as const;

/**
 * Runs `claude -p hi` once, as a new user would with a gateway: fresh HOME (also its working
 * directory, so no project file of this repo is read), gateway model discovery on, the base URL
 * and a dummy key, and no other variable of this process. Every proxy variable points at the
 * egress trap, so a request for anything but 127.0.0.1 is recorded there instead of leaving.
 */
export async function runClaudeCode(options: RunOptions): Promise<ClaudeCodeRun> {
  const bin = await claudeCodeBinary();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.home,
    ANTHROPIC_BASE_URL: options.baseURL,
    ANTHROPIC_API_KEY: options.apiKey,
    CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY: '1',
    ...OFFLINE_ENV,
    HTTPS_PROXY: options.trap.url,
    HTTP_PROXY: options.trap.url,
    https_proxy: options.trap.url,
    http_proxy: options.trap.url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  const args = ['-p', 'hi', ...(options.model === undefined ? [] : ['--model', options.model])];
  const child = spawn(bin, args, { cwd: options.home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  return { code, stdout, stderr, cache: await readGatewayCache(options.home) };
}

export interface EgressTrap {
  url: string;
  /** Every request that tried to leave through the proxy: `CONNECT host:port` or `METHOD url`. */
  attempts: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that forwards nothing: it records each attempt and refuses it.
 * Claude Code's HTTP client honours HTTPS_PROXY, so with the proxy variables pointing here a call
 * to api.anthropic.com (or anywhere but 127.0.0.1) shows up in `attempts`.
 */
export async function startEgressTrap(): Promise<EgressTrap> {
  const attempts: string[] = [];
  const local = await startLocalServer((req, res) => {
    attempts.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  local.server.on('connect', (req, socket: Socket) => {
    attempts.push(`CONNECT ${req.url}`);
    socket.on('error', () => {});
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  return { url: local.url, attempts, close: local.close };
}
