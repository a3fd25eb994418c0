import { catalogue, CatalogueServer, inMemoryFetch } from '/work/wt/perf-pages/bench/lib/catalogue.js';
import { boundedFetch, readListPage } from '/work/wt/perf-pages/src/upstream/transport.ts';
import { ModelCollector } from '/work/wt/perf-pages/src/model/normalize.ts';
import { anthropic } from '/work/wt/perf-pages/src/upstream/dialects/anthropic.ts';
import { Redactor } from '/work/wt/perf-pages/src/security/redact.ts';
import { ModelDiscovery } from '/work/wt/perf-pages/src/index.ts';
const server = new CatalogueServer(catalogue(10_000, 'plain'), process.argv[2] === 'paged');
const bodies = [...server.pages().values()];
const f = inMemoryFetch(server);
const redactor = new Redactor([]);
const bf = boundedFetch({ fetch: f, maxBodyBytes: 64 * 1024 * 1024, redactor } as any);
async function ours() { const d = new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: f }); const t = performance.now(); const s = await d.getModels(); const ms = performance.now() - t; if (s.models.length !== 10000) throw 1; await d.close(); return ms; }
const urls = [...server.pages().keys()].map((k) => 'http://gateway.bench/v1/models?limit=1000' + (k ? '&after_id=' + k : ''));
async function readOurs() { const t = performance.now(); for (const u of urls) { const r = await bf(u); const p = await readListPage(r, 'data'); if (!p.body) throw 1; } return performance.now() - t; }
async function readText() { const t = performance.now(); for (const u of urls) { const r = await f(u); const v = JSON.parse(await r.text()); if (!v) throw 1; } return performance.now() - t; }
async function collect() { const t = performance.now(); const c = new ModelCollector(100000); for (const u of urls) { const r = await bf(u); const p = await readListPage(r, 'data'); c.add((p.body as any).data, (i) => anthropic.item(i)); } const res = c.result(); const ms = performance.now() - t; if (res.models.length !== 10000) throw 1; return ms; }
function parse() { const dec = new TextDecoder(); const t = performance.now(); const p = bodies.map((b) => JSON.parse(dec.decode(b))); const ms = performance.now() - t; if (!p.length) throw 1; return ms; }
const fns: Record<string, () => number | Promise<number>> = { ours, readOurs, readText, collect, parse };
const res: Record<string, number[]> = {};
for (let i = -2; i < 40; i++) for (const [k, fn] of Object.entries(fns)) { const ms = await fn(); if (i >= 0) (res[k] ??= []).push(ms); }
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(12), 'median', v[20].toFixed(2), 'p25', v[10].toFixed(2), 'min', v[0].toFixed(2)); }
