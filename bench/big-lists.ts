import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { catalogue, CatalogueServer, inMemoryFetch, type Shape } from './lib/catalogue.js';
import { scale } from './lib/config.js';
import { bytes, num, ratio, spread } from './lib/format.js';
import { loadLibrary, ROOT } from './lib/library.js';
import { pairedRatios, summarize } from './lib/stats.js';
import type { Row, Section } from './lib/table.js';

const MODELS = 10_000;
// 31 pairs: on a shared two-core machine a single pair ranged 0.8-4.2× in one run, and the median
// of 15 moved by 0.4× between two runs of the same build.
const TIME_RUNS = scale(31, 3);
const MEMORY_RUNS = scale(3, 1);
/** Issue 17's bars: at most 2× a bare JSON.parse of the same bytes; peak memory at most 3× the body; held after GC no more than the parsed JSON. */
const TIME_GOAL = 2;
const PEAK_GOAL = 3;

type Paging = 'paged' | 'unpaged';

interface Memory {
  peak: number;
  retained: number;
  exact: boolean;
  bodyBytes: number;
}

function measureMemory(mode: 'ours' | 'parse', pagesFile: string): Memory {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/big-lists-memory.ts', mode, pagesFile], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Memory;
}

/** The pages as text in a file, so the measuring process does not build (and leave garbage from) the fixture. */
function writePages(server: CatalogueServer, dir: string, name: string): string {
  const decoder = new TextDecoder();
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify([...server.pages()].map(([after, body]) => [after, decoder.decode(body)])));
  return file;
}

type Library = Awaited<ReturnType<typeof loadLibrary>>;

/**
 * Cold discoveries on new instances, each paired with a bare JSON.parse of the same pages. Each
 * side runs in its own function and keeps nothing it made: a result still referenced when the
 * other side runs (a loop variable holds it until it is next assigned) is live data that any
 * scavenge falling in the other's window copies, so each side was timed carrying the other's
 * last result (the previous parse's tree is 11 MB for the nested shape).
 */
async function timeDiscovery(library: Library, server: CatalogueServer, bodies: Uint8Array[]): Promise<{ ours: number[]; parse: number[] }> {
  const ours: number[] = [];
  const parse: number[] = [];
  // Run -1 warms up both paths (and loads the SDK) and is not counted.
  for (let i = -1; i < TIME_RUNS; i += 1) {
    const oursMs = await timeOneDiscovery(library, server);
    const parseMs = timeOneParse(bodies);
    if (i >= 0) {
      ours.push(oursMs);
      parse.push(parseMs);
    }
  }
  return { ours, parse };
}

async function timeOneDiscovery({ ModelDiscovery }: Library, server: CatalogueServer): Promise<number> {
  const discovery = new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: inMemoryFetch(server) });
  const started = performance.now();
  const snapshot = await discovery.getModels();
  const ms = performance.now() - started;
  if (snapshot.models.length !== MODELS) throw new Error(`bench: kept ${snapshot.models.length} of ${MODELS} models.`);
  await discovery.close();
  return ms;
}

function timeOneParse(bodies: Uint8Array[]): number {
  const decoder = new TextDecoder();
  const started = performance.now();
  const parsed = bodies.map((body) => JSON.parse(decoder.decode(body)) as unknown);
  const ms = performance.now() - started;
  if (parsed.length !== bodies.length) throw new Error('bench: a page was not parsed.');
  return ms;
}

