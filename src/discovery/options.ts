import type { ReadStatus, RefreshEvent } from './events.js';
import { compileFilter, KEEP_ALL, type ModelFilter } from '../model/filter.js';
import type { Logger } from '../security/safe-log.js';
import type { Model } from '../model/schema.js';
import type { Store } from '../fleet/store.js';
import { checkOverrides, type MetadataOverrides } from '../model/precedence.js';
import type { CatalogOption } from './catalog-source.js';
import { describeBaseURLProblem, parseBaseURL } from '../security/base-url.js';
import { hasControlCharacters } from '../security/text.js';
import type { EndpointConfig } from '../upstream/endpoint.js';
import { DIALECTS, isDialectName, type DialectName } from '../upstream/dialects/index.js';
import { MAX_TIMER_DELAY } from '../upstream/deadline.js';

/**
 * What describes one upstream: per source in `sources`, or at the top level for the one source
 * named `default` (where each falls back to the environment, read through `env`).
 */
export interface UpstreamOptions {
  /**
   * The upstream's base URL, with or without a trailing `/v1`. `user:password@` in it is sent as
   * HTTP Basic auth (unless `authToken` is set) and never appears in any output. Without one the
   * source is `not_configured` and makes no network call.
   * @default top level: env.ANTHROPIC_BASE_URL; in `sources`: none
   */
  baseURL?: string;
  /**
   * Sent as `x-api-key` (`anthropic` dialect) or as a Bearer token (`openai`). At the top level,
   * `apiKey` and `authToken` replace the environment's as a set: given either, neither
   * `ANTHROPIC_API_KEY` nor `ANTHROPIC_AUTH_TOKEN` is read.
   * @default top level: env.ANTHROPIC_API_KEY; in `sources`: none
   */
  apiKey?: string;
  /**
   * Sent as `Authorization: Bearer <authToken>`.
   * @default top level: env.ANTHROPIC_AUTH_TOKEN; in `sources`: none
   */
  authToken?: string;
  /**
   * Extra request headers, e.g. `{ 'x-portkey-provider': 'anthropic' }`. Every value counts as a
   * secret: it never appears in an error, a log line or a snapshot. At the top level, given, it
   * replaces `ANTHROPIC_CUSTOM_HEADERS`.
   * @default top level: env.ANTHROPIC_CUSTOM_HEADERS (newline-separated `Name: value` lines, as Claude Code reads them); in `sources`: {}
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * How the upstream lists its models: `'anthropic'` (`GET /v1/models`, `x-api-key`, paged) or
   * `'openai'` (`GET {base}/models` for a base ending in `/v1`, else `{base}/v1/models`; Bearer).
   * @default 'anthropic'
   */
  dialect?: DialectName;
  /**
   * Replaces the dialect's path to the list, e.g. `'/openai/models'`: the request goes to
   * `{baseURL}{modelsPath}`.
   * @default the dialect's path
   */
  modelsPath?: string;
}

/** One upstream of a `ModelDiscovery` that merges several (the `sources` option). */
export interface SourceOptions extends UpstreamOptions {
  /** Unique among the sources, `[A-Za-z0-9_.-]{1,64}`; every model of this source carries it as `source`. */
  name: string;
  /**
   * Prepended to every id of this source, e.g. `'ollama/'`: an id another source lists too is
   * then kept twice instead of dropped as a duplicate.
   * @default ''
   */
  idPrefix?: string;
  /** This source's deadline over its whole refresh; a cold read waits for it at most this long. @default the top-level `timeout` */
  timeout?: number;
  /** Most models kept from this source. @default the top-level `maxModels` */
  maxModels?: number;
  /** Keep only the models this accepts, matched against this source's own ids (before `idPrefix`). @default every model */
  filter?: ModelFilter;
  /**
   * Whether `forCredentials()` sends the tenant's `apiKey` / `authToken` to this source instead of
   * its own. A source without it keeps its own credentials in every tenant view, so a tenant's key
   * only ever reaches the upstreams named for it (the one source made of the top-level options
   * always takes it).
   * @default false
   */
  perTenant?: boolean;
}

/**
 * A platform's way to keep work alive after a request's response: `ctx.waitUntil` on Cloudflare
 * Workers (bound to `ctx`), `waitUntil` of `cloudflare:workers` or `@vercel/functions`.
 */
