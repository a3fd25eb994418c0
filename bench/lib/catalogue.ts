/** A made-up but realistic model entry: about 200 bytes of JSON, as big gateways send. */
export function fakeModel(index: number): Record<string, unknown> {
  const n = String(index).padStart(5, '0');
  return {
    type: 'model',
    id: `vendor-${index % 7}/family-${n}-instruct`,
    display_name: `Vendor ${index % 7} Family ${n} Instruct`,
    created_at: '2025-09-29T00:00:00Z',
    // Fields this library ignores, so the parser's cost of skipping them is part of the figure.
    owned_by: `vendor-${index % 7}`,
    context_window: 200_000,
    max_output: 64_000,
    modalities: ['text', 'image'],
  };
}

/**
 * The harder shape (9.7× a bare parse before issue 17): nested extra fields this library
 * ignores (limits, a pricing table, routing metadata with arrays of objects) and ids with several
 * slashes, as routers that prefix a provider and a region send them. About 600 bytes of JSON.
 */
export function nestedModel(index: number): Record<string, unknown> {
  const base = fakeModel(index);
  return {
    ...base,
    id: `router/region-${index % 3}/${String(base.id)}`,
    limits: { context: { input: 200_000, output: 64_000 }, rate: { rpm: 4000, tpm: 400_000 } },
    pricing_table: [
      { unit: 'input_token', usd: 0.000003, tiers: [{ upto: 200_000, usd: 0.000003 }] },
      { unit: 'output_token', usd: 0.000015, tiers: [{ upto: 200_000, usd: 0.000015 }] },
    ],
    routing: { providers: [{ name: `vendor-${index % 7}`, regions: ['us-east-1', 'eu-west-1'], weight: 1 }], fallback: null, tags: ['chat', 'tools', `tier-${index % 4}`] },
  };
}

export type Shape = 'plain' | 'nested';

export function catalogue(count: number, shape: Shape = 'plain'): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => (shape === 'plain' ? fakeModel(index) : nestedModel(index)));
}

/**
 * Serves a catalogue as `GET /v1/models` bodies. `paged`: Anthropic paging by `limit` and
 * `after_id`; otherwise the whole list in one body, as LiteLLM does. Bodies are encoded once.
 */
export class CatalogueServer implements BodySource {
  readonly #models: Record<string, unknown>[];
  readonly #paged: boolean;
  readonly #bodies = new Map<string, Uint8Array<ArrayBuffer>>();

  constructor(models: Record<string, unknown>[], paged: boolean) {
    this.#models = models;
    this.#paged = paged;
  }

  body(url: URL): Uint8Array<ArrayBuffer> {
    const after = url.searchParams.get('after_id') ?? '';
    const limit = Number(url.searchParams.get('limit') ?? '1000');
    const key = this.#paged ? `${after} ${limit}` : '';
    let body = this.#bodies.get(key);
    if (!body) {
      body = new TextEncoder().encode(JSON.stringify(this.#page(after, limit)));
      this.#bodies.set(key, body);
    }
    return body;
  }

  /** Every body a full discovery reads, in order, keyed by the `after_id` that asks for it. */
  pages(): Map<string, Uint8Array<ArrayBuffer>> {
    const pages = new Map<string, Uint8Array<ArrayBuffer>>();
    let after = '';
    for (;;) {
      const url = new URL('http://gateway.bench/v1/models?limit=1000');
      if (after) url.searchParams.set('after_id', after);
      const body = this.body(url);
      pages.set(after, body);
      const page = JSON.parse(new TextDecoder().decode(body)) as { has_more?: boolean; last_id?: string };
      if (!page.has_more || !page.last_id) return pages;
      after = page.last_id;
    }
  }

  #page(after: string, limit: number): object {
    if (!this.#paged) return { object: 'list', data: this.#models, has_more: false };
    const start = after ? this.#models.findIndex((model) => model.id === after) + 1 : 0;
    const data = this.#models.slice(start, start + limit);
    return {
      data,
      has_more: start + limit < this.#models.length,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
    };
  }
}

/** Bodies by `after_id`, as `CatalogueServer.pages()` lists them: serves the same pages again. */
export function pageSource(pages: Map<string, Uint8Array<ArrayBuffer>>): BodySource {
  return {
    body(url) {
      const body = pages.get(url.searchParams.get('after_id') ?? '');
      if (!body) throw new Error(`bench: no page for ${url.search}`);
      return body;
    },
  };
}

export interface BodySource {
  body(url: URL): Uint8Array<ArrayBuffer>;
}

/**
 * A `fetch` that answers from memory at once: no socket, no delay, so a timing measures only
 * what happens after the response arrives. The body streams in 64 KiB views of the stored bytes,
 * as a socket delivers it: a `Response` built on the bytes themselves copies them whole first
 * (undici's `extractBody`), the fake server's work and a second body in memory that no real
 * upstream costs the client.
 */
export function inMemoryFetch(source: BodySource): typeof globalThis.fetch {
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return new Response(chunked(source.body(url)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

const CHUNK_BYTES = 64 * 1024;

function chunked(body: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= body.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(body.subarray(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
    },
  });
}
