import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningProgram {
  /** Where the program's HTTP server listens. */
  url: string;
  /** Everything the program wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a program that prints `listening on <url>` once it serves, and resolves with that URL.
 * It runs in a process group of its own, so stopping it also ends whatever it started (workerd
 * under miniflare) and nothing outlives the test.
 */
export function startProgram(command: string, args: string[], options: { cwd: string; env: Record<string, string>; startupMs?: number }): Promise<RunningProgram> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const program: RunningProgram = { url: '', output: () => output, stop: () => stopGroup(child) };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stopGroup(child);
      reject(new Error(`${command} ${args.join(' ')} ${why}. Its output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${options.startupMs ?? 60_000} ms`), options.startupMs ?? 60_000);
    child.on('error', (error) => fail(`could not be started (${error.message})`));
    child.on('exit', (code, signal) => {
      if (!program.url) fail(`exited before listening (code ${code}, signal ${signal})`);
    });
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match || program.url) return;
      program.url = match[1]!;
      clearTimeout(timer);
      resolve(program);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
