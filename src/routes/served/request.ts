import type { ModelRoutesRequest, ModelRoutesResponse } from '../shared/http.js';

/**
 * The plain request the served handler answers: the same record the available-models handler
 * takes, so an adapter builds both the same way. `path` is relative to the mount point and still
 * percent-encoded, so an id holding `/` or `%` can be told apart from the path around it.
 */
export type ServedRequest<Native = unknown> = ModelRoutesRequest<Native>;

/** The plain response an adapter sends as it is; `body` (JSON text) is absent for HEAD. */
export type ServedResponse = ModelRoutesResponse;
