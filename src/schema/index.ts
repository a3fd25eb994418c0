/**
 * `model-discovery/schema`: the public zod schemas and the OpenAPI document built from them. Apart
 * from the main entry so that importing `model-discovery` never loads zod (about 45 ms of start-up);
 * the runtime checks the same rules by hand (model/check.ts, model/wire.ts), held equal to these
 * schemas by property tests.
 */
export { modelSchema, snapshotSchema, errorInfoSchema, snapshotWireSchema, sourceInfoSchema, sourceInfoWireSchema } from '../model/schema.js';
export { pricingSchema, capabilitiesSchema } from '../model/metadata-schema.js';
export { routeErrorSchema } from '../routes/shared/error-schema.js';
export { availableModelRoutesOpenAPI, modelRoutesOpenAPI } from '../routes/available/openapi.js';
export type { ModelRoutesOpenAPIOptions, OpenAPIDocument } from '../routes/available/openapi.js';
export type { Model, Snapshot, SnapshotWire, SourceInfo, SourceInfoWire } from '../model/schema.js';
export type { RouteError, RouteErrorCode } from '../routes/shared/problems.js';
