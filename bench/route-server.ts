/**
 * The server side of the route-overhead section, in its own process so that the server and the
 * load generator each get a core: `tsx route-server.ts <express|fastify|hono>` mounts
 * `availableModelRoutes` on a warm discovery and, beside it, a bare route in the same framework that sends
 * the same pre-serialised body and headers (and the same 304). Prints `{ url }` once listening;
 * closes on SIGTERM.
 */
import type { AddressInfo } from 'node:net';

import { catalogue, CatalogueServer, inMemoryFetch } from './lib/catalogue.js';
import { loadAdapter, loadLibrary } from './lib/library.js';

export const ROUTE = '/api/v1/models/available';
export const BARE = '/bare';

interface Prepared {
  body: string;
  /** Headers of the 200, exactly as model-discovery sends them. */
  headers: Record<string, string>;
  etag: string;
}

type Frameworks = 'express' | 'fastify' | 'hono';
type Discovery = InstanceType<Awaited<ReturnType<typeof loadLibrary>>['ModelDiscovery']>;

/** The bare route's answer: the 200 or, when the client holds the ETag, the same 304 as ours. */
function bareAnswer(prepared: Prepared, ifNoneMatch: string | undefined): { status: number; headers: Record<string, string>; body: string | undefined } {
  if (ifNoneMatch === prepared.etag) {
    const { 'content-type': _, ...headers } = prepared.headers;
    return { status: 304, headers, body: undefined };
  }
  return { status: 200, headers: prepared.headers, body: prepared.body };
}

async function startExpress(discovery: Discovery, prepared: Prepared): Promise<{ port: number; close(): Promise<void> }> {
  const { default: express } = await import('express');
  const { availableModelRoutes } = await loadAdapter('express');
  const app = express();
  app.use(availableModelRoutes(discovery));
  app.get(BARE, (req, res) => {
    const { status, headers, body } = bareAnswer(prepared, req.headers['if-none-match']);
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.end(body);
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startFastify(discovery: Discovery, prepared: Prepared): Promise<{ port: number; close(): Promise<void> }> {
  const { default: Fastify } = await import('fastify');
  const { availableModelRoutes } = await loadAdapter('fastify');
  const app = Fastify({ logger: false });
  await app.register(availableModelRoutes, { discovery });
  app.get(BARE, (request, reply) => {
    const ifNoneMatch = request.headers['if-none-match'];
    const { status, headers, body } = bareAnswer(prepared, typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined);
    return reply.code(status).headers(headers).send(body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

async function startHono(discovery: Discovery, prepared: Prepared): Promise<{ port: number; close(): Promise<void> }> {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const { availableModelRoutes } = await loadAdapter('hono');
  const app = new Hono();
  app.route('/', availableModelRoutes(discovery));
  app.get(BARE, (c) => {
    const { status, headers, body } = bareAnswer(prepared, c.req.header('if-none-match'));
    return body === undefined ? c.body(null, 304, headers) : c.body(body, 200, headers);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(listening));
  });
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const START: Record<Frameworks, typeof startExpress> = { express: startExpress, fastify: startFastify, hono: startHono };

async function main(): Promise<void> {
  const framework = process.argv[2] as Frameworks;
  if (!(framework in START)) throw new Error('usage: route-server.ts <express|fastify|hono>');
  const { ModelDiscovery } = await loadLibrary();
  const discovery = new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: inMemoryFetch(new CatalogueServer(catalogue(50), false)) });
  await discovery.getModels();
  // Filled in from our own first answer, so the bare route sends byte for byte the same thing.
  const prepared: Prepared = { body: '', headers: {}, etag: '' };
  const server = await START[framework](discovery, prepared);
  const url = `http://127.0.0.1:${server.port}`;
  const first = await fetch(`${url}${ROUTE}`);
  prepared.body = await first.text();
  for (const name of ['content-type', 'cache-control', 'x-content-type-options', 'etag']) {
    const value = first.headers.get(name);
    if (value === null) throw new Error(`bench: the ${framework} route sent no ${name} header.`);
    prepared.headers[name] = value;
  }
  prepared.etag = prepared.headers.etag ?? '';
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ url, etag: prepared.etag, bytes: Buffer.byteLength(prepared.body) })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
