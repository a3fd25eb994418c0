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
  /**
   * The upstream's own error text (`error.message`, `message`, `detail` or a plain-text body),
   * at most 300 characters, with every configured secret and anything shaped like a key
   * replaced. Absent when the upstream said nothing usable. `message` stays this library's advice.
   */
  detail?: string;
}

/** What an error may carry besides its code and message. */
export interface DiscoveryErrorOptions {
  status?: number;
  detail?: string;
  cause?: ModelDiscoveryError;
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
  /** The upstream's own words, already scrubbed (see `ErrorInfo.detail`). */
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, options: DiscoveryErrorOptions = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined);
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.detail !== undefined) this.detail = options.detail;
    Object.defineProperty(this, brand, { value: true });
  }

  toJSON(): ErrorInfo & { name: string } {
    return { name: this.name, ...this.toInfo() };
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.detail !== undefined) info.detail = this.detail;
    return info;
  }
}

export class NotConfiguredError extends ModelDiscoveryError {
  override name = 'NotConfiguredError';
  constructor(message: string, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('not_configured', message, options);
  }
}

export class UpstreamTimeoutError extends ModelDiscoveryError {
  override name = 'UpstreamTimeoutError';
  constructor(message: string, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('timeout', message, options);
  }
}

export class NetworkError extends ModelDiscoveryError {
  override name = 'NetworkError';
  constructor(message: string, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('network_error', message, options);
  }
}

export class UnauthorizedError extends ModelDiscoveryError {
  override name = 'UnauthorizedError';
  constructor(message: string, status: number, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('unauthorized', message, { ...options, status });
  }
}

export class HttpError extends ModelDiscoveryError {
  override name = 'HttpError';
  constructor(message: string, status: number, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('http_error', message, { ...options, status });
  }
}

export class InvalidResponseError extends ModelDiscoveryError {
  override name = 'InvalidResponseError';
  constructor(message: string, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('invalid_response', message, options);
  }
}

export class BodyTooLargeError extends ModelDiscoveryError {
  override name = 'BodyTooLargeError';
  constructor(message: string, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('body_too_large', message, options);
  }
}

export class RedirectRefusedError extends ModelDiscoveryError {
  override name = 'RedirectRefusedError';
  constructor(message: string, options: Omit<DiscoveryErrorOptions, 'status'> = {}) {
    super('redirect_refused', message, options);
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
export function createError(code: ErrorCode, message: string, options: Omit<DiscoveryErrorOptions, 'cause'> = {}): ModelDiscoveryError {
  const rest = options.detail === undefined ? {} : { detail: options.detail };
  if (code === 'unauthorized' || code === 'http_error') return new CLASSES[code](message, options.status ?? 0, rest);
  return new CLASSES[code](message, rest);
}
