import { Bench } from 'tinybench';

import { ratio, spread } from './format.js';
import { pairedRatios, summarize } from './stats.js';
import type { Row } from './table.js';

/**
 * Runs `tasks` with tinybench for `rounds` rounds of `timeMs` each, rotating their order every
 * round so that warm-up, GC debt and turbo clocks favour none of them, and returns each task's
 * operations per second per round (a sample of `batch` operations counts as `batch`), so that
 * ratios can be taken round by round.
 */
export async function opsPerSecondByRound(tasks: ReadonlyArray<readonly [string, () => unknown]>, rounds: number, timeMs: number, batch: number): Promise<Map<string, number[]>> {
  const opsPerSecond = new Map<string, number[]>(tasks.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs), throws: true });
    const rotated = [...tasks.slice(round % tasks.length), ...tasks.slice(0, round % tasks.length)];
    for (const [name, fn] of rotated) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { state: string; throughput?: { mean: number } };
      if (result.state !== 'completed' || !result.throughput) throw new Error(`bench: task ${task.name} did not complete (${result.state}).`);
      opsPerSecond.get(task.name)?.push(result.throughput.mean * batch);
    }
  }
  return opsPerSecond;
}

/** A row comparing two tasks' operations per second, the ratio taken round by round (> 1: `ours` is faster). */
export function opsRatioRow(compared: string, ours: readonly number[], theirs: readonly number[], goal: string): Row {
  return {
    compared,
    ours: spread(summarize(ours), 'ops/s'),
    theirs: spread(summarize(theirs), 'ops/s'),
    ratio: ratio(summarize(pairedRatios(ours, theirs))),
    goal,
    runs: ours.length,
  };
}
