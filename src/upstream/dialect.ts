import type { Model } from '../model/schema.js';
import type { RawModel } from '../model/normalize.js';

/**
 * Where and how to reach one source's upstream, built once by `endpoint.ts` from the source's
 * options. Credentials live here and nowhere else; `baseURL` never holds them.
 */
export interface SourceEndpoint {
  /** Origin + path, no credentials, no query, no trailing slash (a trailing `/v1` is kept). */
  readonly baseURL: string;
  readonly apiKey?: string;
  readonly authToken?: string;
  /** From `user:pass@` in the base URL, decoded. */
  readonly basic?: { readonly user: string; readonly password: string };
  /** The source's `headers` option (and `ANTHROPIC_CUSTOM_HEADERS` for the default source). */
  readonly headers: Readonly<Record<string, string>>;
  /** The `modelsPath` option: replaces the dialect's path to the list, e.g. `/openai/models`. */
  readonly modelsPath?: string;
}

/** One request, final: the transport sends it as it is. */
export interface PageRequest {
  /** Absolute. */
  readonly url: string;
  /** @default 'GET' */
  readonly method?: 'GET' | 'POST';
  /** Auth and custom headers, final. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text, for POST. */
  readonly body?: string;
}

/** What one page yields: raw items (normalised by the shared normaliser) and the next cursor. */
export interface ParsedPage {
  readonly items: readonly unknown[];
  /** The cursor of the next page; undefined on the last page. */
  readonly next?: string;
}

/** What `enrich` may use: more requests inside the same deadline and bounds, and one warning. */
export interface EnrichContext {
  /** Sends one more request inside the same deadline and bounds; resolves the parsed JSON. */
  json(request: PageRequest): Promise<unknown>;
  /** Logs one summarised warning (scrubbed). */
  warn(message: string): void;
}

/** Sends one request and resolves its 2xx response; every failure is thrown as a `ModelDiscoveryError`. */
export type Send = (request: PageRequest, signal: AbortSignal) => Promise<Response>;

/**
 * How one kind of upstream lists its models. A dialect is one small module in `dialects/`: it
 * builds the request for a page and reads a page. It never fetches on its own: the transport (one
 * deadline over the whole refresh, body cap after decompression, no redirects, page cap, error
 * classification) does all I/O, so every dialect gets the same bounds and error codes for free.
 */
export interface Dialect {
  /** The name the `dialect` option uses. */
  readonly name: string;
  /** The request for the first page (`cursor` undefined) or the page after `cursor`. */
  request(endpoint: SourceEndpoint, cursor: string | undefined): PageRequest;
  /** One page's JSON → items + next cursor. Throws `InvalidResponseError` for a body of the wrong shape. */
  parse(body: unknown): ParsedPage;
  /**
   * Optional: the key of a page's list, for a dialect whose `parse` hands that array back as its
   * `items`, the very array, reading no element but the last. The list's items are then parsed
   * one at a time and let go once mapped, rather than all at once (see `json-list.ts`).
   */
  readonly listKey?: string;
  /** One raw item → the shared raw-model form, or undefined to drop it (counted as dropped). Called without `this`. */
  item(raw: unknown): RawModel | undefined;
  /**
   * Optional extra requests after the list (LiteLLM `/model_group/info`, Ollama `/api/show`).
   * Must never lose the list: a failure here is a warning and the list is kept as it was.
   */
  enrich?(models: Model[], endpoint: SourceEndpoint, context: EnrichContext): Promise<Model[]>;
  /**
   * Optional: builds, once per source, what sends this dialect's requests, given the transport's
   * bounded `fetch`. Without it that fetch sends them directly. The `anthropic` dialect sends
   * through the Anthropic SDK, whose own `fetch` is the bounded one.
   */
  connect?(fetch: typeof globalThis.fetch, endpoint: SourceEndpoint): Promise<Send>;
}
