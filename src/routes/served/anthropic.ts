import type { Model } from '../../model/schema.js';
import type { ROUTE_PROBLEMS, RouteProblem } from '../shared/problems.js';
import { SERVED_DEFAULTS } from './defaults.js';
import { pageRange, type AnthropicPageParams } from './pagination.js';
import { modelsOf, type ModelList } from './model-list.js';

/** One model as the Anthropic API's `GET /v1/models/{id}` answers it. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339; `1970-01-01T00:00:00Z` when the release date is unknown. */
  created_at: string;
}

/** One page of the Anthropic API's `GET /v1/models`. */
export interface AnthropicModelPage {
  data: AnthropicModel[];
  has_more: boolean;
  /** Use as `before_id` for the previous page; `null` on an empty page. */
  first_id: string | null;
  /** Use as `after_id` for the next page; `null` on an empty page. */
  last_id: string | null;
}

/** The Anthropic API's error body. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/** The Anthropic API's error types the served routes answer with, from the routes' one problem table. */
export type AnthropicErrorType = (typeof ROUTE_PROBLEMS)[RouteProblem]['anthropic'];

/** A model in the Anthropic shape; an unknown display name is the id, an unknown date the epoch. */
export function toAnthropicModel(model: Model): AnthropicModel {
  return {
    type: 'model',
    id: model.id,
    display_name: model.display_name ?? model.id,
    created_at: model.created_at ?? SERVED_DEFAULTS.createdAt,
  };
}

/**
 * One page of a list in the Anthropic shape, paged the way the Anthropic API pages: `limit`
 * (1-1000, default 20) items after `afterId` or before `beforeId`, in the list's own order.
 *
 * @throws RangeError for a limit out of range, both cursors at once, or a cursor that is not in the list.
 */
export function toAnthropicPage(list: ModelList, params: AnthropicPageParams = {}): AnthropicModelPage {
  const models = modelsOf(list);
  const range = pageRange(models.length, (id) => models.findIndex((model) => model.id === id), params);
  if ('problem' in range) throw new RangeError(`model-discovery: ${range.problem}`);
  return anthropicPageOf(models.slice(range.start, range.end).map(toAnthropicModel), range.hasMore);
}

export function anthropicPageOf(data: AnthropicModel[], hasMore: boolean): AnthropicModelPage {
  return { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

export function anthropicError(type: AnthropicErrorType, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type, message } };
}
