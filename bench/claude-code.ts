import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { scale } from './lib/config.js';
import { num, ratio, spread } from './lib/format.js';
import { startGateway } from './lib/gateway.js';
import { loadLibrary } from './lib/library.js';
import { summarize } from './lib/stats.js';
import type { Section } from './lib/table.js';

// Claude Code 2.1.332 gives its one `GET /v1/models?limit=1000` this long (its default
// CLAUDE_CODE_GATEWAY_MODEL_DISCOVERY_TIMEOUT_MS) and then silently keeps its old list.
const CLAUDE_CODE_DEADLINE_MS = 3_000;
const RUNS = scale(5, 1);
const QUICK_UPSTREAM_MS = 100;
// Slower than the discovery `timeout` (5 s): an upstream that is, for this request, not there.
const SLOW_UPSTREAM_MS = 10_000;
const WARM_REQUESTS = scale(200, 20);

type Library = Awaited<ReturnType<typeof loadLibrary>>;

/** The served route on a bare node:http server, as examples/claude-code-gateway.ts mounts it. */
async function serve(library: Library, upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const discovery = new library.ModelDiscovery({ baseURL: upstream, env: {}, fallbackModels: ['claude-sonnet-4-5'] });
  const handle = library.createServedModelsHandler(discovery);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench.invalid');
    const pending = handle({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
    if (!pending) res.writeHead(404).end();
    else void pending.then(({ status, headers, body }) => res.writeHead(status, headers).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Milliseconds until Claude Code's request has its whole answer. */
async function claudeCodeRequest(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/models?limit=1000`, { headers: { 'anthropic-version': '2023-06-01', 'x-api-key': 'bench', 'user-agent': 'claude-code/2.1.332' } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`bench: the served route answered ${response.status}`);
  return performance.now() - started;
}

/** The first request to a server whose discovery has never run, against an upstream that answers after `delayMs`. */
async function coldRequests(library: Library, delayMs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const gateway = await startGateway({ delayMs, models: 200 });
    const server = await serve(library, gateway.url);
    try {
      times.push(await claudeCodeRequest(server.url));
    } finally {
      await server.close();
      await gateway.close();
    }
  }
  return times;
}

export async function run(): Promise<Section> {
  const library = await loadLibrary();
  const quick = await coldRequests(library, QUICK_UPSTREAM_MS);
  const slow = await coldRequests(library, SLOW_UPSTREAM_MS);

  const gateway = await startGateway({ models: 200 });
  const server = await serve(library, gateway.url);
  const warm: number[] = [];
  try {
    await claudeCodeRequest(server.url);
    for (let i = 0; i < WARM_REQUESTS; i += 1) warm.push(await claudeCodeRequest(server.url));
  } finally {
    await server.close();
    await gateway.close();
  }

  const headroom = (times: number[]) => ratio(summarize(times.map((ms) => CLAUDE_CODE_DEADLINE_MS / ms)));
  const row = (compared: string, times: number[], goal: string) => ({
    compared,
    ours: spread(summarize(times), 'ms'),
    theirs: `${num(CLAUDE_CODE_DEADLINE_MS)} ms`,
    ratio: headroom(times),
    goal,
    runs: times.length,
  });
  return {
    id: 'claude-code',
    title: "8. Claude Code's model request",
    method:
      `Claude Code's \`GET /v1/models?limit=1000\` (with \`anthropic-version\`) sent with fetch to \`createServedModelsHandler\` on a node:http server on 127.0.0.1, ` +
      `default options (\`maxWait\` 2,000 ms), with a real gateway of 200 models behind it. Cold: a new \`ModelDiscovery\` that has never fetched, ${RUNS} run(s) each. ` +
      `"Alternative" is Claude Code's own deadline (${num(CLAUDE_CODE_DEADLINE_MS)} ms); the ratio is that deadline ÷ our answer time (> 1 = answered in time).`,
    rows: [
      row(`cold server, upstream answering after ${num(QUICK_UPSTREAM_MS)} ms: Claude Code's deadline ÷ our answer time`, quick, '≥ 1'),
      row(`cold server, upstream slower than \`timeout\` (${num(SLOW_UPSTREAM_MS)} ms): Claude Code's deadline ÷ our answer time`, slow, '≥ 1'),
      row(`warm server (held list), ${num(WARM_REQUESTS)} sequential requests: Claude Code's deadline ÷ our answer time`, warm, 'info'),
    ],
    notes: [
      'The slow case answers after `maxWait` from the fallback list while discovery goes on; without `maxWait` it waited the whole discovery `timeout` (5 s), past Claude Code\'s deadline, and Claude Code showed no gateway models.',
      "The first cold run includes the process's lazy import of the Anthropic SDK (the slowest run of the quick-upstream row); a server that awaits `discovery.getModels()` before `listen` pays it before any client asks.",
      'test/claude-code/real-cli.test.ts checks the same cases with the real CLI (what it cached), without timing assertions.',
    ],
  };
}
