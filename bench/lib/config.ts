/**
 * Full runs are what results.md reports; quick runs (`BENCH_QUICK=1` or `--quick`) shrink every
 * duration and count so the harness itself can be checked in seconds. Quick numbers are noise.
 */
export const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');

/** Picks the full or the quick value of a setting. */
export function scale<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
