import type { Summary } from './stats.js';

/** Three significant digits, thousands grouped: enough to compare, few enough to read. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(2);
}

export function withUnit(value: number, unit: string): string {
  return unit ? `${num(value)} ${unit}` : num(value);
}

/** `median (min–max)`: the spread is the whole range of the runs, not a confidence interval. */
export function spread(summary: Summary, unit = ''): string {
  return `${withUnit(summary.median, unit)} (${num(summary.min)}–${num(summary.max)})`;
}

export function ratio(summary: Summary): string {
  return `${num(summary.median)}× (${num(summary.min)}–${num(summary.max)})`;
}

export function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${value} B`;
}
