import { gzipSync } from 'node:zlib';

import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { startLocalServer, type LocalServer } from '../support/local-server.js';
import { CANARY_KEY, GATEWAY, nativeFetch, openaiList, serveModels } from '../support/upstream.js';

const servers: LocalServer[] = [];
async function gateway(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
  const server = await startLocalServer(handler);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function discovery(baseURL: string, options: ConstructorParameters<typeof ModelDiscovery>[0] = {}) {
  return new ModelDiscovery({ baseURL, apiKey: CANARY_KEY, env: {}, timeout: 5_000, fetch: nativeFetch, ...options });
}

describe('the deadline covers the whole exchange', () => {
  it('times out a gateway that never answers', async () => {
    const server = await gateway(() => {});
    const snapshot = await discovery(server.url, { timeout: 300 }).getModels();
    expect(snapshot.error?.code).toBe('timeout');
    expect(snapshot.error?.message).toMatch(/300 ms/);
  });

  it('times out a gateway that sends headers and then nothing', async () => {
    const server = await gateway((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    });
    const snapshot = await discovery(server.url, { timeout: 300 }).getModels();
    expect(snapshot.error?.code).toBe('timeout');
  });

  it('times out a body dribbled one byte at a time', async () => {
    const body = JSON.stringify(openaiList(['a', 'b', 'c']));
    const server = await gateway((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let i = 0;
      const timer = setInterval(() => {
        if (i >= body.length || res.destroyed) return clearInterval(timer);
        res.write(body[i++]);
      }, 20);
      res.on('close', () => clearInterval(timer));
    });
    // The whole body would take about 1.2 s to arrive; the deadline is a quarter of that.
    const snapshot = await discovery(server.url, { timeout: 300 }).getModels();
    expect(snapshot.error?.code).toBe('timeout');
  });
});

/** Streams up to 100 MB, respecting backpressure, and counts what it managed to send. */
function hundredMegabytes(status: number, contentType: string) {
  let sent = 0;
  const handler: Parameters<typeof startLocalServer>[0] = (_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (sent < 100 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  };
  return { handler, sent: () => sent };
}

describe('the fetch is told when the deadline passes', () => {
  // The anthropic dialect sends through the SDK, which hands the client's fetch a signal of its
  // own; the refresh's deadline must still reach the fetch, so a real one hangs up the socket.
  it.each([['anthropic (through the SDK)', 'anthropic'], ['openai (direct)', 'openai']] as const)('aborts the signal the fetch was given: %s', async (_name, dialect) => {
    const signals: AbortSignal[] = [];
    const hanging: typeof globalThis.fetch = (_input, init) => {
      if (init?.signal) signals.push(init.signal);
      return new Promise<Response>(() => {});
    };
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 200, dialect, fetch: hanging }).getModels();
    expect(snapshot.error?.code).toBe('timeout');
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect((signals[0]!.reason as Error).name).toBe('TimeoutError');
  });
});

describe('a custom fetch that ignores its abort signal', () => {
  const never: typeof globalThis.fetch = () => new Promise<Response>(() => {});
  const dribbling: typeof globalThis.fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.enqueue(new TextEncoder().encode(' '));
        },
      }),
      { headers: { 'content-type': 'application/json' } },
    );

  it.each([
    ['never resolves', never],
    ['dribbles its body for ever', dribbling],
  ])('still times out when it %s (regression: the refresh, and every caller joining it, never ended)', async (_, fetch) => {
    const discovery = new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 300, fetch });
    const snapshot = await discovery.getModels();
    expect(snapshot.error?.code).toBe('timeout');
    // The refresh was released: a forced one is free to run (and time out) again.
    expect((await discovery.refresh()).error?.code).toBe('timeout');
  });
});

