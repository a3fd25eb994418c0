import { MAX_TIMER_DELAY } from '../../upstream/deadline.js';
import { compileFilter, type ModelFilter } from '../../model/filter.js';
import type { AuthorizeHook, OnErrorHook } from '../shared/http.js';
import { checkCredentialsOption, type CredentialsHook } from '../shared/credentials.js';
import { checkHooks, checkKnownKeys, checkPrefix, failOption } from '../shared/options.js';

/** The shape the served routes answer in. */
export type ServedFormat = 'anthropic' | 'openai' | 'auto';

/** Options of the served `GET /v1/models` routes; separate from the available-models routes' options. */
export interface ServedModelsOptions<Native = unknown> {
  /**
   * `anthropic` or `openai` always answer in that shape. `auto` answers in the Anthropic shape when
   * the request carries an `anthropic-version` header (Claude Code and every Anthropic SDK send
   * one) and in the OpenAI shape otherwise.
   * @default "auto"
   */
  format?: ServedFormat;
  /**
   * Serve only the models this keeps: `'claudeCode'` for exactly the models Claude Code would
   * show, or any rule of `filterModels()`.
   * @default every model
   */
  filter?: ModelFilter;
  /**
   * The longest, in milliseconds, a request waits for discovery (a cold start, a slow upstream).
   * After it the request is answered from the held list or the `fallbackModels` while discovery
   * goes on, always a 200 in the request's shape. Claude Code gives its one model request 3 s and
   * then silently keeps its old list; `0` never waits.
   * @default 2000
   */
  maxWait?: number;
  /**
   * The path in front of `/models`, relative to where the routes are mounted.
   * @default "/v1"
   */
  prefix?: string;
  /**
   * `owned_by` in the OpenAI shape for models whose upstream named no owner.
   * @default "system"
   */
  ownedBy?: string;
  /**
   * Decides whether a request may see the list; `false` answers 401 in the request's shape.
   * Without it the routes are as open as the host's own middleware leaves them.
   * @default none
   */
  authorize?: AuthorizeHook<Native>;
  /**
   * Receives an unexpected fault (a throwing `authorize`) that was answered with a bare 500, so
   * the host can log it. Discovery problems are never such a fault: they serve the held list.
   * @default none
   */
  onError?: OnErrorHook<Native>;
  /**
   * Answers each request from one tenant's list (`discovery.forCredentials()`). `'forward'`: the
   * client's own `x-api-key` (else `Authorization: Bearer`) is sent to the upstream, as a proxy
   * that passes keys through does; a request without one, or one the upstream refuses, gets a
   * 401 in the request's shape. A function: returns the request's `{ apiKey }` / `{ authToken }`,
   * or `undefined` for the instance's own list. Runs after `authorize`.
   * @default none (every request gets the instance's own list)
   */
  credentials?: CredentialsHook<Native> | 'forward';
}

export interface ResolvedServedOptions<Native> {
  format: ServedFormat;
  keep: ReturnType<typeof compileFilter>;
  maxWait: number;
  prefix: string;
  ownedBy: string | undefined;
  authorize: ServedModelsOptions<Native>['authorize'];
  onError: ServedModelsOptions<Native>['onError'];
  credentials: ServedModelsOptions<Native>['credentials'];
}

const FORMATS: readonly ServedFormat[] = ['anthropic', 'openai', 'auto'];
const KNOWN = new Set(['format', 'filter', 'maxWait', 'prefix', 'ownedBy', 'authorize', 'onError', 'credentials']);

/** What `maxWait` is when not given. */
export const DEFAULT_MAX_WAIT = 2_000;

/** Checks every served option eagerly, so a mistake fails when the routes are built. */
export function resolveServedOptions<Native>(options: ServedModelsOptions<Native>, served: unknown): ResolvedServedOptions<Native> {
  checkKnownKeys(options, KNOWN, 'served route options');
  const format = options.format ?? 'auto';
  if (!FORMATS.includes(format)) failOption(`\`format\` must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}.`);
  const prefix = checkPrefix(options.prefix ?? '/v1', "'' (routes mounted at /v1 already) or a path like '/v1'");
  const maxWait = options.maxWait ?? DEFAULT_MAX_WAIT;
  if (typeof maxWait !== 'number' || !Number.isInteger(maxWait) || maxWait < 0 || maxWait > MAX_TIMER_DELAY) {
    failOption(`\`maxWait\` must be a whole number of milliseconds from 0 to ${MAX_TIMER_DELAY}, got ${typeof maxWait === 'number' ? String(maxWait) : typeof maxWait}.`);
  }
  if (options.ownedBy !== undefined && (typeof options.ownedBy !== 'string' || options.ownedBy === '')) failOption('`ownedBy` must be a non-empty string.');
  checkHooks(options);
  checkCredentialsOption(served, options.credentials, true);
  return {
    format,
    keep: compileFilter(options.filter),
    maxWait,
    prefix,
    ownedBy: options.ownedBy,
    authorize: options.authorize,
    onError: options.onError,
    credentials: options.credentials,
  };
}
