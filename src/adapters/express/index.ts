import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { createAvailableModelsHandler } from '../../routes/available/handler.js';
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
 * The two available-models routes for Express 4 and 5: `app.use(availableModelRoutes(discovery, options?))`,
 * or under a path with `app.use('/internal', availableModelRoutes(discovery))`. Requests for any other path
 * go on to the next middleware untouched.
 *
 * It is a middleware rather than a `Router` so that Express stays a type-only import (a `Router`
 * needs Express at runtime); `app.use` and `router.use` mount both the same way.
 */
export function availableModelRoutes(discovery: ModelLister, options?: ModelRoutesOptions<Request>): RequestHandler {
  return middleware('modelDiscoveryRoutes', createAvailableModelsHandler<Request>(discovery, options));
}

/**
 * The served `GET /v1/models` and `GET /v1/models/{id}` for Claude Code, the Anthropic SDK and
 * the OpenAI SDK: `app.use(servedModelRoutes(discovery, options?))`. `discovery` is a
 * `ModelDiscovery` or a fixed list of ids or models. Separate from `availableModelRoutes`, with its own
 * options; requests for any other path go on to the next middleware untouched.
 */
export function servedModelRoutes(discovery: ServedModels, options?: ServedModelsOptions<Request>): RequestHandler {
  return middleware('servedModelRoutes', createServedModelsHandler<Request>(discovery, options));
}

type Handle = ((request: ModelRoutesRequest<Request>) => Promise<ModelRoutesResponse> | undefined) & {
  answerNow?: (request: ModelRoutesRequest<Request>) => ModelRoutesResponse | undefined;
};

function middleware(name: string, handle: Handle): RequestHandler {
  const run = (req: Request, res: Response, next: NextFunction): void => {
    // `req.url` is relative to the mount point and still raw, in Express 4 and 5 alike.
    const { path, query } = splitTarget(req.url);
    const request: ModelRoutesRequest<Request> = { method: req.method, path, query, headers: req.headers, native: req };
    // A warm read is answered in this tick, as a bare route would.
    const ready = handle.answerNow?.(request);
    if (ready) return send(res, ready);
    const pending = handle(request);
    if (!pending) return next();
    pending.then((response) => send(res, response)).catch(next);
  };
  // Named, so the middleware is recognisable in a stack trace or `app._router.stack`.
  return Object.defineProperty(run, 'name', { value: name });
}

function send(res: Response, { status, headers, body }: ModelRoutesResponse): void {
  res.statusCode = status;
  for (const header in headers) res.setHeader(header, headers[header]!);
  res.end(body);
}

/**
 * @deprecated Since 0.2.0: use `availableModelRoutes` (the same function under the name that says which route family it is). Removed in 0.3.0.
 */
export const modelRoutes = availableModelRoutes;
