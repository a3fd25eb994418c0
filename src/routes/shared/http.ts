/** The plain request and response both route families speak, and the hooks both take. */
import type { WaitUntil } from '../../discovery/options.js';

export type { WaitUntil };

/** A header bag as the web (`Headers`) or Node (`IncomingHttpHeaders`, lower-case keys) has it. */
export type RequestHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A query as `URLSearchParams`, a raw query string (with or without `?`) or a parsed record. */
export type RequestQuery = URLSearchParams | string | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The request as every adapter hands it to a handler: nothing framework-specific but `native`.
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
  waitUntil?: WaitUntil;
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

/** The `authorize` option of both route families: `true` lets the request through. */
export type AuthorizeHook<Native> = (request: AuthorizeRequest<Native>) => boolean | Promise<boolean>;

/** The `onError` option of both route families: receives a fault that was answered with a bare 500. */
export type OnErrorHook<Native> = (error: unknown, request: ModelRoutesRequest<Native>) => void;
