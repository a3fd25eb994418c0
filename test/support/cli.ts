import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CANARY_KEY, CANARY_PASSWORD, CANARY_TOKEN } from './upstream.js';

/** The built binary, as `npx model-discovery` runs it. scripts/test.sh builds it first. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI in a child process with exactly the environment given (plus PATH), so no
 * ANTHROPIC_* variable of the machine running the tests leaks in.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (scripts/test.sh does) before these tests.`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The canaries, raw and in the encodings a gateway might echo them in. */
export function secretsIn(text: string): string[] {
  const canaries = [CANARY_KEY, CANARY_TOKEN, CANARY_PASSWORD];
  const forms = canaries.flatMap((secret) => [secret, encodeURIComponent(secret), btoa(secret)]);
  return forms.filter((form) => text.includes(form));
}

/**
 * Runs the built CLI under `script(1)`, which gives it a pseudo-terminal, to see what a person at
 * a terminal sees. stdout and stderr arrive merged, as on a screen.
 */
export function runInTerminal(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
