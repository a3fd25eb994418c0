import type { RefreshEvent } from './events.js';
import { compileFilter, type ModelFilter } from '../model/filter.js';
import type { Logger } from '../security/safe-log.js';
import type { Model } from '../model/schema.js';
import type { Store } from '../fleet/store.js';

/** Options of `new ModelDiscovery(options)`. Every duration is in milliseconds. */
export interface ModelDiscoveryOptions {
  /**
   * The gateway's base URL, with or without a trailing `/v1`. `user:password@` in it is sent as
   * HTTP Basic auth (unless `authToken` is set) and never appears in any output.
   * @default process.env.ANTHROPIC_BASE_URL
   */
  baseURL?: string;
  /**
   * Sent as the `x-api-key` header.
   * @default process.env.ANTHROPIC_API_KEY
   */
  apiKey?: string;
  /**
   * Sent as `Authorization: Bearer <authToken>`.
   * @default process.env.ANTHROPIC_AUTH_TOKEN
   */
  authToken?: string;
  /**
   * How long a successful list is served as fresh. After it, the held list is still served at
   * once (marked `stale`) while one background refresh runs.
   * @default 300_000 (5 minutes)
   */
  ttl?: number;
  /**
   * One deadline over the whole refresh: connect, headers and every byte of every page.
   * @default 5_000
   */
  timeout?: number;
  /**
   * Largest response body accepted, counted after decompression while it streams in.
   * @default 8_388_608 (8 MiB)
   */
  maxBodyBytes?: number;
  /**
   * Most pages followed through `has_more` / `last_id` before the list is rejected.
   * @default 50
   */
  maxPages?: number;
  /**
   * Most models kept; the rest are dropped with a warning.
   * @default 10_000
   */
  maxModels?: number;
  /**
   * Forced refreshes closer together than this share one upstream call, so a client hammering
   * refresh cannot hammer the gateway.
   * @default 1_000
   */
  minRefreshInterval?: number;
  /**
   * After a failed refresh, reads do not ask the upstream again for this long (forced refreshes
   * still do).
   * @default 30_000
   */
  failureBackoff?: number;
  /**
   * Served while discovery has never succeeded: model ids or model objects.
   * @default []
   */
  fallbackModels?: ReadonlyArray<string | Model>;
  /**
   * Keep only the models this accepts, in every snapshot (discovered and fallback alike), e.g.
   * `{ prefix: 'claude-' }` or `{ exclude: ['*embedding*'] }`. The same rules as `filterModels()`.
   * @default every model
   */
  filter?: ModelFilter;
  /**
   * A `fetch` to send requests with (a proxy agent, a test double). Redirects, the deadline and
   * the body cap are enforced around it.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Receives `debug/info/warn/error(message)` calls; console and pino both fit. Every line is
   * scrubbed of secrets before it is passed on.
   * @default no logging
   */
  logger?: Logger;
  /**
   * Called after each upstream refresh with its outcome, error code, duration and model count.
   * @default none
   */
  onRefresh?: (event: RefreshEvent) => void;
  /**
   * Where `ANTHROPIC_*` variables are read from; pass `{}` to ignore the environment.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where several instances share one list: a Keyv instance (`new Keyv(new KeyvRedis(url))`) or
   * any object with Keyv's `get` / `set` / `delete`. Every read consults it (a few bytes), so a
   * refresh on one instance is served by all of them on their next read; a failing store never
   * fails a read. Without it the list lives in this instance's memory only.
   * @default none (in memory, per instance)
   */
  store?: Store;
  /**
   * How long one call to `store` may take before this instance serves its own copy instead and
   * leaves the store alone for a second.
   * @default 500
   */
  storeTimeout?: number;
}

/** The defaults of every bound, in one place. */
export const DEFAULTS = {
  ttl: 300_000,
  timeout: 5_000,
  maxBodyBytes: 8 * 1024 * 1024,
  maxPages: 50,
  maxModels: 10_000,
  minRefreshInterval: 1_000,
  failureBackoff: 30_000,
  storeTimeout: 500,
} as const;

type Numeric = keyof typeof DEFAULTS;

const MAX_TIMER_DELAY = 2_147_483_647;

const KNOWN = new Set<string>([
  'baseURL',
  'apiKey',
  'authToken',
  'fallbackModels',
  'filter',
  'fetch',
  'logger',
  'onRefresh',
  'env',
  'store',
  ...Object.keys(DEFAULTS),
]);

/** Options after validation, with every default filled in. */
export interface ResolvedOptions extends Required<Pick<ModelDiscoveryOptions, Numeric>> {
  baseURL: string | undefined;
  apiKey: string | undefined;
  authToken: string | undefined;
  /** Where the base URL came from, for messages that tell the user what to change. */
  baseURLSource: 'option' | 'ANTHROPIC_BASE_URL' | undefined;
  fallbackModels: ReadonlyArray<string | Model>;
  keep: (model: Model) => boolean;
  fetch: typeof globalThis.fetch | undefined;
  logger: Logger | undefined;
  onRefresh: ((event: RefreshEvent) => void) | undefined;
  store: Store | undefined;
}

