import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A model as the Anthropic API lists it. */
export interface GatewayModel {
  id: string;
  display_name: string;
  created_at: string;
}

export const SAMPLE_MODELS: GatewayModel[] = [
  { id: 'claude-opus-4-1', display_name: 'Claude Opus 4.1', created_at: '2025-08-05T00:00:00Z' },
  { id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { id: 'claude-haiku-4-5', display_name: 'Claude Haiku 4.5', created_at: '2025-10-15T00:00:00Z' },
  { id: 'gpt-4o', display_name: 'GPT-4o', created_at: '2024-05-13T00:00:00Z' },
  { id: 'gpt-4o-mini', display_name: 'GPT-4o mini', created_at: '2024-07-18T00:00:00Z' },
  { id: 'gemini-2.5-pro', display_name: 'Gemini 2.5 Pro', created_at: '2025-06-17T00:00:00Z' },
  { id: 'llama3.1:8b', display_name: 'Llama 3.1 8B (Ollama)', created_at: '2024-07-23T00:00:00Z' },
];

export interface LocalGateway {
  url: string;
  /** Requests served, for counting upstream calls. */
  readonly requests: number;
  setModels(models: GatewayModel[]): void;
  close(): Promise<void>;
}

/**
 * A small stand-in for a LiteLLM or Anthropic gateway on 127.0.0.1: `GET /v1/models` with the
 * Anthropic API's cursor pages (`limit`, `after_id`, `has_more`, `last_id`), and a page size cap
 * so that a client has to follow pages. Requires the key it is given, when given one.
 */
export async function startLocalGateway(
  options: { port?: number; models?: GatewayModel[]; pageSize?: number; apiKey?: string } = {},
): Promise<LocalGateway> {
  let models = options.models ?? SAMPLE_MODELS;
  let requests = 0;
  const pageSize = options.pageSize ?? 3;
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/v1/models') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'Not found' } }));
    }
    requests += 1;
    if (options.apiKey && req.headers['x-api-key'] !== options.apiKey) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }));
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, pageSize);
    const after = url.searchParams.get('after_id');
    const start = after === null ? 0 : models.findIndex((m) => m.id === after) + 1;
    const data = models.slice(start, start + limit).map((m) => ({ type: 'model', ...m }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        data,
        has_more: start + limit < models.length,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      }),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    setModels: (next) => {
      models = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
