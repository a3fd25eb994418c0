/**
 * The one table of what can go wrong with a request to either route family: its HTTP status and
 * its code in each answer shape. The available-models routes answer in the plain shape, whose code
 * is the problem's own name (`{ "error": { "code": "invalid_request", ... } }`); the served routes
 * answer in the Anthropic or the OpenAI shape, with that API's own error vocabulary.
 */
export const ROUTE_PROBLEMS = {
  invalid_request: { status: 400, anthropic: 'invalid_request_error', openai: 'invalid_request' },
  unauthorized: { status: 401, anthropic: 'authentication_error', openai: 'invalid_api_key' },
  not_found: { status: 404, anthropic: 'not_found_error', openai: 'model_not_found' },
  method_not_allowed: { status: 405, anthropic: 'invalid_request_error', openai: 'method_not_allowed' },
  internal_error: { status: 500, anthropic: 'api_error', openai: 'server_error' },
} as const;

export type RouteProblem = keyof typeof ROUTE_PROBLEMS;

/** The problems the available-models routes can answer with (they have no one-model path, so no 404). */
export const AVAILABLE_PROBLEMS = ['invalid_request', 'unauthorized', 'method_not_allowed', 'internal_error'] as const satisfies readonly RouteProblem[];

export type RouteErrorCode = (typeof AVAILABLE_PROBLEMS)[number];

/** The body of every 4xx/5xx answer of the available-models routes (`routeErrorSchema` in `model-discovery/schema`). */
export interface RouteError {
  error: { code: RouteErrorCode; message: string };
}

/** The headers of every JSON answer of both families: JSON that a browser must not sniff as something else. */
export function jsonHeaders(cacheControl: 'no-cache' | 'no-store'): { 'content-type': string; 'cache-control': string; 'x-content-type-options': string } {
  return { 'content-type': 'application/json; charset=utf-8', 'cache-control': cacheControl, 'x-content-type-options': 'nosniff' };
}
