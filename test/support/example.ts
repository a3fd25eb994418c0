import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningExample {
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Starts a file of examples/ in its own Node process, as a user runs it (tsx, the package imported
 * by its public name, so through the build: scripts/test.sh builds first). Resolves once the
 * example prints the URL it listens on; `stop()` sends SIGTERM and waits for the exit.
 */
export function startExample(file: string, env: Record<string, string>, timeoutMs = 15_000): Promise<RunningExample> {
  if (!existsSync(`${root}/dist/index.js`)) throw new Error('dist/ is missing: run "npm run build" (scripts/test.sh does) before the example tests.');
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child: ChildProcess = spawn(process.execPath, ['--import', tsx, `examples/${file}`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`examples/${file} did not print its URL in time. Output:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        url: match[0],
        output: () => output,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`examples/${file} exited with ${code} before listening. Output:\n${output}`));
    });
  });
}
