/**
 * The closed set of codes a discovery failure can carry. Every failure the upstream can cause
 * maps to exactly one of these; programmer errors (bad options) are plain `TypeError`s instead.
 */
export const ERROR_CODES = [
  'not_configured',
  'timeout',
  'network_error',
  'unauthorized',
  'http_error',
  'invalid_response',
  'body_too_large',
  'redirect_refused',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The plain form of an error, as it appears in a snapshot and in logs. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** The upstream's HTTP status, for `http_error` and `unauthorized`. */
  status?: number;
  /** The upstream's own error text, clipped and with every secret replaced; `message` stays ours. */
  detail?: string;
}

// A registered symbol rather than `instanceof`: the ESM and CJS builds (and each adapter's CJS
// bundle) carry their own copy of these classes, and a brand survives that.
const brand = Symbol.for('model-discovery.error');

/**
 * Base class of every discovery failure. Messages are scrubbed of secrets by whoever builds the
 * error (see `redact.ts`), and no raw upstream error is kept as `cause`, so nothing secret can be
 * reached through `message`, `stack`, `cause`, `toJSON()` or `util.inspect()`.
 */
export class ModelDiscoveryError extends Error {
  override name = 'ModelDiscoveryError';
  readonly code: ErrorCode;
  readonly status?: number;

  constructor(code: ErrorCode, message: string, options: { status?: number; cause?: ModelDiscoveryError } = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    Object.defineProperty(this, brand, { value: true });
  }

  toJSON(): ErrorInfo & { name: string } {
    return { name: this.name, ...this.toInfo() };
  }

  toInfo(): ErrorInfo {
    return this.status === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, status: this.status };
  }
}

export class NotConfiguredError extends ModelDiscoveryError {
  override name = 'NotConfiguredError';
  constructor(message: string) {
    super('not_configured', message);
  }
}

export class UpstreamTimeoutError extends ModelDiscoveryError {
  override name = 'UpstreamTimeoutError';
  constructor(message: string) {
    super('timeout', message);
  }
}

export class NetworkError extends ModelDiscoveryError {
  override name = 'NetworkError';
  constructor(message: string) {
    super('network_error', message);
  }
}

export class UnauthorizedError extends ModelDiscoveryError {
  override name = 'UnauthorizedError';
  constructor(message: string, status: number) {
    super('unauthorized', message, { status });
  }
}

export class HttpError extends ModelDiscoveryError {
  override name = 'HttpError';
  constructor(message: string, status: number) {
    super('http_error', message, { status });
  }
}

export class InvalidResponseError extends ModelDiscoveryError {
  override name = 'InvalidResponseError';
  constructor(message: string) {
    super('invalid_response', message);
  }
}

export class BodyTooLargeError extends ModelDiscoveryError {
  override name = 'BodyTooLargeError';
  constructor(message: string) {
    super('body_too_large', message);
  }
}

export class RedirectRefusedError extends ModelDiscoveryError {
  override name = 'RedirectRefusedError';
  constructor(message: string) {
    super('redirect_refused', message);
  }
}

/** True for any error of this library, across module copies and realms. */
export function isModelDiscoveryError(value: unknown): value is ModelDiscoveryError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

const CLASSES = {
  not_configured: NotConfiguredError,
  timeout: UpstreamTimeoutError,
  network_error: NetworkError,
  unauthorized: UnauthorizedError,
  http_error: HttpError,
  invalid_response: InvalidResponseError,
  body_too_large: BodyTooLargeError,
  redirect_refused: RedirectRefusedError,
} as const;

/** Builds the error class that belongs to a code: the one table from code to class. */
export function createError(code: ErrorCode, message: string, status?: number): ModelDiscoveryError {
  if (code === 'unauthorized' || code === 'http_error') return new CLASSES[code](message, status ?? 0);
  return new CLASSES[code](message);
}
