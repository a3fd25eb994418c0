export { ModelDiscovery } from './discovery/model-discovery.js';
export type { GetModelsOptions, RefreshOptions, TenantView } from './discovery/model-discovery.js';
export type { TenantCredentials } from './discovery/credentials.js';
export { DEFAULTS } from './discovery/options.js';
export type { ModelDiscoveryOptions, SourceOptions, UpstreamOptions, WaitUntil } from './discovery/options.js';
export type { DialectName } from './upstream/dialects/index.js';
export type { Store } from './fleet/store.js';
export type { Logger, LogLevel } from './security/safe-log.js';
export type { ReadStatus, RefreshEvent } from './discovery/events.js';
// The zod schemas and the OpenAPI document are in `model-discovery/schema`: importing them here
// would load zod with the main entry (see src/schema/index.ts).
export { SOURCE_STATUSES } from './model/vocabulary.js';
export type { Model, Snapshot, SnapshotWire, SourceInfo, SourceInfoWire, SourceStatus } from './model/schema.js';
export { createAvailableModelsHandler, createModelRoutesHandler } from './routes/available/handler.js';
export type { ModelRoutesHandler } from './routes/available/handler.js';
export type { ModelRoutesOptions, ModelLister, ModelSource } from './routes/available/options.js';
export type { AuthorizeRequest, ModelRoutesRequest, ModelRoutesResponse, RequestHeaders, RequestQuery } from './routes/shared/http.js';
export type { RouteError, RouteErrorCode } from './routes/shared/problems.js';
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
} from './errors/errors.js';
export type { ErrorCode, ErrorInfo } from './errors/errors.js';
export { REDACTED } from './security/redact.js';
export { createServedModelsHandler } from './routes/served/handler.js';
export type { ServedModelsHandler } from './routes/served/handler.js';
export type { ServedFormat, ServedModelsOptions } from './routes/served/options.js';
export type { ServedRequest, ServedResponse } from './routes/served/request.js';
export type { ServedModels, ServedModelSource } from './routes/served/catalog.js';
export { filterModels } from './model/filter.js';
export type { FilterPreset, ModelFilter, ModelMatcher } from './model/filter.js';
export { toAnthropicModel, toAnthropicPage } from './routes/served/anthropic.js';
export type { AnthropicModel, AnthropicModelPage, AnthropicErrorBody, AnthropicErrorType } from './routes/served/anthropic.js';
export { toOpenAIModel, toOpenAIList } from './routes/served/openai.js';
export type { OpenAIModel, OpenAIModelList, OpenAIErrorBody, OpenAIShapeOptions } from './routes/served/openai.js';
export type { AnthropicPageParams } from './routes/served/pagination.js';
export type { ModelList } from './routes/served/model-list.js';
export { SERVED_DEFAULTS } from './routes/served/defaults.js';
