import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  platform: string;
  /** The 1-minute load average when the run started: a busy machine explains noisy spreads. */
  load: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    if (line) return line.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpuModel(),
    memory: `${Math.round(totalmem() / 1024 ** 3)} GiB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load: loadavg()
      .map((value) => value.toFixed(2))
      .join(' / '),
  };
}