export type WaitUntil = (promise: Promise<unknown>) => void;

/** Options of `new ModelDiscovery(options)`. Every duration is in milliseconds. */
export interface ModelDiscoveryOptions extends UpstreamOptions {
  /**
   * Several upstreams, merged in this order. Each keeps its own list, TTL, single flight, backoff
   * and shared-store key, so one dead or slow source never blanks, stalls or stales the others.
   * Without it, the top-level `baseURL` / `apiKey` / `authToken` / `headers` / `dialect` /
   * `modelsPath` (or the environment) make one source named `default`.
   * @default one source named `default`
   */
  sources?: readonly SourceOptions[];
  /**
   * How long a successful list is served as fresh. After it, the held list is still served at
   * once (marked `stale`) while one background refresh runs.
   * @default 300_000 (5 minutes)
   */
  ttl?: number;
  /**
   * How late the end of a `ttl` may be noticed: a warm read reads the clock at most once per this
   * many milliseconds, as lru-cache's `ttlResolution`. Never early; later only while the event loop
   * is blocked (a timer drops the reading). `0` reads the clock on every call.
   * @default 1
   */
  ttlResolution?: number;
  /**
   * One deadline over the whole refresh: connect, headers and every byte of every page. A cold
   * read waits for each source at most its `timeout`.
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
   * Most models kept per source; the rest are dropped with a warning.
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
   * After a failed refresh, reads do not ask that upstream again for this long (forced refreshes
   * still do).
   * @default 30_000
   */
  failureBackoff?: number;
  /**
   * Refreshes every source in the background about this often (each period jittered by ±10%), so
   * reads never find a list past its TTL; usually a little less than `ttl`. The timer is unref'd
   * (it never keeps a process alive) and with a `store` goes through the fleet's lease: the fleet
   * makes one upstream call per period, not one per instance. `close()` stops it.
   * @default off (lists are refreshed by the reads that find them past their TTL)
   */
  refreshInterval?: number;
  /**
   * Served while no source has ever listed its models: model ids or model objects.
   * @default []
   */
  fallbackModels?: ReadonlyArray<string | Model>;
  /**
   * The operator's own metadata per served model id, which wins over the upstream's and the
   * catalog's, field by field: `{ 'local-qwen': { context_window: 32768, pricing: { input: 0, output: 0 } } }`.
   * Checked at construction (a wrong value is a `TypeError`).
   * @default {}
   */
  overrides?: MetadataOverrides;
  /**
   * A models.dev-shaped document that fills metadata the upstreams leave out: `{ url }` (e.g.
   * `'https://models.dev/api.json'`), fetched through the same bounded transport without any
   * source's credentials and kept `catalogTtl` (shared through `store`), or `{ data }` given in
   * process (a snapshot for hosts without internet access). A catalog that fails never affects the list.
   * @default none
   */
  catalog?: CatalogOption;
  /**
   * How long a fetched `catalog` is used before it is fetched again (a failed fetch is retried
   * after a minute, the held catalog served meanwhile).
   * @default 86_400_000 (24 h)
   */
  catalogTtl?: number;
  /**
   * Keep only the models this accepts, in every snapshot (discovered and fallback alike), matched
   * against the merged ids (after `idPrefix`), e.g. `{ prefix: 'claude-' }` or
   * `{ exclude: ['*embedding*'] }`. The same rules as `filterModels()`.
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
   * Called after each upstream refresh with its source, outcome, error code, duration and model count.
   * @default none
   */
  onRefresh?: (event: RefreshEvent) => void;
  /**
   * Called on every `getModels()` / `refresh()` with how it was answered, in lru-cache's words:
   * `hit`, `stale`, `miss`, `inflight` or `refresh` (see `ReadStatus`). Unset, it costs nothing.
   * @default none
   */
  onRead?: (status: ReadStatus) => void;
  /**
   * Hands every refresh to the platform so that it outlives the request that started it: a
   * Worker's `ctx.waitUntil` (bound), or the `waitUntil` of `cloudflare:workers` or
   * `@vercel/functions`. `getModels({ waitUntil })` overrides it per call, and the Hono adapter
   * passes `c.executionCtx.waitUntil` on its own. Without it, on such a platform a stale read's
   * background refresh ends with that read's request; a later refresh notices and starts over.
   * @default none
   */
  waitUntil?: WaitUntil;
  /**
   * The only place `ANTHROPIC_*` variables are read from; pass `{}` to ignore the environment
   * (nothing else of this library, the SDK included, then reads it).
   * @default process.env where the runtime has one
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where several instances share their lists: a Keyv instance (`new Keyv(new KeyvRedis(url))`)
   * or any object with Keyv's `get` / `set` / `delete`. Every read consults it (a few bytes per
   * source), so a refresh on one instance is served by all of them on their next read; a failing
   * store never fails a read. Without it the lists live in this instance's memory only.
   * @default none (in memory, per instance)
   */
  store?: Store;
  /**
   * How long one call to `store` may take before this instance serves its own copy instead and
   * leaves the store alone for a second.
   * @default 500
   */
  storeTimeout?: number;
  /**
   * Most tenant views (`forCredentials()`) held at once; the least recently used is dropped
   * (its tenant's next read starts over with a cold fetch).
   * @default 1_000
   */
  maxTenants?: number;
  /**
   * A tenant view not read for this long is dropped, with its list and its credential.
   * @default 900_000 (15 minutes)
   */
  tenantTtl?: number;
  /**
   * Most upstream refreshes of tenant views running at once, across all tenants; the rest wait
   * their turn (a cold read still waits at most `timeout`). The instance's own lists never wait.
   * @default 8
   */
  tenantConcurrency?: number;
}

