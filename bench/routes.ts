import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import autocannon from 'autocannon';

import { scale } from './lib/config.js';
import { bytes, ratio, spread } from './lib/format.js';
import { ROOT } from './lib/library.js';
import { pairedRatios, summarize } from './lib/stats.js';
import type { Row, Section } from './lib/table.js';
import { BARE, ROUTE } from './route-server.js';

const FRAMEWORKS = ['express', 'fastify', 'hono'] as const;
// Many short rounds rather than a few long ones: on a shared machine the speed moves within
// seconds, and a ratio of two neighbouring measurements sees less of that move. The same build
// measured 0.69–1.35× over 3 rounds of 1 s.
const SECONDS = scale(1, 0.75);
const WARM_SECONDS = 1;
const RUNS = scale(10, 5);
const CONNECTIONS = 10;

interface Server {
  url: string;
  etag: string;
  bytes: number;
  child: ChildProcess;
}

async function startServer(framework: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/route-server.ts', framework], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`bench: the ${framework} server exited (${code}).`))));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  const line = await Promise.race([first, exited]);
  lines.close();
  return { ...(JSON.parse(line) as Omit<Server, 'child'>), child };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * CPU time the server process has used, in ms, from /proc (Linux; clock ticks of 10 ms): unlike
 * requests per second it barely moves when other work shares the machine. `undefined` elsewhere.
 */
function serverCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Load {
  perSecond: number;
  /** Server CPU per request in µs, when /proc can tell. */
  cpuMicros: number | undefined;
}

/** Requests per second on one path, checking every answer had the expected status class. */
async function load(server: Server, path: string, headers: Record<string, string>, expect: 200 | 304, seconds = SECONDS): Promise<Load> {
  const url = `${server.url}${path}`;
  const cpuBefore = serverCpuMs(server.child.pid);
  const result = await autocannon({ url, headers, connections: CONNECTIONS, pipelining: 1, duration: seconds });
  const cpuAfter = serverCpuMs(server.child.pid);
  const wrong = result.errors + result.timeouts + (expect === 200 ? result.non2xx : result.requests.total - result['3xx']);
  if (wrong > 0) throw new Error(`bench: ${wrong} of ${result.requests.total} answers from ${url} were not ${expect}.`);
  const cpuMicros = cpuBefore === undefined || cpuAfter === undefined ? undefined : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  return { perSecond: result.requests.average, cpuMicros };
}

type Variant = 'ours200' | 'bare200' | 'ours304' | 'bare304';
const PAIRS: ReadonlyArray<readonly [Variant, Variant]> = [
  ['ours200', 'bare200'],
  ['ours304', 'bare304'],
];

interface Measured {
  loads: Record<Variant, Load[]>;
  bytes: number;
}

async function measure(framework: string): Promise<Measured> {
  const server = await startServer(framework);
  try {
    const cached = { 'if-none-match': server.etag };
    const variants: Record<Variant, (seconds?: number) => Promise<Load>> = {
      ours200: (seconds) => load(server, ROUTE, {}, 200, seconds),
      bare200: (seconds) => load(server, BARE, {}, 200, seconds),
      ours304: (seconds) => load(server, ROUTE, cached, 304, seconds),
      bare304: (seconds) => load(server, BARE, cached, 304, seconds),
    };
    const loads: Record<Variant, Load[]> = { ours200: [], bare200: [], ours304: [], bare304: [] };
    // One untimed pass warms the JIT on every path before the timed rounds.
    for (const run of Object.values(variants)) await run(WARM_SECONDS);
    // Each of ours is measured next to its bare twin, first in one round and second in the next,
    // so neither side always inherits the other's garbage or a machine that is speeding up.
    for (let round = 0; round < RUNS; round += 1) {
      for (const pair of PAIRS) {
        for (const name of round % 2 === 0 ? pair : [pair[1], pair[0]]) loads[name].push(await variants[name]());
      }
    }
    return { loads, bytes: server.bytes };
  } finally {
    await stopServer(server);
  }
}

export async function run(): Promise<Section> {
  const rows: Row[] = [];
  const cpu: string[] = [];
  let bodyBytes = 0;
  for (const framework of FRAMEWORKS) {
    const { loads, bytes: size } = await measure(framework);
    bodyBytes = size;
    const row = (status: 200 | 304): Row => {
      const ours = loads[status === 200 ? 'ours200' : 'ours304'].map((run) => run.perSecond);
      const bare = loads[status === 200 ? 'bare200' : 'bare304'].map((run) => run.perSecond);
      return {
        compared: `${framework}: \`GET ${ROUTE}\`${status === 304 ? ' with `If-None-Match` (304)' : ' (200)'} ÷ a bare ${framework} route sending the same bytes, req/s`,
        ours: spread(summarize(ours), 'req/s'),
        theirs: spread(summarize(bare), 'req/s'),
        ratio: ratio(summarize(pairedRatios(ours, bare))),
        goal: '≥ 0.9',
        runs: RUNS,
      };
    };
    rows.push(row(200), row(304));
    const micros = (variant: Variant) => loads[variant].map((run) => run.cpuMicros ?? Number.NaN);
    if (micros('ours200').every(Number.isFinite)) {
      // bare ÷ ours, round by round, so that like the req/s ratio ≥ 1 means ours costs no more.
      const cpuRatio = (status: 200 | 304) => ratio(summarize(pairedRatios(micros(`bare${status}`), micros(`ours${status}`))));
      cpu.push(
        `${framework}: 200 ${spread(summarize(micros('ours200')), 'µs')} vs bare ${spread(summarize(micros('bare200')), 'µs')}, ratio ${cpuRatio(200)}; ` +
          `304 ${spread(summarize(micros('ours304')), 'µs')} vs bare ${spread(summarize(micros('bare304')), 'µs')}, ratio ${cpuRatio(304)}`,
      );
    }
  }
  return {
    id: 'routes',
    title: '2. Route overhead',
    method:
      `Each framework's server runs in its own process on 127.0.0.1 (Express 5, Fastify 5, Hono on @hono/node-server), autocannon drives it from this one over real sockets: ` +
      `${CONNECTIONS} connections, no pipelining, ${SECONDS} s per measurement, after an untimed ${WARM_SECONDS} s pass on every path; ${RUNS} rounds, each measuring our route and the bare one back to back, ours first in one round and second in the next. ` +
      `The warm discovery holds 50 models (a ${bytes(bodyBytes)} body). The bare route is in the same app and sends the body, headers and ETag that model-discovery sent first, with the same 304.`,
    rows,
    notes: [
      'Every answer is checked: a run with any error, timeout or unexpected status stops the section.',
      ...(cpu.length > 0
        ? [`Server CPU per request (from /proc; steadier than req/s on a shared machine, where req/s also moves with the load generator's share of the CPU), ratio bare ÷ ours round by round: ${cpu.join('; ')}.`]
        : []),
    ],
  };
}
