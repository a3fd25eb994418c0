/**
 * Stand-in for `src/upstream/dialect.ts` (issue 11 owns that file) until it lands on main: the
 * Dialect interface exactly as PLAN.md states it, so the dialects here can be written and tested
 * now. Replaced by imports from `../dialect.js` when the sources work is merged.
 */
import type { ModelMetadata } from '../../model/metadata.js';

export type DialectName = 'anthropic' | 'openai' | 'litellm' | 'ollama' | 'gemini' | 'openrouter' | 'lmstudio' | 'cursor';

export interface SourceEndpoint {
  readonly baseURL: string;
  readonly apiKey?: string;
  readonly authToken?: string;
  readonly basic?: { user: string; password: string };
  readonly headers: Readonly<Record<string, string>>;
  readonly modelsPath?: string;
}

export interface PageRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface ParsedPage {
  readonly items: readonly unknown[];
  readonly next?: string;
}

export interface EnrichContext {
  json(request: PageRequest): Promise<unknown>;
  warn(message: string): void;
}

/** One upstream item in the shared raw form: named fields, values unchecked. */
export interface RawModel {
  id: unknown;
  display_name?: unknown;
  created_at?: unknown;
  created?: unknown;
  owned_by?: unknown;
  context_window?: unknown;
  max_output_tokens?: unknown;
  pricing?: unknown;
  capabilities?: unknown;
  kind?: unknown;
  description?: unknown;
}

export type Model = { id: string; display_name?: string; created_at?: string; owned_by?: string } & ModelMetadata;

export interface Dialect {
  readonly name: DialectName;
  request(endpoint: SourceEndpoint, cursor: string | undefined): PageRequest;
  parse(body: unknown): ParsedPage;
  item(raw: unknown): RawModel | undefined;
  enrich?(models: Model[], endpoint: SourceEndpoint, context: EnrichContext): Promise<Model[]>;
}
