import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';

import { createModelRoutesHandler } from '../http/handler.js';
import type { ModelRoutesOptions, ModelSource } from '../http/options.js';

export type { AuthorizeRequest, ModelRoutesOptions, ModelRoutesRequest, ModelRoutesResponse, ModelSource } from '../http/options.js';

/**
 * The two available-models routes as a Hono app: `app.route('/', modelRoutes(discovery, options?))`.
 * Web-standard only, so it runs on Node (with `@hono/node-server`), Bun, Deno and edge runtimes.
 */
export function modelRoutes(discovery: ModelSource, options?: ModelRoutesOptions<Context>): Hono {
  const handle = createModelRoutesHandler<Context>(discovery, options);
  const app = new Hono();
  for (const own of handle.paths) {
    app.all(own, async (c, next) => {
      // `app.route('/base', ...)` mounts this route at `/base{own}`; the handler wants the path
      // below the mount point, as Express gives it.
      const mount = c.req.routePath.slice(0, c.req.routePath.length - own.length);
      const url = new URL(c.req.url);
      const pending = handle({ method: c.req.method, path: url.pathname.slice(mount.length), query: url.searchParams, headers: c.req.raw.headers, native: c });
      if (!pending) return next();
      const { status, headers, body } = await pending;
      return body === undefined ? c.body(null, status as StatusCode, headers) : c.body(body, status as ContentfulStatusCode, headers);
    });
  }
  return app;
}