function memoryRows(label: string, oursMemory: Memory[], parseMemory: Memory[]): Row[] {
  const perByte = (runs: Memory[], key: 'peak' | 'retained') => runs.map((run) => run[key] / run.bodyBytes);
  const cell = (runs: Memory[], key: 'peak' | 'retained') => `${spread(summarize(perByte(runs, key)), '× body')} = ${bytes(summarize(runs.map((run) => run[key])).median)}`;
  const peak = summarize(perByte(oursMemory, 'peak')).median;
  const held = summarize(pairedRatios(perByte(oursMemory, 'retained'), perByte(parseMemory, 'retained')));
  return [
    {
      compared: `peak memory (resident, above the level before) ÷ body size, ${label}: model-discovery, and JSON.parse for reference`,
      ours: cell(oursMemory, 'peak'),
      theirs: cell(parseMemory, 'peak'),
      ratio: ratio(summarize(pairedRatios(perByte(oursMemory, 'peak'), perByte(parseMemory, 'peak')))),
      goal: `≤ ${PEAK_GOAL}× body (${peak <= PEAK_GOAL ? 'met' : 'missed'})`,
      runs: oursMemory.length,
    },
    {
      compared: `memory held after (heap after GC) ÷ body size, ${label}: model-discovery ÷ JSON.parse (lower = leaner)`,
      ours: cell(oursMemory, 'retained'),
      theirs: cell(parseMemory, 'retained'),
      ratio: ratio(held),
      goal: `≤ 1, no more than the parsed JSON (${held.median <= 1 ? 'met' : 'missed'})`,
      runs: oursMemory.length,
    },
  ];
}

async function measureCase(library: Library, shape: Shape, paging: Paging, dir: string): Promise<{ rows: Row[]; exact: boolean }> {
  const server = new CatalogueServer(catalogue(MODELS, shape), paging === 'paged');
  const bodies = [...server.pages().values()];
  const bodyBytes = bodies.reduce((sum, body) => sum + body.byteLength, 0);
  const label = `${shape === 'nested' ? 'nested extra fields and ids with slashes, ' : ''}${paging === 'paged' ? `${bodies.length} pages of 1,000` : 'one body'}`;
  const { ours, parse } = await timeDiscovery(library, server, bodies);
  const time = summarize(pairedRatios(ours, parse));
  const timeRow: Row = {
    compared: `${num(MODELS)} models, ${bytes(bodyBytes)} in ${label}: response to snapshot ÷ JSON.parse of the same bytes, ms (lower = closer to a bare parse)`,
    ours: spread(summarize(ours), 'ms'),
    theirs: spread(summarize(parse), 'ms'),
    ratio: ratio(time),
    goal: `≤ ${TIME_GOAL}× (${time.median <= TIME_GOAL ? 'met' : 'missed'})`,
    runs: TIME_RUNS,
  };
  const pagesFile = writePages(server, dir, `${shape}-${paging}`);
  const oursMemory: Memory[] = [];
  const parseMemory: Memory[] = [];
  for (let i = 0; i < MEMORY_RUNS; i += 1) {
    oursMemory.push(measureMemory('ours', pagesFile));
    parseMemory.push(measureMemory('parse', pagesFile));
  }
  const exact = [...oursMemory, ...parseMemory].every((run) => run.exact);
  return { rows: [timeRow, ...memoryRows(label, oursMemory, parseMemory)], exact };
}

export async function run(): Promise<Section> {
  const library = await loadLibrary();
  const dir = mkdtempSync(join(tmpdir(), 'md-bench-pages-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    const cases = [['plain', 'unpaged'], ['plain', 'paged'], ['nested', 'unpaged']] as const;
    for (const [shape, paging] of cases) {
      const measured = await measureCase(library, shape, paging, dir);
      rows.push(...measured.rows);
      if (!measured.exact) notes.push(`The ${shape} ${paging} memory figures fell back to the process-wide peak (no /proc/self/clear_refs) and may under-report.`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  notes.push(
    'Resident memory counts heap pages the process already had and reused as free, so a peak can read lower than what was allocated; the heap-after-GC row is exact for what stays referenced (the frozen snapshot, or the parsed JSON).',
  );
  return {
    id: 'big-lists',
    title: '5. Big lists',
    method:
      `A ${num(MODELS)}-model upstream (about 200 bytes of JSON per model, Anthropic shape with extra fields; and a harder shape of about 600 bytes, with nested extra fields and ids with several slashes), served from memory by an injected \`fetch\` (the body streamed in 64 KiB chunks, as from a socket) so only the work after the response counts: ` +
      `SDK request, bounded streaming read, JSON parse, validation, normalisation, freezing. Time: ${TIME_RUNS} cold discoveries on new instances, each paired with a JSON.parse of the same bytes. ` +
      `Memory: ${MEMORY_RUNS} fresh process(es) per figure; the kernel's resident high-water mark is reset just before the work and read just after; the heap in use after GC is read before and after.`,
    rows,
    notes,
  };
}