/** The defaults of every bound, in one place. */
export const DEFAULTS = {
  ttl: 300_000,
  ttlResolution: 1,
  timeout: 5_000,
  maxBodyBytes: 8 * 1024 * 1024,
  maxPages: 50,
  maxModels: 10_000,
  minRefreshInterval: 1_000,
  failureBackoff: 30_000,
  storeTimeout: 500,
  /** How long a fetched `catalog` is used before it is fetched again. */
  catalogTtl: 86_400_000,
  maxTenants: 1_000,
  tenantTtl: 900_000,
  tenantConcurrency: 8,
} as const;

type Numeric = keyof typeof DEFAULTS;

/** The name of the one source made of the top-level options and the environment. */
export const DEFAULT_SOURCE_NAME = 'default';

// The options that describe one upstream: per source with `sources`, top level without.
const UPSTREAM_KEYS = ['baseURL', 'apiKey', 'authToken', 'headers', 'dialect', 'modelsPath'] as const;

const KNOWN = new Set<string>([
  'sources',
  ...UPSTREAM_KEYS,
  'fallbackModels',
  'overrides',
  'catalog',
  'filter',
  'fetch',
  'logger',
  'onRefresh',
  'onRead',
  'waitUntil',
  'env',
  'store',
  'refreshInterval',
  ...Object.keys(DEFAULTS),
]);

const KNOWN_SOURCE = new Set<string>(['name', ...UPSTREAM_KEYS, 'idPrefix', 'timeout', 'maxModels', 'filter', 'perTenant']);

/** One source after validation, with every default filled in. */
export interface ResolvedSource {
  name: string;
  endpoint: EndpointConfig;
  dialect: DialectName;
  idPrefix: string;
  timeout: number;
  maxModels: number;
  /** The source's own filter, on its own ids. */
  keep: (model: Model) => boolean;
  /** Whether a tenant view sends the tenant's credentials here (see `SourceOptions.perTenant`). */
  perTenant: boolean;
}

