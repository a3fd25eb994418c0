/**
 * An OpenRouter-like `GET /api/v1/models` body: every row in the shape of the real row in
 * test/fixtures/dialects/openrouter/models.json (about 1 KiB of JSON each, a two-sentence
 * description, per-token prices as strings, architecture, top provider, supported parameters).
 */
export function openrouterModel(index: number): Record<string, unknown> {
  const n = String(index).padStart(5, '0');
  const vendor = `vendor-${index % 13}`;
  return {
    id: `${vendor}/model-${n}`,
    canonical_slug: `${vendor}/model-${n}-20250813`,
    hugging_face_id: '',
    name: `Vendor ${index % 13}: Model ${n}`,
    created: 1_755_095_639 - index,
    description:
      `Model ${n} is an updated version of an earlier model, a high-performance enterprise-grade language model designed to deliver frontier-level capabilities at significantly reduced operational cost. ` +
      'It balances state-of-the-art reasoning and multimodal performance, making it suitable for scalable deployments across professional and industrial use cases.',
    context_length: 131_072 * (1 + (index % 4)),
    architecture: { modality: 'text+image->text', input_modalities: ['text', 'image'], output_modalities: ['text'], tokenizer: 'Mistral', instruct_type: null },
    pricing: { prompt: '0.0000004', completion: '0.000002', request: '0', image: '0', web_search: '0', internal_reasoning: '0', input_cache_read: '0.00000004' },
    top_provider: { context_length: 262_144, max_completion_tokens: index % 3 === 0 ? null : 32_768, is_moderated: false },
    per_request_limits: null,
    supported_parameters: ['frequency_penalty', 'max_tokens', 'presence_penalty', 'response_format', 'seed', 'stop', 'structured_outputs', 'temperature', 'tool_choice', 'tools', 'top_p'],
  };
}

/** The whole list as one body, as OpenRouter sends it (no paging). */
export function openrouterBody(count: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify({ data: Array.from({ length: count }, (_, index) => openrouterModel(index)) }));
}
