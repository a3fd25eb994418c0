import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { createModelRoutesHandler } from '../../routes/available/handler.js';
import type { ModelRoutesOptions, ModelLister } from '../../routes/available/options.js';
import type { ModelRoutesRequest, ModelRoutesResponse } from '../../routes/shared/http.js';
import { splitTarget } from '../../routes/shared/request.js';
import { createServedModelsHandler } from '../../routes/served/handler.js';
import type { ServedModels } from '../../routes/served/catalog.js';
import type { ServedModelsOptions } from '../../routes/served/options.js';

export type { ModelRoutesOptions, ModelLister, ModelSource } from '../../routes/available/options.js';
export type { AuthorizeRequest, ModelRoutesRequest, ModelRoutesResponse } from '../../routes/shared/http.js';
export type { ServedModelsOptions, ServedFormat } from '../../routes/served/options.js';
export type { ServedModels, ServedModelSource } from '../../routes/served/catalog.js';
export type { ServedRequest, ServedResponse } from '../../routes/served/request.js';

/**
 * The two available-models routes for Express 4 and 5: `app.use(modelRoutes(discovery, options?))`,
 * or under a path with `app.use('/internal', modelRoutes(discovery))`. Requests for any other path
 * go on to the next middleware untouched.
 *
 * It is a middleware rather than a `Router` so that Express stays a type-only import (a `Router`
 * needs Express at runtime); `app.use` and `router.use` mount both the same way.
 */
export function modelRoutes(discovery: ModelLister, options?: ModelRoutesOptions<Request>): RequestHandler {
  return middleware('modelDiscoveryRoutes', createModelRoutesHandler<Request>(discovery, options));
}

/**
 * The served `GET /v1/models` and `GET /v1/models/{id}` for Claude Code, the Anthropic SDK and
 * the OpenAI SDK: `app.use(servedModelRoutes(discovery, options?))`. `discovery` is a
 * `ModelDiscovery` or a fixed list of ids or models. Separate from `modelRoutes`, with its own
 * options; requests for any other path go on to the next middleware untouched.
 */
export function servedModelRoutes(discovery: ServedModels, options?: ServedModelsOptions<Request>): RequestHandler {
  return middleware('servedModelRoutes', createServedModelsHandler<Request>(discovery, options));
}

type Handle = (request: ModelRoutesRequest<Request>) => Promise<ModelRoutesResponse> | undefined;

function middleware(name: string, handle: Handle): RequestHandler {
  const run = (req: Request, res: Response, next: NextFunction): void => {
    // `req.url` is relative to the mount point and still raw, in Express 4 and 5 alike.
    const { path, query } = splitTarget(req.url);
    const pending = handle({ method: req.method, path, query, headers: req.headers, native: req });
    if (!pending) return next();
    pending
      .then(({ status, headers, body }) => {
        res.statusCode = status;
        for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
        res.end(body);
      })
      .catch(next);
  };
  // Named, so the middleware is recognisable in a stack trace or `app._router.stack`.
  return Object.defineProperty(run, 'name', { value: name });
}