/** Options after validation, with every default filled in. */
export interface ResolvedOptions extends Required<Pick<ModelDiscoveryOptions, Exclude<Numeric, 'timeout' | 'maxModels'>>> {
  sources: ResolvedSource[];
  fallbackModels: ReadonlyArray<string | Model>;
  overrides: MetadataOverrides;
  catalog: CatalogOption | undefined;
  /** The top-level filter, on merged ids. */
  keep: (model: Model) => boolean;
  fetch: typeof globalThis.fetch | undefined;
  logger: Logger | undefined;
  onRefresh: ((event: RefreshEvent) => void) | undefined;
  onRead: ((status: ReadStatus) => void) | undefined;
  waitUntil: WaitUntil | undefined;
  store: Store | undefined;
  refreshInterval: number | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Checks every option eagerly so a mistake fails at construction, not on the first request. */
export function resolveOptions(options: ModelDiscoveryOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object.');
  checkKeys(options, KNOWN, 'option', '');
  if (options.env !== undefined && (typeof options.env !== 'object' || options.env === null)) {
    fail('`env` must be an object of strings.');
  }

  const numbers = {} as Record<Numeric, number>;
  for (const name of Object.keys(DEFAULTS) as Numeric[]) numbers[name] = checkBound(name, options[name]) ?? DEFAULTS[name];
  // The views live in an LRU cache, which needs a number to preallocate.
  if (numbers.maxTenants === Infinity) fail('`maxTenants` must be a whole number, not Infinity.');

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

  const defaults = { timeout: numbers.timeout, maxModels: numbers.maxModels };
  const { timeout: _timeout, maxModels: _maxModels, ...shared } = numbers;
  return {
    ...shared,
    sources: options.sources === undefined ? [defaultSource(options, options.env ?? processEnv(), defaults)] : checkSources(options, defaults),
    fallbackModels,
    overrides: checkOverridesOption(options.overrides),
    catalog: checkCatalog(options.catalog),
    keep: compileFilter(options.filter),
    fetch: checkFunction('fetch', options.fetch),
    logger,
    onRefresh: checkFunction('onRefresh', options.onRefresh),
    onRead: checkFunction('onRead', options.onRead),
    waitUntil: checkFunction('waitUntil', options.waitUntil),
    store: checkStore(options.store),
    refreshInterval: checkRefreshInterval(options.refreshInterval),
  };
}

/**
 * The one source made of the top-level options and the environment. Credentials given as options
 * replace the environment's as a set, and `headers` replaces `ANTHROPIC_CUSTOM_HEADERS`.
 */
function defaultSource(options: ModelDiscoveryOptions, env: Env, defaults: { timeout: number; maxModels: number }): ResolvedSource {
  const optionBaseURL = checkBaseURL('baseURL', options.baseURL);
  const apiKey = checkString('apiKey', options.apiKey);
  const authToken = checkString('authToken', options.authToken);
  const credentialsGiven = apiKey !== undefined || authToken !== undefined;
  const headers = checkHeaders('headers', options.headers);
  const refused: string[] = [];
  const read = (name: string) => readVar(env, name, refused);
  return {
    name: DEFAULT_SOURCE_NAME,
    endpoint: {
      baseURL: optionBaseURL ?? read('ANTHROPIC_BASE_URL'),
      baseURLFrom: optionBaseURL !== undefined ? '`baseURL`' : 'ANTHROPIC_BASE_URL',
      hint: 'Set ANTHROPIC_BASE_URL (for example "http://localhost:4000" for a local LiteLLM) or pass `baseURL` to new ModelDiscovery().',
      apiKey: credentialsGiven ? apiKey : read('ANTHROPIC_API_KEY'),
      authToken: credentialsGiven ? authToken : read('ANTHROPIC_AUTH_TOKEN'),
      headers: headers ?? parseCustomHeaders(read('ANTHROPIC_CUSTOM_HEADERS')),
      modelsPath: checkModelsPath('modelsPath', options.modelsPath),
      refused,
    },
    dialect: checkDialect('dialect', options.dialect),
    idPrefix: '',
    ...defaults,
    keep: KEEP_ALL,
    perTenant: true,
  };
}

function checkSources(options: ModelDiscoveryOptions, defaults: { timeout: number; maxModels: number }): ResolvedSource[] {
  const given = UPSTREAM_KEYS.filter((key) => options[key] !== undefined);
  if (given.length > 0) {
    fail(`\`${given[0]}\` describes one upstream; with \`sources\`, give it to each source instead (sources: [{ name, ${given[0]}, ... }]).`);
  }
  const sources = options.sources;
  if (!Array.isArray(sources) || sources.length === 0) fail('`sources` must be a non-empty array of { name, baseURL, ... } objects.');
  const names = new Set<string>();
  return sources.map((source: SourceOptions, index) => {
    const at = `sources[${index}]`;
    if (typeof source !== 'object' || source === null) fail(`\`${at}\` must be an object with at least a \`name\`.`);
    checkKeys(source, KNOWN_SOURCE, 'source option', `${at}.`);
    const name = source.name;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
      fail(`\`${at}.name\` must be 1-64 characters of letters, digits, \`_\`, \`.\` and \`-\`.`);
    }
    if (names.has(name)) fail(`\`${at}.name\` "${name}" is already the name of an earlier source; names must be unique.`);
    names.add(name);
    const idPrefix = checkString(`${at}.idPrefix`, source.idPrefix) ?? '';
    if (hasControlCharacters(idPrefix) || idPrefix.length > 64) fail(`\`${at}.idPrefix\` must be at most 64 characters with no control characters.`);
    return {
      name,
      endpoint: {
        baseURL: checkBaseURL(`${at}.baseURL`, source.baseURL),
        baseURLFrom: `\`${at}.baseURL\``,
        hint: `Set \`baseURL\` of the source "${name}".`,
        apiKey: checkString(`${at}.apiKey`, source.apiKey),
        authToken: checkString(`${at}.authToken`, source.authToken),
        headers: checkHeaders(`${at}.headers`, source.headers) ?? {},
        modelsPath: checkModelsPath(`${at}.modelsPath`, source.modelsPath),
      },
      dialect: checkDialect(`${at}.dialect`, source.dialect),
      idPrefix,
      timeout: checkBound('timeout', source.timeout, `${at}.timeout`) ?? defaults.timeout,
      maxModels: checkBound('maxModels', source.maxModels, `${at}.maxModels`) ?? defaults.maxModels,
      keep: compileFilter(source.filter, `${at}.filter`),
      perTenant: checkBoolean(`${at}.perTenant`, source.perTenant) ?? false,
    };
  });
}

