import type { Model } from '../../model/schema.js';
import type { ROUTE_PROBLEMS, RouteProblem } from '../shared/problems.js';
import { SERVED_DEFAULTS } from './defaults.js';
import { claudeIdsFirst } from './claude-first.js';
import { modelsOf, type ModelList } from './model-list.js';
import { PAGE_LIMIT, pageRange, type AnthropicPageParams } from './pagination.js';

/** One model as the Anthropic API's `GET /v1/models/{id}` answers it. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339; `1970-01-01T00:00:00Z` when the release date is unknown. */
  created_at: string;
  /** The upstream's one-line description, when it gave one: Claude Code shows it in `/model`. */
  description?: string;
  /** Most input tokens, when known (the model's `context_window`). */
  max_input_tokens?: number;
  /** The largest `max_tokens` a request may ask for, when known (`max_output_tokens`). */
  max_tokens?: number;
  /** The capabilities known, in the Anthropic API's form: `image_input` (vision), `thinking` (reasoning). */
  capabilities?: AnthropicCapabilities;
}

export interface AnthropicCapabilities {
  image_input?: { supported: boolean };
  thinking?: { supported: boolean };
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

/**
 * A model in the Anthropic shape; an unknown display name is the id (never `null`: Claude Code
 * refuses a whole list with one `null` name), an unknown date the epoch.
 */
export function toAnthropicModel(model: Model): AnthropicModel {
  const served: AnthropicModel = {
    type: 'model',
    id: model.id,
    display_name: model.display_name || model.id,
    created_at: model.created_at ?? SERVED_DEFAULTS.createdAt,
  };
  if (model.description) served.description = model.description;
  // As the Anthropic API sends them, but only where known: a guessed limit would mislead a client.
  if (model.context_window !== undefined) served.max_input_tokens = model.context_window;
  if (model.max_output_tokens !== undefined) served.max_tokens = model.max_output_tokens;
  const capabilities = anthropicCapabilities(model);
  if (capabilities) served.capabilities = capabilities;
  return served;
}

function anthropicCapabilities(model: Model): AnthropicCapabilities | undefined {
  const { vision, reasoning } = model.capabilities ?? {};
  if (vision === undefined && reasoning === undefined) return undefined;
  const capabilities: AnthropicCapabilities = {};
  if (vision !== undefined) capabilities.image_input = { supported: vision };
  if (reasoning !== undefined) capabilities.thinking = { supported: reasoning };
  return capabilities;
}

/**
 * One page of a list in the Anthropic shape, paged the way the Anthropic API pages: `limit`
 * (1-1000, default 20) items after `afterId` or before `beforeId`, in the list's own order, except
 * that a page smaller than the list puts the ids Claude Code keeps first, as the served route does.
 *
 * @throws RangeError for a limit out of range, both cursors at once, or a cursor that is not in the list.
 */
export function toAnthropicPage(list: ModelList, params: AnthropicPageParams = {}): AnthropicModelPage {
  const all = modelsOf(list);
  // As the served route does: a page smaller than the list lists Claude ids first (claude-first.ts).
  const models = (params.limit ?? PAGE_LIMIT.default) < all.length ? claudeIdsFirst(all) : all;
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
