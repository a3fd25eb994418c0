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
  // A view of the file's buffer, not a copy: freeing an 11 MB copy here raised glibc's mmap
  // threshold to that size, so the next buffer that large (the one the body's chunks are joined
  // into) came from the brk heap and stayed resident after it was freed, about 1× the body added
  // to the peak by the harness's own history, not by the work measured.
  const bytes = readFileSync(file);
  const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
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
