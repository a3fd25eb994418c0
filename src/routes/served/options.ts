import { compileFilter, type ModelFilter } from '../../model/filter.js';
import type { AuthorizeHook, OnErrorHook } from '../shared/http.js';
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
   * Serve only the models this keeps, e.g. `{ prefix: 'claude-' }` for a proxy that only routes
   * Claude models. The same rules as `filterModels()`.
   * @default every model
   */
  filter?: ModelFilter;
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
}

export interface ResolvedServedOptions<Native> {
  format: ServedFormat;
  keep: ReturnType<typeof compileFilter>;
  prefix: string;
  ownedBy: string | undefined;
  authorize: ServedModelsOptions<Native>['authorize'];
  onError: ServedModelsOptions<Native>['onError'];
}

const FORMATS: readonly ServedFormat[] = ['anthropic', 'openai', 'auto'];
const KNOWN = new Set(['format', 'filter', 'prefix', 'ownedBy', 'authorize', 'onError']);

/** Checks every served option eagerly, so a mistake fails when the routes are built. */
export function resolveServedOptions<Native>(options: ServedModelsOptions<Native> = {}): ResolvedServedOptions<Native> {
  checkKnownKeys(options, KNOWN, 'served route options');
  const format = options.format ?? 'auto';
  if (!FORMATS.includes(format)) failOption(`\`format\` must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}.`);
  const prefix = checkPrefix(options.prefix ?? '/v1', "'' (routes mounted at /v1 already) or a path like '/v1'");
  if (options.ownedBy !== undefined && (typeof options.ownedBy !== 'string' || options.ownedBy === '')) failOption('`ownedBy` must be a non-empty string.');
  checkHooks(options);
  return {
    format,
    keep: compileFilter(options.filter),
    prefix,
    ownedBy: options.ownedBy,
    authorize: options.authorize,
    onError: options.onError,
  };
}
