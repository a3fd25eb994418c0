import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { createModelRoutesHandler } from '../http/handler.js';
import type { ModelRoutesOptions, ModelSource } from '../http/options.js';
import { splitTarget } from '../http/request.js';

export type { AuthorizeRequest, ModelRoutesOptions, ModelRoutesRequest, ModelRoutesResponse, ModelSource } from '../http/options.js';

/**
 * The two available-models routes for Express 4 and 5: `app.use(modelRoutes(discovery, options?))`,
 * or under a path with `app.use('/internal', modelRoutes(discovery))`. Requests for any other path
 * go on to the next middleware untouched.
 *
 * It is a middleware rather than a `Router` so that Express stays a type-only import (a `Router`
 * needs Express at runtime); `app.use` and `router.use` mount both the same way.
 */
export function modelRoutes(discovery: ModelSource, options?: ModelRoutesOptions<Request>): RequestHandler {
  const handle = createModelRoutesHandler<Request>(discovery, options);
  return function modelDiscoveryRoutes(req: Request, res: Response, next: NextFunction): void {
    // `req.url` is relative to the mount point and still raw, in Express 4 and 5 alike.
    const { path, query } = splitTarget(req.url);
    const pending = handle({ method: req.method, path, query, headers: req.headers, native: req });
    if (!pending) return next();
    pending
      .then(({ status, headers, body }) => {
        res.statusCode = status;
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        res.end(body);
      })
      .catch(next);
  };
}
