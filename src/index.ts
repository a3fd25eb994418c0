export { ModelDiscovery } from './model-discovery.js';
export type { GetModelsOptions, RefreshOptions } from './model-discovery.js';
export { DEFAULTS } from './options.js';
export type { ModelDiscoveryOptions } from './options.js';
export type { Store } from './store.js';
export type { Logger, LogLevel } from './logger.js';
export type { RefreshEvent } from './events.js';
export { modelSchema, snapshotSchema, errorInfoSchema, snapshotWireSchema, routeErrorSchema } from './schema.js';
export type { Model, Snapshot, SnapshotWire, RouteError, RouteErrorCode } from './schema.js';
export { createModelRoutesHandler } from './http/handler.js';
export type { ModelRoutesHandler } from './http/handler.js';
export type {
  AuthorizeRequest,
  ModelRoutesOptions,
  ModelRoutesRequest,
  ModelRoutesResponse,
  ModelSource,
  RequestHeaders,
  RequestQuery,
} from './http/options.js';
export { modelRoutesOpenAPI } from './http/openapi.js';
export type { ModelRoutesOpenAPIOptions, OpenAPIDocument } from './http/openapi.js';
export {
  ERROR_CODES,
  ModelDiscoveryError,
  NotConfiguredError,
  UpstreamTimeoutError,
  NetworkError,
  UnauthorizedError,
  HttpError,
  InvalidResponseError,
  BodyTooLargeError,
  RedirectRefusedError,
  isModelDiscoveryError,
} from './errors.js';
export type { ErrorCode, ErrorInfo } from './errors.js';
export { REDACTED } from './redact.js';
