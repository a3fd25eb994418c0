// A gateway for Claude Code in front of an OpenAI-shaped upstream (LiteLLM, vLLM, Ollama...).
// Claude Code (with CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1) asks GET /v1/models?limit=1000
// once at start-up, gives the answer 3 s, and lists the Claude ids it gets in its /model picker.
// This server answers that list in the Anthropic shape from the upstream's real inventory, in
// time even on a cold start, and forwards every other request (POST /v1/messages) unchanged.
//
//   LITELLM_BASE_URL=http://127.0.0.1:4000 LITELLM_API_KEY=sk-... npx tsx examples/claude-code-gateway.ts
//   CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY=1 ANTHROPIC_BASE_URL=http://127.0.0.1:8787 claude
import { createServer } from 'node:http';
import { pipeline, Readable } from 'node:stream';

import { createServedModelsHandler, ModelDiscovery } from 'model-discovery';

const upstream = process.env.LITELLM_BASE_URL ?? 'http://127.0.0.1:4000';

const discovery = new ModelDiscovery({
  baseURL: upstream,
  authToken: process.env.LITELLM_API_KEY,
  // Served while the upstream has never answered (down or slow at start-up). Only ids the
  // upstream can route: Claude Code sends the one picked to POST /v1/messages as it is.
  fallbackModels: (process.env.FALLBACK_MODELS ?? '').split(',').filter(Boolean),
  // Explicit options only: in this process ANTHROPIC_BASE_URL may well point at this gateway itself.
  env: {},
});

// maxWait (default 2 s) bounds how long a request waits for discovery: a slow upstream never
// makes Claude Code's 3 s deadline pass; it gets the held or fallback list instead.
const serveModels = createServedModelsHandler(discovery, { format: 'anthropic' });

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  const reply = serveModels({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
  if (reply) {
    const { status, headers, body } = await reply;
    res.writeHead(status, headers).end(body);
    return;
  }
  // Everything else (POST /v1/messages above all) goes to the upstream as it came.
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'host' && name !== 'connection') headers.set(name, String(value));
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // The path is set on the upstream's own URL, never resolved against it: `//other-host/x` must
  // not become a request to another host.
  const target = new URL(upstream);
  target.pathname = target.pathname.replace(/\/$/, '') + url.pathname;
  target.search = url.search;
  // A client that goes away (Ctrl-C in Claude Code) ends the upstream request too.
  const cancelled = new AbortController();
  res.on('close', () => cancelled.abort());
  try {
    const answer = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : null,
      redirect: 'manual',
      signal: cancelled.signal,
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
    // fetch has already decoded the body, so its encoding and length no longer apply.
    const forwarded = [...answer.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name));
    res.writeHead(answer.status, Object.fromEntries(forwarded));
    // pipeline, not pipe: an upstream that drops the connection mid-body ends this response, not the process.
    if (answer.body) pipeline(Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream), res, (error) => error && res.destroy());
    else res.end();
  } catch {
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'The upstream gateway could not be reached.' } }));
  }
});

// Stops cleanly on Ctrl-C and when a supervisor (or a test) sends SIGTERM.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

// Warm up before listening: the first discovery settles (within `timeout`, 5 s by default, and
// never rejects), so the first Claude Code to start already gets the upstream's list.
const warm = await discovery.getModels();
console.log(warm.discoveryAvailable ? `Discovered ${warm.models.length} model(s).` : `Discovery failed (${warm.error?.code}); serving ${warm.models.length} fallback model(s) while it retries.`);

const port = Number(process.env.PORT ?? 8787);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`Claude Code gateway on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port} -> ${upstream}`);
});
