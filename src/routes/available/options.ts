import type { Snapshot } from '../../model/schema.js';
import type { AuthorizeHook, OnErrorHook, WaitUntil } from '../shared/http.js';
import { checkCredentialsOption, type CredentialsHook, type TenantCredentials } from '../shared/credentials.js';
import { checkHooks, checkKnownKeys, checkPrefix, failOption } from '../shared/options.js';

/** What the routes need from a `ModelDiscovery`; any object with this method fits (a test double). */
export interface ModelLister {
  getModels(options?: { refresh?: boolean; waitUntil?: WaitUntil }): Promise<Snapshot>;
  /** A tenant's own lister; needed by the `credentials` option (a `ModelDiscovery` has it). */
  forCredentials?(credentials: TenantCredentials): ModelLister;
}

/**
 * The old name of {@link ModelLister}; "source" now means one upstream in the `sources` option.
 * @deprecated Use `ModelLister`. To be removed in the next major version.
 */
export type ModelSource = ModelLister;

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
  authorize?: AuthorizeHook<Native>;
  /**
   * Receives any unexpected fault (a throwing `authorize`, a broken discovery object) that was
   * answered with a bare 500, so the host can log it.
   * @default none
   */
  onError?: OnErrorHook<Native>;
  /**
   * Answers each request from one tenant's list (`discovery.forCredentials()`): returns the
   * request's `{ apiKey }` or `{ authToken }` (from the host's session or a header it trusts), or
   * `undefined` for the instance's own list. Runs after `authorize`.
   * @example (request) => ({ apiKey: request.native.user.gatewayKey })
   * @default none (every request gets the instance's own list)
   */
  credentials?: CredentialsHook<Native>;
}

/** The default `prefix`. */
export const DEFAULT_PREFIX = '/api/v1';

const KNOWN: ReadonlySet<string> = new Set(['prefix', 'authorize', 'onError', 'credentials']);

export interface ResolvedRouteOptions<Native> {
  prefix: string;
  authorize: ModelRoutesOptions<Native>['authorize'];
  onError: ModelRoutesOptions<Native>['onError'];
  credentials: ModelRoutesOptions<Native>['credentials'];
}

/** The check of `prefix`, for the routes and their OpenAPI document alike. */
export function checkRoutesPrefix(prefix: unknown): string {
  return checkPrefix(prefix, "'' or a path like '/api/v1'");
}

/** Checks the routes' options once, when the routes are built, so a mistake fails at startup. */
export function resolveRouteOptions<Native>(discovery: unknown, options: ModelRoutesOptions<Native> = {}): ResolvedRouteOptions<Native> {
  if (typeof (discovery as ModelLister | null)?.getModels !== 'function') {
    failOption('the routes need a ModelDiscovery (an object with a getModels() method) as their first argument.');
  }
  checkKnownKeys(options, KNOWN, 'route options');
  const prefix = checkRoutesPrefix(options.prefix ?? DEFAULT_PREFIX);
  checkHooks(options);
  checkCredentialsOption(discovery, options.credentials, false);
  return { prefix, authorize: options.authorize, onError: options.onError, credentials: options.credentials };
}
