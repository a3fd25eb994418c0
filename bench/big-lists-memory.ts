/**
 * One memory measurement of the big-lists section, in a fresh process so that little else is on
 * the heap: `tsx big-lists-memory.ts <ours|parse> <pages.json>` reads the pages the parent wrote
 * and prints `{ peak, retained, exact, bodyBytes }` in bytes.
 */
import { readFileSync } from 'node:fs';

import { catalogue, CatalogueServer, inMemoryFetch, pageSource } from './lib/catalogue.js';
import { loadLibrary } from './lib/library.js';
import { heapUsedAfterGc, peakRssDuring } from './lib/memory.js';

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (!file) throw new Error('usage: big-lists-memory.ts <ours|parse> <pages.json>');
  const written = JSON.parse(readFileSync(file, 'utf8')) as [string, string][];
  const pages = new Map(written.map(([after, body]) => [after, new TextEncoder().encode(body)]));
  written.length = 0;
  const bodyBytes = [...pages.values()].reduce((sum, body) => sum + body.byteLength, 0);
  const { ModelDiscovery } = await loadLibrary();
  // A small discovery first, so loading the SDK is not counted as the list's memory.
  await new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: inMemoryFetch(new CatalogueServer(catalogue(5), false)) }).getModels();

  let held: unknown;
  const heapBefore = heapUsedAfterGc();
  const { peak, exact } = await peakRssDuring(async () => {
    if (mode === 'ours') {
      held = await new ModelDiscovery({ baseURL: 'http://gateway.bench', fetch: inMemoryFetch(pageSource(pages)) }).getModels();
    } else {
      const decoder = new TextDecoder();
      held = [...pages.values()].map((body) => JSON.parse(decoder.decode(body)) as unknown);
    }
  });
  const retained = heapUsedAfterGc() - heapBefore;
  if (held === undefined) throw new Error('bench: nothing was parsed.');
  process.stdout.write(JSON.stringify({ peak, retained, exact, bodyBytes }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
