import { compileFilter, type ModelFilter } from '../../model/filter.js';
import type { AuthorizeRequest } from '../available/options.js';
import type { ServedRequest } from './request.js';

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
  authorize?: (request: AuthorizeRequest<Native>) => boolean | Promise<boolean>;
  /**
   * Receives an unexpected fault (a throwing `authorize`) that was answered with a bare 500, so
   * the host can log it. Discovery problems are never such a fault: they serve the held list.
   * @default none
   */
  onError?: (error: unknown, request: ServedRequest<Native>) => void;
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
// As for the available-models routes: adapters register the prefix as a route pattern, where `:`,
// `*`, `(`, `{` or `?` would mean something else.
const PREFIX = /^(\/[A-Za-z0-9._~-]+)*$/;
const KNOWN = new Set(['format', 'filter', 'prefix', 'ownedBy', 'authorize', 'onError']);

/** Checks every served option eagerly, so a mistake fails when the routes are built. */
export function resolveServedOptions<Native>(options: ServedModelsOptions<Native> = {}): ResolvedServedOptions<Native> {
  if (typeof options !== 'object' || options === null) fail('served route options must be an object.');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(`unknown served route option \`${key}\`. Known options: ${[...KNOWN].join(', ')}.`);
  }
  const format = options.format ?? 'auto';
  if (!FORMATS.includes(format)) fail(`\`format\` must be one of ${FORMATS.map((f) => `"${f}"`).join(', ')}.`);
  const prefix = options.prefix ?? '/v1';
  if (typeof prefix !== 'string' || !PREFIX.test(prefix) || /\/\.\.?(\/|$)/.test(prefix)) {
    fail(`\`prefix\` must be '' (routes mounted at /v1 already) or a path like '/v1' (letters, digits, '.', '_', '~', '-'; no trailing slash), got ${JSON.stringify(prefix)}.`);
  }
  if (options.ownedBy !== undefined && (typeof options.ownedBy !== 'string' || options.ownedBy === '')) fail('`ownedBy` must be a non-empty string.');
  for (const name of ['authorize', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') fail(`\`${name}\` must be a function, got ${typeof options[name]}.`);
  }
  return {
    format,
    keep: compileFilter(options.filter),
    prefix,
    ownedBy: options.ownedBy,
    authorize: options.authorize,
    onError: options.onError,
  };
}

function fail(message: string): never {
  throw new TypeError(`model-discovery: ${message}`);
}
