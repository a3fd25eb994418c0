import { isModelDiscoveryError } from '../../errors/errors.js';
import { fillMissing, MetadataDrops, normalizeMetadata, perTokenToPerMillion, type RawMetadata } from '../../model/metadata.js';
import type { RawModel } from '../../model/normalize.js';
import type { Dialect, EnrichContext, SourceEndpoint } from '../dialect.js';
import { openai } from './openai.js';
import { arrayAt, bearerHeaders, isRecord, own, rootOf } from './shared.js';

/** LiteLLM's `mode` → our `kind`. A mode not listed is still a kind of model: `other`. */
const KINDS: Record<string, string> = {
  chat: 'chat',
  completion: 'chat',
  responses: 'chat',
  embedding: 'embedding',
  image_generation: 'image',
  image_edit: 'image',
  audio_transcription: 'audio',
  audio_speech: 'audio',
  realtime: 'audio',
};

/** Where LiteLLM serves its metadata: the model groups first, the per-deployment list as a fallback. */
const METADATA_PATHS = ['/model_group/info', '/v1/model/info'] as const;

/**
 * A LiteLLM proxy: the OpenAI list (`GET /v1/models`, key as Bearer), then the metadata LiteLLM
 * keeps per model group. The metadata is a bonus: when both of its routes fail (an old LiteLLM, a
 * key without access) the list is served as it came, with one warning.
 *
 * Only the fields named below are read. `litellm_params` holds each deployment's `api_base` and,
 * in some versions, more; nothing of it is ever read into a model.
 */
export const litellm: Dialect = {
  name: 'litellm',

  // The list is the OpenAI one, request and shape alike.
  request: openai.request,
  parse: openai.parse,

  item(raw): RawModel {
    return { id: own(raw, 'id'), created: own(raw, 'created'), owned_by: own(raw, 'owned_by') };
  },

  async enrich(models, endpoint, context) {
    const table = await readMetadata(endpoint, context);
    if (!table) return models;
    const drops = new MetadataDrops();
    const enriched = models.map((model) => {
      const entry = table.get(model.id);
      return entry ? fillMissing(model, normalizeMetadata(fromLiteLLM(entry), { drops })) : model;
    });
    const summary = drops.summary("LiteLLM's model metadata");
    if (summary) context.warn(summary);
    return enriched;
  },
};

/** The metadata rows by model name, from the first route that answers with them; undefined when none does. */
async function readMetadata(endpoint: SourceEndpoint, context: EnrichContext): Promise<Map<string, Record<string, unknown>> | undefined> {
  const root = rootOf(endpoint.baseURL, '/v1');
  const reasons: string[] = [];
  for (const path of METADATA_PATHS) {
    try {
      const body = await context.json({ url: `${root}${path}`, headers: bearerHeaders(endpoint) });
      return path === '/model_group/info' ? byModelGroup(body) : byDeployment(body);
    } catch (error) {
      // Our own codes only: an upstream error's text may echo the key.
      reasons.push(`${path}: ${isModelDiscoveryError(error) ? error.code : 'failed'}`);
    }
  }
  context.warn(
    `LiteLLM's model metadata could not be read (${reasons.join(', ')}); the models are listed without context window, prices or capabilities. A key that may call /model_group/info fixes this.`,
  );
  return undefined;
}

function byModelGroup(body: unknown): Map<string, Record<string, unknown>> {
  const table = new Map<string, Record<string, unknown>>();
  for (const row of arrayAt(body, 'data', 'LiteLLM model group metadata')) {
    const name = own(row, 'model_group');
    if (typeof name === 'string' && isRecord(row) && !table.has(name)) table.set(name, row);
  }
  return table;
}

/** `/v1/model/info` lists deployments; the first deployment of a name speaks for it, from its `model_info` only. */
function byDeployment(body: unknown): Map<string, Record<string, unknown>> {
  const table = new Map<string, Record<string, unknown>>();
  for (const row of arrayAt(body, 'data', 'LiteLLM model metadata')) {
    const name = own(row, 'model_name');
    const info = own(row, 'model_info');
    if (typeof name === 'string' && isRecord(info) && !table.has(name)) table.set(name, info);
  }
  return table;
}

function fromLiteLLM(row: Record<string, unknown>): RawMetadata {
  const mode = own(row, 'mode');
  return {
    context_window: own(row, 'max_input_tokens'),
    max_output_tokens: own(row, 'max_output_tokens'),
    pricing: { input: price(own(row, 'input_cost_per_token')), output: price(own(row, 'output_cost_per_token')) },
    capabilities: {
      vision: own(row, 'supports_vision'),
      tools: own(row, 'supports_function_calling'),
      reasoning: own(row, 'supports_reasoning'),
    },
    kind: typeof mode === 'string' ? (KINDS[mode] ?? 'other') : mode,
  };
}

/**
 * LiteLLM reports `0.0` for a model its cost map does not know (a self-hosted model, a rerank
 * group), so zero means "unknown" here rather than "free": a picker must not show such a model as
 * costing nothing.
 */
function price(value: unknown): unknown {
  return value === 0 ? undefined : perTokenToPerMillion(value);
}
