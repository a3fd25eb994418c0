import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every file of src/ that `entry` reaches through relative imports, with its bare imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
    graph.set(file, specifiers.filter((s) => !s.startsWith('.')));
    for (const s of specifiers.filter((s) => s.startsWith('.'))) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
  };
  visit(resolve(root, entry));
  return graph;
}

it('keeps Node built-ins out of everything the Hono adapter loads, so it runs on Bun, Deno and the edge', () => {
  const graph = importGraph('src/adapters/hono/index.ts');
  const bare = [...graph.values()].flat();

  expect(graph.size).toBeGreaterThan(3);
  expect(bare.filter((s) => s.startsWith('node:') || ['fs', 'http', 'crypto', 'path', 'util', 'buffer', 'stream'].includes(s))).toEqual([]);
  expect(new Set(bare)).toEqual(new Set(['hono', 'hono/utils/http-status', 'zod']));
});