// --- The checks, each written once and used for top-level and per-source options alike.

function checkOverridesOption(value: unknown): MetadataOverrides {
  try {
    return checkOverrides(value);
  } catch (error) {
    fail((error as Error).message);
  }
}

function checkCatalog(value: unknown): CatalogOption | undefined {
  if (value === undefined) return undefined;
  const shape = '`catalog` must be { url: "https://models.dev/api.json" } or { data: <a models.dev-shaped object> }.';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(shape);
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'url' && keys[0] !== 'data')) fail(shape);
  if ('data' in value) return { data: (value as { data: unknown }).data };
  const url = (value as { url: unknown }).url;
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    // reported below, without echoing the value
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) {
    fail('`catalog.url` must be an http(s) URL without user:password, such as "https://models.dev/api.json".');
  }
  return { url: parsed.href };
}

function fail(message: string): never {
  throw new TypeError(`model-discovery: ${message}`);
}

function checkKeys(object: object, known: Set<string>, what: string, at: string): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) fail(`unknown ${what} \`${at}${key}\`. Known ${what}s: ${[...known].join(', ')}.`);
  }
}

const INTEGER_BOUNDS = new Set<Numeric>(['maxBodyBytes', 'maxPages', 'maxModels', 'maxTenants', 'tenantConcurrency']);
const TIMERS = new Set<Numeric>(['timeout', 'storeTimeout', 'ttlResolution']);
// `ttlResolution` of 0 means no timer at all: the clock is read on every call.
const ZERO_ALLOWED = new Set<Numeric>(['ttlResolution']);

/** A bound (`ttl`, `timeout`, `maxModels`...), or undefined when not given. */
function checkBound(kind: Numeric, value: unknown, name: string = kind): number | undefined {
  if (value === undefined) return undefined;
  const integer = INTEGER_BOUNDS.has(kind);
  const min = integer ? 1 : 0;
  if (typeof value !== 'number' || Number.isNaN(value)) fail(`\`${name}\` must be a number, got ${typeof value}.`);
  if (integer && !Number.isInteger(value) && value !== Infinity) fail(`\`${name}\` must be a whole number, got ${value}.`);
  if (value < min) fail(`\`${name}\` must be ${min} or more, got ${value}.`);
  if (TIMERS.has(kind)) {
    if (value === 0 && !ZERO_ALLOWED.has(kind)) fail(`\`${name}\` must be more than 0.`);
    // setTimeout fires at once for delays past 2^31-1 ms, which would turn "no limit" into "no time".
    if (value > MAX_TIMER_DELAY) fail(`\`${name}\` must be at most ${MAX_TIMER_DELAY} ms (about 24.8 days).`);
  }
  return value;
}