function fail(message: string): never {
  throw new TypeError(`model-discovery: ${message}`);
}

function checkNumber(name: string, value: unknown, { min, integer }: { min: number; integer: boolean }): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(`\`${name}\` must be a number, got ${typeof value}.`);
  if (integer && !Number.isInteger(value) && value !== Infinity) fail(`\`${name}\` must be a whole number, got ${value}.`);
  if (value < min) fail(`\`${name}\` must be ${min} or more, got ${value}.`);
  return value;
}

function checkString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`\`${name}\` must be a string, got ${typeof value}.`);
  return value === '' ? undefined : value;
}

function checkFunction<T>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') fail(`\`${name}\` must be a function, got ${typeof value}.`);
  return value as T;
}

function processEnv(): Readonly<Record<string, string | undefined>> {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env ?? {};
}

/** Checks every option eagerly so a mistake fails at construction, not on the first request. */
export function resolveOptions(options: ModelDiscoveryOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object.');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(`unknown option \`${key}\`. Known options: ${[...KNOWN].join(', ')}.`);
  }
  if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null)) {
    fail('`env` must be an object of strings.');
  }
  const env = options.env ?? processEnv();

  const optionBaseURL = checkString('baseURL', options.baseURL);
  const envBaseURL = optionBaseURL === undefined ? env.ANTHROPIC_BASE_URL || undefined : undefined;
  if (optionBaseURL !== undefined) checkBaseURL(optionBaseURL);

  const numbers = {} as Record<Numeric, number>;
  for (const name of Object.keys(DEFAULTS) as Numeric[]) {
    const value = options[name];
    const integer = name === 'maxBodyBytes' || name === 'maxPages' || name === 'maxModels';
    numbers[name] = value === undefined ? DEFAULTS[name] : checkNumber(name, value, { min: integer ? 1 : 0, integer });
  }
  if (numbers.timeout === 0) fail('`timeout` must be more than 0.');
  // setTimeout fires at once for delays past 2^31-1 ms, which would turn "no limit" into "no time".
  if (numbers.timeout > MAX_TIMER_DELAY) fail(`\`timeout\` must be at most ${MAX_TIMER_DELAY} ms (about 24.8 days).`);
  if (numbers.storeTimeout === 0) fail('`storeTimeout` must be more than 0.');
  if (numbers.storeTimeout > MAX_TIMER_DELAY) fail(`\`storeTimeout\` must be at most ${MAX_TIMER_DELAY} ms (about 24.8 days).`);

  const fallbackModels = options.fallbackModels ?? [];
  if (!Array.isArray(fallbackModels)) fail('`fallbackModels` must be an array of model ids or model objects.');
  for (const entry of fallbackModels) {
    const id = typeof entry === 'string' ? entry : (entry as Model | null)?.id;
    if (typeof id !== 'string' || id === '') fail('every entry of `fallbackModels` must be a model id or an object with an `id` string.');
  }

  const logger = options.logger;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    fail('`logger` must be an object with debug/info/warn/error methods, such as console or a pino logger.');
  }

  return {
    ...numbers,
    baseURL: optionBaseURL ?? envBaseURL,
    baseURLSource: optionBaseURL !== undefined ? 'option' : envBaseURL !== undefined ? 'ANTHROPIC_BASE_URL' : undefined,
    apiKey: checkString('apiKey', options.apiKey) ?? (env.ANTHROPIC_API_KEY || undefined),
    authToken: checkString('authToken', options.authToken) ?? (env.ANTHROPIC_AUTH_TOKEN || undefined),
    fallbackModels,
    keep: compileFilter(options.filter),
    fetch: checkFunction('fetch', options.fetch),
    logger,
    onRefresh: checkFunction('onRefresh', options.onRefresh),
    store: checkStore(options.store),
  };
}

function checkStore(store: unknown): Store | undefined {
  if (store === undefined) return undefined;
  const candidate = store as Partial<Record<'get' | 'set', unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.get !== 'function' || typeof candidate.set !== 'function') {
    fail('`store` must be a Keyv instance or an object with Keyv\'s get/set/delete methods.');
  }
  return store as Store;
}

/** A base URL given in code must be a valid http(s) URL; the message never echoes credentials. */
function checkBaseURL(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('`baseURL` is not a valid URL. Expected something like "http://localhost:4000".');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`\`baseURL\` must use http or https, got "${url.protocol}".`);
  }
  if (url.search || url.hash) fail('`baseURL` must not contain a query string or a fragment.');
}
