import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

import type { Snapshot } from '../../src/index.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/fleet-instance.ts', import.meta.url));

/** One service instance in its own process (test/fixtures/fleet-instance.ts). */
export interface Member {
  get(): Promise<Snapshot>;
  refresh(): Promise<Snapshot>;
  /** Reads the second service of the process: another key, a TTL of one second. */
  getShort(): Promise<Snapshot>;
  /** Reads the third service of the process: two sources on the same gateway, in two dialects. */
  getMulti(): Promise<Snapshot>;
  refreshMulti(): Promise<Snapshot>;
  logs(): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts a process running one ModelDiscovery with a Keyv Redis store; resolves once it is ready. */
export async function startMember(env: Record<string, string>): Promise<Member> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { id: number; ok: boolean; result?: unknown; error?: string };
    if (message.id === 0) return ready();
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(message.error));
  });
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`fleet member exited with ${code}`));
  });
  const ask = <T>(cmd: string) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.stdin!.write(`${JSON.stringify({ id, cmd })}\n`);
    });
  await started;
  return {
    get: () => ask<Snapshot>('get'),
    refresh: () => ask<Snapshot>('refresh'),
    getShort: () => ask<Snapshot>('get-short'),
    getMulti: () => ask<Snapshot>('get-multi'),
    refreshMulti: () => ask<Snapshot>('refresh-multi'),
    logs: () => ask<string[]>('logs'),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.stdin!.end();
      // Disconnecting from a Redis that is down can hang; a member that does not leave is killed.
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
