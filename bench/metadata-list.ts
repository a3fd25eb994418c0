import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { inMemoryFetch } from './lib/catalogue.js';
import { scale } from './lib/config.js';
import { bytes, num, ratio, spread } from './lib/format.js';
import { loadLibrary, ROOT } from './lib/library.js';
import { openrouterBody } from './lib/openrouter-catalogue.js';
import { pairedRatios, summarize } from './lib/stats.js';
import type { Row, Section } from './lib/table.js';

const MODELS = 10_000;
const TIME_RUNS = scale(15, 3);
const MEMORY_RUNS = scale(3, 1);
/** The bars: at most 2.5× a bare JSON.parse of the same bytes, peak memory at most 4× the body. */
const TIME_GOAL = 2.5;
const MEMORY_GOAL = 4;

interface Memory {
  peak: number;
  retained: number;
  exact: boolean;
  bodyBytes: number;
}

type Library = Awaited<ReturnType<typeof loadLibrary>>;

function discovery({ ModelDiscovery }: Library, body: Uint8Array<ArrayBuffer>) {
  return new ModelDiscovery({
    baseURL: 'https://openrouter.bench',
    dialect: 'openrouter',
    env: {},
    maxBodyBytes: 64 * 1024 * 1024,
    fetch: inMemoryFetch({ body: () => body }),
  });
}

/**
 * Cold discoveries, each paired with a bare JSON.parse of the same bytes. Each side runs in its own
 * function and keeps nothing it made: a result still referenced while the other side runs (a loop
 * variable holds it until next assigned) is live data that a scavenge in the other's window copies.
 */
async function time(library: Library, body: Uint8Array<ArrayBuffer>): Promise<{ ours: number[]; parse: number[] }> {
  const ours: number[] = [];
  const parse: number[] = [];
  for (let i = -1; i < TIME_RUNS; i += 1) {
    const oursMs = await timeOneDiscovery(library, body);
    const parseMs = timeOneParse(body);
    if (i >= 0) {
      ours.push(oursMs);
      parse.push(parseMs);
    }
  }
  return { ours, parse };
}

async function timeOneDiscovery(library: Library, body: Uint8Array<ArrayBuffer>): Promise<number> {
  const instance = discovery(library, body);
  const started = performance.now();
  const snapshot = await instance.getModels();
  const ms = performance.now() - started;
  if (snapshot.models.length !== MODELS || snapshot.models[0]?.pricing?.input !== 0.4) throw new Error(`bench: got ${snapshot.models.length} models (${snapshot.error?.code ?? 'no error'}).`);
  await instance.close();
  return ms;
}

function timeOneParse(body: Uint8Array<ArrayBuffer>): number {
  const started = performance.now();
  const parsed = JSON.parse(new TextDecoder().decode(body)) as { data: unknown[] };
  const ms = performance.now() - started;
  if (parsed.data.length !== MODELS) throw new Error('bench: the body was not parsed.');
  return ms;
}

function measureMemory(mode: 'ours' | 'parse', file: string): Memory {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/metadata-list-memory.ts', mode, file], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Memory;
}

export async function run(): Promise<Section> {
  const library = await loadLibrary();
  const body = openrouterBody(MODELS);
  const { ours, parse } = await time(library, body);
  const dir = mkdtempSync(join(tmpdir(), 'md-bench-openrouter-'));
  const file = join(dir, 'body.json');
  const ourMemory: Memory[] = [];
  const parseMemory: Memory[] = [];
  try {
    writeFileSync(file, body);
    for (let i = 0; i < MEMORY_RUNS; i += 1) {
      ourMemory.push(measureMemory('ours', file));
      parseMemory.push(measureMemory('parse', file));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const timeRatio = summarize(pairedRatios(ours, parse));
  const peakPerBody = summarize(ourMemory.map((run) => run.peak / run.bodyBytes));
  const rows: Row[] = [
    {
      compared: `${num(MODELS)} OpenRouter-like models with metadata, ${bytes(body.byteLength)} in one body: response to snapshot ÷ JSON.parse of the same bytes, ms`,
      ours: spread(summarize(ours), 'ms'),
      theirs: spread(summarize(parse), 'ms'),
      ratio: ratio(timeRatio),
      goal: `≤ ${TIME_GOAL}× (${timeRatio.median <= TIME_GOAL ? 'met' : 'missed'})`,
      runs: TIME_RUNS,
    },
    {
      compared: 'peak memory (resident, above the level before) ÷ body size: model-discovery, and JSON.parse for reference',
      ours: `${spread(peakPerBody, '× body')} = ${bytes(summarize(ourMemory.map((run) => run.peak)).median)}`,
      theirs: `${spread(summarize(parseMemory.map((run) => run.peak / run.bodyBytes)), '× body')}`,
      ratio: ratio(summarize(pairedRatios(ourMemory.map((run) => run.peak), parseMemory.map((run) => run.peak)))),
      goal: `≤ ${MEMORY_GOAL}× body (${peakPerBody.median <= MEMORY_GOAL ? 'met' : 'missed'})`,
      runs: MEMORY_RUNS,
    },
  ];
  return {
    id: 'metadata-list',
    title: '6. A big list with metadata',
    method:
      `A ${num(MODELS)}-model OpenRouter-like \`/api/v1/models\` (about 1 KiB of JSON per model: description, per-token string prices, architecture, top provider, parameters), served from memory by an injected \`fetch\` (the body streamed in 64 KiB chunks), discovered with \`dialect: 'openrouter'\`: ` +
      `bounded read, JSON parse, the dialect's mapping, id rules, metadata checks and per-million price conversion, freezing. Time: ${TIME_RUNS} cold discoveries, each paired with a JSON.parse of the same bytes. Memory: ${MEMORY_RUNS} fresh process(es) per figure.`,
    rows,
    notes: ourMemory.every((run) => run.exact) ? [] : ['The memory figures fell back to the process-wide peak (no /proc/self/clear_refs) and may under-report.'],
  };
}
