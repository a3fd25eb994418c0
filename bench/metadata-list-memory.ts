/**
 * One memory measurement of the metadata-list section, in a fresh process:
 * `tsx metadata-list-memory.ts <ours|parse> <body.json>` prints `{ peak, retained, exact, bodyBytes }`.
 */
import { readFileSync } from 'node:fs';

import { inMemoryFetch } from './lib/catalogue.js';
import { loadLibrary } from './lib/library.js';
import { heapUsedAfterGc, peakRssDuring } from './lib/memory.js';
import { openrouterBody } from './lib/openrouter-catalogue.js';

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (!file) throw new Error('usage: metadata-list-memory.ts <ours|parse> <body.json>');
  const body = new Uint8Array(readFileSync(file));
  const { ModelDiscovery } = await loadLibrary();
  const make = (source: Uint8Array<ArrayBuffer>) =>
    new ModelDiscovery({ baseURL: 'https://openrouter.bench', dialect: 'openrouter', env: {}, maxBodyBytes: 64 * 1024 * 1024, fetch: inMemoryFetch({ body: () => source }) });
  // A small discovery first, so loading the code is not counted as the list's memory.
  await make(openrouterBody(5)).getModels();

  let held: unknown;
  const heapBefore = heapUsedAfterGc();
  const { peak, exact } = await peakRssDuring(async () => {
    held = mode === 'ours' ? await make(body).getModels() : JSON.parse(new TextDecoder().decode(body));
  });
  const retained = heapUsedAfterGc() - heapBefore;
  if (held === undefined) throw new Error('bench: nothing was parsed.');
  process.stdout.write(JSON.stringify({ peak, retained, exact, bodyBytes: body.byteLength }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