// The jitter stretches a period by up to 10%, and a timer fires at once past MAX_TIMER_DELAY.
const MAX_REFRESH_INTERVAL = Math.floor(MAX_TIMER_DELAY / 1.1);

/** Off when not given; otherwise a period of at least a second, so a typo cannot hammer the upstream. */
function checkRefreshInterval(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1_000 || value > MAX_REFRESH_INTERVAL) {
    fail(`\`refreshInterval\` must be a number of milliseconds from 1000 to ${MAX_REFRESH_INTERVAL}, or left out to turn the background refresh off.`);
  }
  return value;
}

function checkString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`\`${name}\` must be a string, got ${typeof value}.`);
  return value === '' ? undefined : value;
}

function checkBoolean(name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(`\`${name}\` must be a boolean, got ${typeof value}.`);
  return value;
}

function checkFunction<T>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') fail(`\`${name}\` must be a function, got ${typeof value}.`);
  return value as T;
}

/** A base URL given in code must be a valid http(s) URL; the message never echoes the value. */
function checkBaseURL(name: string, value: unknown): string | undefined {
  const url = checkString(name, value);
  if (url === undefined) return undefined;
  const parsed = parseBaseURL(url);
  if ('problem' in parsed) fail(describeBaseURLProblem(`\`${name}\``, parsed.problem));
  return url;
}

function checkDialect(name: string, value: unknown): DialectName {
  if (value === undefined) return 'anthropic';
  if (!isDialectName(value)) fail(`\`${name}\` must be one of ${Object.keys(DIALECTS).join(', ')}.`);
  return value;
}

function checkModelsPath(name: string, value: unknown): string | undefined {
  const path = checkString(name, value);
  if (path === undefined) return undefined;
  if (!path.startsWith('/') || path.startsWith('//') || /[\s?#]/.test(path) || hasControlCharacters(path)) {
    fail(`\`${name}\` must be a path starting with "/" (such as "/openai/models"), without spaces, a query string or a fragment.`);
  }
  return path.replace(/\/+$/, '') || '/';
}

// An HTTP token (RFC 9110); values may not hold CR, LF or NUL, which would split the request.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeaders(name: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`\`${name}\` must be an object of header names to string values.`);
  const headers: Record<string, string> = {};
  for (const [header, text] of Object.entries(value)) {
    // The value is never echoed: it may be a credential.
    if (!HEADER_NAME.test(header)) fail(`\`${name}\` has a header name that is not a valid HTTP header name.`);
    if (typeof text !== 'string' || /[\r\n\0]/.test(text)) fail(`\`${name}\` must map "${header}" to a string without line breaks.`);
    headers[header.toLowerCase()] = text.trim();
  }
  return headers;
}

/**
 * `ANTHROPIC_CUSTOM_HEADERS` as Claude Code reads it: one `Name: value` per line, split at the
 * first colon, both sides trimmed; a line without a colon or with an invalid name is skipped, as
 * a deployment's variable must degrade rather than crash the host.
 */
export function parseCustomHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text?.split(/\r?\n/) ?? []) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const header = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (HEADER_NAME.test(header) && !/[\r\n\0]/.test(value)) headers[header.toLowerCase()] = value;
  }
  return headers;
}

function checkStore(store: unknown): Store | undefined {
  if (store === undefined) return undefined;
  const candidate = store as Partial<Record<'get' | 'set', unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.get !== 'function' || typeof candidate.set !== 'function') {
    fail('`store` must be a Keyv instance or an object with Keyv\'s get/set/delete methods.');
  }
  return store as Store;
}

/**
 * The host's environment, when `env` is not given: the one place this library touches
 * `process.env`. Where the runtime refuses access (Deno without `--allow-env`), reads find nothing.
 */
function processEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  try {
    return proc?.env ?? {};
  } catch {
    return {};
  }
}

/**
 * One variable, trimmed, empty as absent. A read the runtime refuses (Deno without `--allow-env`
 * throws NotCapable) counts as absent and is recorded in `refused`, for a message that says so
 * instead of a network error about a gateway that was never asked.
 */
function readVar(env: Env, name: string, refused: string[]): string | undefined {
  try {
    return env[name]?.trim() || undefined;
  } catch {
    refused.push(name);
    return undefined;
  }
}
