import type { Snapshot } from '../../model/schema.js';

/** A header bag as the web (`Headers`) or Node (`IncomingHttpHeaders`, lower-case keys) has it. */
export type RequestHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A query as `URLSearchParams`, a raw query string (with or without `?`) or a parsed record. */
export type RequestQuery = URLSearchParams | string | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The request as every adapter hands it to the handler: nothing framework-specific but `native`.
 * @typeParam Native - the framework's own request: Express `req`, Fastify `request`, Hono `Context`.
 */
export interface ModelRoutesRequest<Native = unknown> {
  /** The HTTP method, any case. */
  method: string;
  /** The path without the query, relative to where the routes are mounted. Not decoded. */
  path: string;
  query?: RequestQuery;
  headers: RequestHeaders;
  /** The framework's own request object, for `authorize` (a session, `req.user`, `c.get('user')`). */
  native?: Native;
  /**
   * The platform's way to keep work alive after the response (a Worker's `ctx.waitUntil`), passed
   * on to `getModels()` so a refresh outlives this request. The Hono adapter sets it.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * The request as `authorize` sees it: the same in every adapter, so an `authorize` function moves
 * from one framework to another unchanged.
 */
export interface AuthorizeRequest<Native = unknown> {
  /** Upper case. */
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The framework's own request object: Express `req`, Fastify `request`, Hono `Context`. */
  native: Native | undefined;
}

/** A response for the host to send as it is. `body` is absent for HEAD and 304. */
export interface ModelRoutesResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
}

/** What the routes need from a `ModelDiscovery`; any object with this method fits (a test double). */
export interface ModelSource {
  getModels(options?: { refresh?: boolean; waitUntil?: (promise: Promise<unknown>) => void }): Promise<Snapshot>;
}

/** Options of the two available-models routes, the same in every adapter. */
export interface ModelRoutesOptions<Native = unknown> {
  /**
   * Where the routes live: `GET {prefix}/models/available` and
   * `POST {prefix}/models/available/refresh`. `''` or `/segment/...`, no trailing slash.
   * @default '/api/v1'
   */
  prefix?: string;
  /**
   * Guards both routes. Resolving to `true` lets the request through; anything else answers 401
   * before the upstream is asked; throwing answers 500 (the error goes to `onError`).
   * Without it, the routes are open to whoever reaches them through the host's own middleware.
   * @example (request) => request.headers.get('x-admin-token') === process.env.ADMIN_TOKEN
   * @default none
   */
  authorize?: (request: AuthorizeRequest<Native>) => boolean | Promise<boolean>;
  /**
   * Receives any unexpected fault (a throwing `authorize`, a broken discovery object) that was
   * answered with a bare 500, so the host can log it.
   * @default none
   */
  onError?: (error: unknown, request: ModelRoutesRequest<Native>) => void;
}

/** The default `prefix`. */
export const DEFAULT_PREFIX = '/api/v1';

const KNOWN = new Set(['prefix', 'authorize', 'onError']);

// Plain unreserved characters only: every framework registers the prefix as a route pattern, where
// `:`, `*`, `(`, `{` or `?` would mean something else.
const PREFIX = /^(\/[A-Za-z0-9._~-]+)*$/;

function fail(message: string): never {
  throw new TypeError(`model-discovery: ${message}`);
}

export interface ResolvedRouteOptions<Native> {
  prefix: string;
  authorize: ModelRoutesOptions<Native>['authorize'];
  onError: ModelRoutesOptions<Native>['onError'];
}

/** The one check of `prefix`, for the routes and their OpenAPI document alike. */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix) || /\/\.\.?(\/|$)/.test(prefix)) {
    fail(`\`prefix\` must be '' or a path like '/api/v1' (letters, digits, '.', '_', '~', '-'; no trailing slash), got ${JSON.stringify(prefix)}.`);
  }
  return prefix;
}

/** Checks the routes' options once, when the routes are built, so a mistake fails at startup. */
export function resolveRouteOptions<Native>(discovery: unknown, options: ModelRoutesOptions<Native> = {}): ResolvedRouteOptions<Native> {
  if (typeof (discovery as ModelSource | null)?.getModels !== 'function') {
    fail('the routes need a ModelDiscovery (an object with a getModels() method) as their first argument.');
  }
  if (typeof options !== 'object' || options === null) fail('route options must be an object.');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(`unknown route option \`${key}\`. Known options: ${[...KNOWN].join(', ')}.`);
  }
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  for (const name of ['authorize', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') fail(`\`${name}\` must be a function, got ${typeof options[name]}.`);
  }
  return { prefix, authorize: options.authorize, onError: options.onError };
}
