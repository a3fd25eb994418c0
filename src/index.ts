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
export { createServedModelsHandler } from './served/handler.js';
export type { ServedModelsHandler } from './served/handler.js';
export type { ServedFormat, ServedModelsOptions } from './served/options.js';
export type { ServedRequest, ServedResponse } from './served/request.js';
export type { ServedModelSource } from './served/catalog.js';
export { filterModels } from './filter.js';
export type { ModelFilter, ModelMatcher } from './filter.js';
export { toAnthropicModel, toAnthropicPage } from './served/anthropic.js';
export type { AnthropicModel, AnthropicModelPage, AnthropicErrorBody, AnthropicErrorType } from './served/anthropic.js';
export { toOpenAIModel, toOpenAIList } from './served/openai.js';
export type { OpenAIModel, OpenAIModelList, OpenAIErrorBody, OpenAIShapeOptions } from './served/openai.js';
export type { AnthropicPageParams } from './served/pagination.js';
export type { ModelList } from './served/source.js';
export { SERVED_DEFAULTS } from './served/defaults.js';
