import { spawnSync } from 'node:child_process';

import { ROOT } from './library.js';

/** Wall time of one whole `node` process, start to exit, in ms. Throws if the process fails. */
export function timeNode(args: readonly string[]): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ANTHROPIC_BASE_URL: '' } });
  const elapsed = performance.now() - started;
  if (child.status !== 0) throw new Error(`bench: node ${args.join(' ')} failed: ${child.stderr.toString()}`);
  return elapsed;
}

/** Runs every variant once per round, rounds interleaved, so machine drift hits all alike. */
export function interleaved<K extends string>(variants: Record<K, readonly string[]>, rounds: number): Record<K, number[]> {
  const names = Object.keys(variants) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (const name of names) timeNode(variants[name]); // warm the file cache
  for (let round = 0; round < rounds; round += 1) {
    for (const name of names) times[name].push(timeNode(variants[name]));
  }
  return times;
}
