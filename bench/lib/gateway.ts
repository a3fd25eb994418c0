import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { CatalogueServer, catalogue } from './catalogue.js';

export interface Gateway {
  url: string;
  /** Requests the gateway has received so far: the upstream calls a client made. */
  readonly calls: number;
  reset(): void;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Fixed time the gateway waits before answering, as a slow LiteLLM would. */
  delayMs?: number;
  models?: number;
  paged?: boolean;
}

/** A real gateway on 127.0.0.1 answering `GET /v1/models` after a fixed delay. */
export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const { delayMs = 0, models = 20, paged = false } = options;
  const bodies = new CatalogueServer(catalogue(models), paged);
  const sockets = new Set<Socket>();
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls += 1;
    const body = bodies.body(new URL(req.url ?? '/', 'http://gateway'));
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.byteLength });
      res.end(body);
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  // Thousands of callers at once arrive faster than the default backlog drains.
  server.maxConnections = 20_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    reset() {
      calls = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