describe('a custom fetch whose body streams something other than Uint8Array', () => {
  /** A Response whose body streams `chunks` as they are (a ReadableStream hands any value on). */
  const streaming = (chunks: unknown[], status = 200): typeof globalThis.fetch => async () =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    );

  // A list body (padded to whole 4-byte floats) as Float32Array views of 64 KiB: read as the bytes
  // they hold, not element by element. 1.5 MiB takes the path that joins an ASCII body's chunks
  // into one buffer (ascii-text.ts), where a copy by element turned each float into one byte.
  it.each([
    ['one chunk', 10],
    ['many chunks, 1.5 MiB', 9_000],
  ])('reads other views as their bytes: %s', async (_, count) => {
    const data = Array.from({ length: count }, (_, index) => ({ id: `model-${index}`, display_name: `Model ${index}`, created_at: '2025-01-01T00:00:00Z', owned_by: 'vendor-with-a-longer-name' }));
    let text = JSON.stringify({ object: 'list', data });
    text += ' '.repeat((4 - (text.length % 4)) % 4);
    const bytes = new TextEncoder().encode(text);
    const floats: Float32Array[] = [];
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) floats.push(new Float32Array(bytes.buffer, offset, Math.min(64 * 1024, bytes.length - offset) / 4));
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, maxModels: count, fetch: streaming(floats) }).getModels();
    expect(snapshot.error).toBeNull();
    expect(snapshot.models).toHaveLength(count);
    expect(snapshot.models.at(-1)).toEqual(data.at(-1));
  });

  it('refuses a body that streams text, as invalid_response saying what a fetch must return', async () => {
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, fetch: streaming(['{"data":[]}']) }).getModels();
    expect(snapshot.error?.code).toBe('invalid_response');
    expect(snapshot.error?.message).toMatch(/must return a Response whose body streams Uint8Array chunks/);
  });

  it('reads an error body of other views as its bytes for the detail, and still reports the status when one streams text', async () => {
    const words = new TextEncoder().encode('{"error":"overloaded"}  ');
    const floats = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, fetch: streaming([new Float32Array(words.buffer)], 500) }).getModels();
    expect(floats.error).toMatchObject({ code: 'http_error', status: 500 });
    expect(floats.error?.detail).toContain('overloaded');
    const text = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, fetch: streaming([words, 'not bytes'], 503) }).getModels();
    expect(text.error).toMatchObject({ code: 'http_error', status: 503 });
    expect(text.error?.detail).toContain('overloaded');
  });
});

describe('paging stops at the deadline', () => {
  // A fetch that ignores its signal and answers every page after 60 ms, always with one more page
  // to come: the refresh times out at 200 ms, and no page may be asked for after that.
  const pages = {
    anthropic: (n: number) => ({ data: [{ id: `model-${n}` }], has_more: true, last_id: `model-${n}` }),
    gemini: (n: number) => ({ models: [{ name: `models/model-${n}` }], nextPageToken: `token-${n}` }),
  };
  it.each(['anthropic', 'gemini'] as const)('asks for no further page once the refresh has timed out: %s', async (dialect) => {
    let calls = 0;
    const endless: typeof globalThis.fetch = async () => {
      calls += 1;
      const page = calls;
      await new Promise((resolve) => setTimeout(resolve, 60));
      return Response.json(pages[dialect](page));
    };
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 200, maxPages: 50, dialect, fetch: endless }).getModels();
    expect(snapshot.error?.code).toBe('timeout');
    const atTimeout = calls;
    expect(atTimeout).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The page in flight at the deadline may still settle; none is sent after it.
    expect(calls).toBe(atTimeout);
  });
});

