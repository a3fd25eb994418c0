import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';

import { createAvailableModelsHandler } from '../../routes/available/handler.js';
import { ENCODED_BODY, type MaybeEncoded } from '../../routes/available/render.js';
import type { ModelRoutesOptions, ModelLister } from '../../routes/available/options.js';
import type { ModelRoutesRequest, ModelRoutesResponse } from '../../routes/shared/http.js';
import { belowMount, splitTarget } from '../../routes/shared/request.js';
import type { ServedModels } from '../../routes/served/catalog.js';
import { createServedModelsHandler } from '../../routes/served/handler.js';
import type { ServedModelsOptions } from '../../routes/served/options.js';

export type { ModelRoutesOptions, ModelLister, ModelSource } from '../../routes/available/options.js';
export type { AuthorizeRequest, ModelRoutesRequest, ModelRoutesResponse } from '../../routes/shared/http.js';
export type { ServedModelsOptions, ServedFormat } from '../../routes/served/options.js';
export type { ServedModels, ServedModelSource } from '../../routes/served/catalog.js';
export type { ServedRequest, ServedResponse } from '../../routes/served/request.js';

/**
 * The two available-models routes as a Hono app: `app.route('/', availableModelRoutes(discovery, options?))`.
 * Web-standard only, so it runs on Node (with `@hono/node-server`), Bun, Deno and edge runtimes.
 */
export function availableModelRoutes(discovery: ModelLister, options?: ModelRoutesOptions<Context>): Hono {
  const handle = createAvailableModelsHandler<Context>(discovery, options);
  return app(handle, handle.paths);
}

/**
 * The served `GET /v1/models` and `GET /v1/models/{id}` for Claude Code, the Anthropic SDK and
 * the OpenAI SDK, as a Hono app: `app.route('/', servedModelRoutes(discovery, options?))`.
 * `discovery` is a `ModelDiscovery` or a fixed list. Separate from `availableModelRoutes`, with its own options.
 */
export function servedModelRoutes(discovery: ServedModels, options?: ServedModelsOptions<Context>): Hono {
  const handle = createServedModelsHandler<Context>(discovery, options);
  // The list path, and everything below it: an id may hold `/` (`openai/gpt-4o` sent raw).
  return app(handle, [handle.paths[0], `${handle.paths[1]}*`]);
}

type Handle = ((request: ModelRoutesRequest<Context>) => Promise<ModelRoutesResponse> | undefined) & {
  answerNow?: (request: ModelRoutesRequest<Context>) => ModelRoutesResponse | undefined;
};

function app(handle: Handle, patterns: readonly string[]): Hono {
  const routes = new Hono();
  for (const own of patterns) {
    // A fixed pattern (no `*`) that matched is the path below the mount point as it stands.
    const fixed = own.includes('*') ? undefined : own;
    // Not async: a warm read is answered in this tick, as a bare route would. (Hono awaits what
    // a middleware returns, a Response too; its types only name the promise.)
    const route = (c: Context, next: Next): Response | Promise<Response | void> => {
      // `app.route('/base', ...)` mounts this route at `/base{own}`; the handler wants the path
      // below the mount point, as Express gives it. A path that ends with a fixed pattern is that
      // pattern below the mount (so Hono need not build the matched pattern, `routePath`, to tell).
      const { path, query } = targetOf(c.req.url);
      const below = fixed !== undefined && path.endsWith(fixed) ? fixed : belowMount(path, c.req.routePath.slice(0, c.req.routePath.length - own.length));
      const request: ModelRoutesRequest<Context> = { method: c.req.method, path: below, query, headers: c.req.raw.headers, native: c };
      const ready = handle.answerNow?.(request);
      if (ready) return send(c, ready);
      // Looked up only now: a warm read starts no refresh, and where there is no execution
      // context (Node, Bun, Deno.serve) asking for it throws, which costs more than the answer.
      const waitUntil = waitUntilOf(c);
      if (waitUntil) request.waitUntil = waitUntil;
      const pending = handle(request);
      if (!pending) return next();
      return pending.then((response) => send(c, response));
    };
    routes.all(own, route as MiddlewareHandler);
  }
  return routes;
}

function send(c: Context, response: MaybeEncoded): Response {
  const { status, headers, body } = response;
  if (body === undefined) return c.body(null, status as StatusCode, headers);
  // The encoded body when there is one: the runtime then sends the bytes, with no encoding per request.
  return c.body(response[ENCODED_BODY] ?? body, status as ContentfulStatusCode, headers);
}

/**
 * The platform's `waitUntil` for this request (Cloudflare Workers, and any host that gives Hono an
 * execution context), so a refresh outlives the response. `c.executionCtx` throws where there is
 * none (Node, Bun, Deno.serve).
 */
function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  let context: { waitUntil?: unknown };
  try {
    context = c.executionCtx;
  } catch {
    return undefined;
  }
  const waitUntil = context?.waitUntil;
  if (typeof waitUntil !== 'function') return undefined;
  // workerd requires it to be called on its context.
  return (promise) => waitUntil.call(context, promise);
}

/**
 * The path and query of a request's URL. `Request.url` is already a serialised URL, so its path is
 * the text from the first `/` after `scheme://host`: no `new URL()` (and no `URLSearchParams` for
 * a request without a query) on every request.
 */
function targetOf(url: string): { path: string; query: string } {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  return splitTarget(start === -1 ? '/' : url.slice(start));
}

/**
 * @deprecated Since 0.2.0: use `availableModelRoutes` (the same function under the name that says which route family it is). Removed in 0.3.0.
 */
export const modelRoutes = availableModelRoutes;
