import type { Model } from '../../model/schema.js';
import { SERVED_DEFAULTS } from './defaults.js';
import { modelsOf, type ModelList } from './model-list.js';

/** One model as OpenAI's `GET /v1/models/{model}` answers it. */
export interface OpenAIModel {
  id: string;
  object: 'model';
  /** Unix seconds; `0` when unknown. */
  created: number;
  owned_by: string;
  /** Most input tokens, when known: an addition some OpenAI-compatible servers (Groq) make. */
  context_window?: number;
}

/** OpenAI's `GET /v1/models`: the whole list, unpaged. */
export interface OpenAIModelList {
  object: 'list';
  data: OpenAIModel[];
}

/** OpenAI's error body. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface OpenAIShapeOptions {
  /** `owned_by` for models whose upstream named no owner. @default "system" */
  ownedBy?: string;
}

/** A model in the OpenAI shape; an unknown date is `0`, an unknown owner `ownedBy`. */
export function toOpenAIModel(model: Model, options: OpenAIShapeOptions = {}): OpenAIModel {
  const served: OpenAIModel = {
    id: model.id,
    object: 'model',
    created: unixSeconds(model.created_at),
    owned_by: model.owned_by ?? options.ownedBy ?? SERVED_DEFAULTS.ownedBy,
  };
  if (model.context_window !== undefined) served.context_window = model.context_window;
  return served;
}

/** A whole list in the OpenAI shape, in its own order. */
export function toOpenAIList(list: ModelList, options: OpenAIShapeOptions = {}): OpenAIModelList {
  return { object: 'list', data: modelsOf(list).map((model) => toOpenAIModel(model, options)) };
}

export function openaiError(message: string, code: string, param: string | null = null): OpenAIErrorBody {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

function unixSeconds(createdAt: string | undefined): number {
  const time = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  return Number.isFinite(time) && time > 0 ? Math.floor(time / 1000) : SERVED_DEFAULTS.created;
}
