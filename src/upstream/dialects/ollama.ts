import { isModelDiscoveryError } from '../../errors/errors.js';
import { fillMissing, MetadataDrops, normalizeMetadata } from '../../model/metadata.js';
import type { RawModel } from '../../model/normalize.js';
import type { Model } from '../../model/schema.js';
import type { Dialect, EnrichContext } from '../dialect.js';
import { arrayAt, bearerHeaders, Failure, includes, isRecord, mapWithLimit, own, rootOf, text } from './shared.js';

/** At most this many `/api/show` calls run at once: Ollama reads each model's file to answer. */
export const OLLAMA_SHOW_CONCURRENCY = 4;

/**
 * Ollama's native API: `GET /api/tags` lists the installed models; the context length and the
 * capabilities are only in `POST /api/show`, asked per model (at most 4 at once, inside the same
 * deadline as the list). A failed `/api/show` costs that model its metadata, never the list.
 */
export const ollama: Dialect = {
  name: 'ollama',

  request(endpoint) {
    // A base set up for Ollama's OpenAI-compatible API (`http://host:11434/v1`) still reaches /api.
    const url = endpoint.modelsPath !== undefined ? `${endpoint.baseURL}${endpoint.modelsPath}` : `${rootOf(endpoint.baseURL, '/v1')}/api/tags`;
    return { url, headers: bearerHeaders(endpoint) };
  },

  parse(body) {
    return { items: arrayAt(body, 'models', 'an Ollama model list') };
  },

  item(raw): RawModel {
    return { id: own(raw, 'name'), description: describe(own(raw, 'details')) };
  },

  async enrich(models, endpoint, context) {
    const root = rootOf(endpoint.baseURL, '/v1');
    const headers = { ...bearerHeaders(endpoint), 'content-type': 'application/json' };
    const shown = await mapWithLimit(models, OLLAMA_SHOW_CONCURRENCY, (model) =>
      context.json({ url: `${root}/api/show`, method: 'POST', headers, body: JSON.stringify({ model: model.id }) }),
    );
    return withShown(models, shown, context);
  },
};

function withShown(models: Model[], shown: unknown[], context: EnrichContext): Model[] {
  const drops = new MetadataDrops();
  const failures = new Map<string, number>();
  const enriched = models.map((model, index) => {
    const result = shown[index];
    if (result instanceof Failure) {
      const code = isModelDiscoveryError(result.error) ? result.error.code : 'failed';
      failures.set(code, (failures.get(code) ?? 0) + 1);
      return model;
    }
    return fillMissing(model, normalizeMetadata(fromShow(result), { drops }));
  });
  if (failures.size > 0) {
    const counts = [...failures].map(([code, count]) => `${code} ×${count}`).join(', ');
    context.warn(
      `Ollama's /api/show failed for ${sum(failures)} of ${models.length} models (${counts}); those are listed without context length or capabilities. Raise \`timeout\` if Ollama is slow to answer.`,
    );
  }
  const summary = drops.summary("Ollama's /api/show");
  if (summary) context.warn(summary);
  return enriched;
}

/** The context length (`<architecture>.context_length`) and capabilities of one `/api/show` answer. */
function fromShow(body: unknown): RawModel {
  const info = own(body, 'model_info');
  const architecture = text(own(info, 'general.architecture'));
  const capabilities = own(body, 'capabilities');
  return {
    id: undefined,
    context_window: architecture === undefined ? undefined : own(info, `${architecture}.context_length`),
    capabilities: Array.isArray(capabilities)
      ? { vision: includes(capabilities, 'vision'), tools: includes(capabilities, 'tools'), reasoning: includes(capabilities, 'thinking') }
      : capabilities,
    kind: kindOf(capabilities),
  };
}

/** `completion` is a text model; `embedding` without it is an embedding model; `image` generates images. */
function kindOf(capabilities: unknown): string | undefined {
  if (!Array.isArray(capabilities) || capabilities.length === 0) return undefined;
  if (includes(capabilities, 'completion')) return 'chat';
  if (includes(capabilities, 'embedding')) return 'embedding';
  if (includes(capabilities, 'image')) return 'image';
  if (includes(capabilities, 'audio')) return 'audio';
  return 'other';
}

/** "llama, 8.0B parameters, Q4_0" from the `details` of `/api/tags`, as far as they are given. */
function describe(details: unknown): string | undefined {
  if (!isRecord(details)) return undefined;
  const family = text(own(details, 'family'));
  const size = text(own(details, 'parameter_size'));
  const quantization = text(own(details, 'quantization_level'));
  const parts = [family, size === undefined ? undefined : `${size} parameters`, quantization].filter((part) => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}
