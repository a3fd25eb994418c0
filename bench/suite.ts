/**
 * Runs one benchmark section in this process and writes its result as JSON to the file named by
 * the second argument. `run.ts` starts one process per section so that one section's JIT state,
 * heap and open sockets cannot colour the next one's figures.
 */
import { writeFileSync } from 'node:fs';

import type { Section } from './lib/table.js';

const SECTIONS: Record<string, () => Promise<{ run(): Promise<Section> }>> = {
  'cached-read': () => import('./cached-read.js'),
  routes: () => import('./routes.js'),
  'single-flight': () => import('./single-flight.js'),
  'refresh-storm': () => import('./refresh-storm.js'),
  'big-lists': () => import('./big-lists.js'),
  'metadata-list': () => import('./metadata-list.js'),
  'startup-size': () => import('./startup-size.js'),
  'claude-code': () => import('./claude-code.js'),
  tenants: () => import('./tenants.js'),
};

export const SECTION_IDS = Object.keys(SECTIONS);

async function main(): Promise<void> {
  const [id, out] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const load = id ? SECTIONS[id] : undefined;
  if (!load || !out) throw new Error(`usage: suite.ts <${SECTION_IDS.join('|')}> <out.json> [--quick]`);
  const section = await (await load()).run();
  writeFileSync(out, JSON.stringify(section));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    // Sections close what they open; exiting here guards against a stray keep-alive socket.
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
