import { InvalidResponseError } from '../../errors/errors.js';
import type { SourceEndpoint } from '../dialect.js';
import { basicAuthorization, joinURL, requestHeaders } from '../endpoint.js';

/** The base without a trailing `suffix` (`/v1`, `/api/v1`): where a server's other routes hang. */
export function rootOf(baseURL: string, suffix: string): string {
  return baseURL.endsWith(suffix) ? baseURL.slice(0, -suffix.length) : baseURL;
}

/** `{modelsPath}` when the source sets it, else `{root}{path}`, the root being the base without `suffix`. */
export function listURL(endpoint: SourceEndpoint, suffix: string, path: string): string {
  return endpoint.modelsPath !== undefined ? joinURL(endpoint.baseURL, endpoint.modelsPath) : joinURL(rootOf(endpoint.baseURL, suffix), path);
}

/**
 * The source's own headers, then its credential as a Bearer token (the token wins over the key,
 * as in the Anthropic SDK), or the base URL's `user:pass@` as HTTP Basic.
 */
export function bearerHeaders(endpoint: SourceEndpoint): Record<string, string> {
  const token = endpoint.authToken ?? endpoint.apiKey;
  return requestHeaders(endpoint, { accept: 'application/json', authorization: token !== undefined ? `Bearer ${token}` : basicAuthorization(endpoint) });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `__proto__`, `constructor` or an inherited getter is never read as data. */
export function own(object: unknown, key: string): unknown {
  return isRecord(object) ? ownField(object, key) : undefined;
}

/**
 * `own` for a value already known to be a record: a dialect reading many fields of one row checks
 * it once (a 10,000-model list is 150,000 reads).
 */
export function ownField(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A record with no fields, frozen: what a dialect reads a row that is not a record as, so every field comes out undefined. */
export const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

/** A string value, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** True/false when the value is an array of strings (membership known), undefined otherwise. */
export function includes(list: unknown, ...wanted: string[]): boolean | undefined {
  if (!Array.isArray(list)) return undefined;
  // Plain loops: no closure or builtin call per entry (OpenRouter's rows ask three times each,
  // of a list of a dozen).
  for (const entry of list) {
    if (typeof entry !== 'string') continue;
    for (const name of wanted) if (entry === name) return true;
  }
  return false;
}

/**
 * The array under `key` of a page body, or the `invalid_response` error naming what was expected.
 * `null` counts as empty: Ollama and some proxies send it when nothing is installed.
 */
export function arrayAt(body: unknown, key: string, what: string): unknown[] {
  const value = own(body, key);
  if (Array.isArray(value)) return value;
  if (value === null && isRecord(body)) return [];
  throw new InvalidResponseError(
    `The gateway answered, but not with ${what} (expected a JSON object with a "${key}" array). Check that the base URL and the \`dialect\` option match the gateway.`,
  );
}

/**
 * Runs `task` over every item with at most `limit` running at once, in item order, and never
 * rejects: each result is the task's value or the error it threw.
 */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<Array<R | Failure>> {
  const results = new Array<R | Failure>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        results[index] = new Failure(error);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A task's failure inside `mapWithLimit`'s results. */
export class Failure {
  constructor(readonly error: unknown) {}
}