describe('enrichment stops at the deadline', () => {
  // Ollama's list comes at once; each /api/show, asked 4 at a time, answers after 60 ms from a
  // fetch that ignores its signal. The deadline (200 ms) falls among them: none is sent after it.
  it('asks for no further /api/show once the refresh has timed out: ollama', async () => {
    const names = Array.from({ length: 40 }, (_, index) => `model-${index}:latest`);
    let shows = 0;
    const slowShow: typeof globalThis.fetch = async (input) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/api/tags')) return Response.json({ models: names.map((name) => ({ name })) });
      shows += 1;
      await new Promise((resolve) => setTimeout(resolve, 60));
      return Response.json({ model_info: { 'llama.context_length': 8192 } });
    };
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {}, timeout: 200, dialect: 'ollama', fetch: slowShow }).getModels();
    // A failed enrichment keeps the list.
    expect(snapshot.models).toHaveLength(names.length);
    const atTimeout = shows;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(shows).toBe(atTimeout);
    expect(shows).toBeLessThan(names.length);
  });
});

describe('the body cap is enforced while the body streams in', () => {
  it('stops reading a body larger than maxBodyBytes', async () => {
    const body = hundredMegabytes(200, 'application/json');
    const server = await gateway(body.handler);
    const snapshot = await discovery(server.url, { maxBodyBytes: 1024 * 1024 }).getModels();
    expect(snapshot.error?.code).toBe('body_too_large');
    // The server could not push much past the cap before the client hung up.
    expect(body.sent()).toBeLessThan(50 * 1024 * 1024);
  });

  it('counts decompressed bytes, so a gzip bomb is cut off at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    const server = await gateway((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const snapshot = await discovery(server.url, { maxBodyBytes: 1024 * 1024 }).getModels();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(snapshot.error?.code).toBe('body_too_large');
  });

  it('stops reading an error body at the cap too, which the SDK would otherwise buffer whole', async () => {
    const body = hundredMegabytes(500, 'text/plain');
    const server = await gateway(body.handler);
    const snapshot = await discovery(server.url, { maxBodyBytes: 64 * 1024 }).getModels();
    // The SDK reads an error body only to build its message; the status is what we report.
    expect(snapshot.error).toMatchObject({ code: 'http_error', status: 500 });
    expect(body.sent()).toBeLessThan(50 * 1024 * 1024);
  });

  it('accepts a gzip body under the cap', async () => {
    const server = await gateway((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(openaiList(['zipped']))));
    });
    const snapshot = await discovery(server.url).getModels();
    expect(snapshot.models.map((m) => m.id)).toEqual(['zipped']);
  });
});

describe('redirects are refused', () => {
  it('never sends the key to another origin that a redirect points at', async () => {
    const elsewhere = await gateway((_req, res) => res.end(JSON.stringify(openaiList(['stolen']))));
    const server = await gateway((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/v1/models` });
      res.end();
    });
    const snapshot = await discovery(server.url).getModels();
    expect(snapshot.error?.code).toBe('redirect_refused');
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('refuses a same-origin redirect too, and names what to fix', async () => {
    const server = await gateway((req, res) => {
      res.writeHead(301, { location: '/api/v1/models' });
      res.end();
    });
    const snapshot = await discovery(server.url).getModels();
    expect(snapshot.error?.code).toBe('redirect_refused');
    expect(snapshot.error?.message).toMatch(/base URL/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('network failures', () => {
  it('reports a refused connection as network_error', async () => {
    const server = await gateway(() => {});
    const url = server.url;
    await server.close();
    const snapshot = await discovery(url).getModels();
    expect(snapshot.error?.code).toBe('network_error');
    expect(snapshot.error?.message).toMatch(/connection was refused \(ECONNREFUSED\)/);
  });

  it('reports a connection reset mid-body as network_error', async () => {
    const server = await gateway((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":[{"id":"a"}');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const snapshot = await discovery(server.url).getModels();
    expect(snapshot.error?.code).toBe('network_error');
  });

  it('reports a fetch that fails outright as network_error', async () => {
    serveModels(() => HttpResponse.error());
    const snapshot = await new ModelDiscovery({ baseURL: GATEWAY, env: {} }).getModels();
    expect(snapshot.error?.code).toBe('network_error');
  });
});
