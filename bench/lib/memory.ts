import { readFileSync, writeFileSync } from 'node:fs';

function statusKiB(field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak resident memory while `work` runs, above the resident memory just before it, in bytes.
 * On Linux the kernel's high-water mark is reset first (`clear_refs` 5), so earlier peaks (module
 * loading, building the fixture) cannot hide this one; elsewhere the process-wide maximum is used,
 * which can only under-report.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench: memory figures need `node --expose-gc`.');
  gc();
  gc();
}

/** Heap in use once garbage is collected: what the objects still referenced really occupy. */
export function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export async function peakRssDuring(work: () => Promise<unknown>): Promise<{ peak: number; exact: boolean }> {
  collectGarbage();
  let exact = true;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    exact = false;
  }
  const before = process.memoryUsage.rss();
  await work();
  const highWater = exact ? (statusKiB('VmHWM') ?? 0) * 1024 : process.resourceUsage().maxRSS * 1024;
  return { peak: Math.max(0, highWater - before), exact: exact && highWater > 0 };
}
