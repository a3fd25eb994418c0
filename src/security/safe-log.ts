import type { Redactor } from './redact.js';

type LogMethod = (message: string, ...rest: unknown[]) => void;

/** Console's and pino's shape: any method may be missing. */
export interface Logger {
  debug?: LogMethod;
  info?: LogMethod;
  warn?: LogMethod;
  error?: LogMethod;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Every line goes through the redactor here, so no call site can forget to. */
export type SafeLog = (level: LogLevel, message: string) => void;

export function safeLogger(logger: Logger | undefined, redactor: Redactor): SafeLog {
  if (!logger) return () => {};
  return (level, message) => {
    const method = logger[level];
    if (typeof method !== 'function') return;
    try {
      method.call(logger, `model-discovery: ${redactor.redact(message)}`);
    } catch {
      // A broken logger must not break discovery.
    }
  };
}
