import { inspect } from 'node:util';

import type { Logger } from '../../src/index.js';

/** A logger that keeps every line, for searching. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...rest: unknown[]) => {
    lines.push(`${level} ${[message, ...rest].map((part) => (typeof part === 'string' ? part : inspect(part))).join(' ')}`);
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/**
 * Every way an error can be shown: message, stack, the whole cause chain, `String()`,
 * `JSON.stringify()` and `util.inspect()` with hidden properties.
 */
export function everyRenderingOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current; depth += 1) {
    const e = current as Error;
    parts.push(String(e), String(e.message), String(e.stack), JSON.stringify(e), inspect(e, { showHidden: true, depth: 10 }));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}
