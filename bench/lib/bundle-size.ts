import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

export interface Size {
  minified: number;
  gzipped: number;
}

/**
 * Minified and gzipped size of one module with every package it imports left out (`packages:
 * external`): the code a package adds itself, not its dependencies.
 */
export async function ownSize(file: string, external: 'dependencies' | string[] = 'dependencies'): Promise<Size> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    ...(external === 'dependencies' ? { packages: 'external' as const } : { external }),
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

/** The entry points a package.json `exports` map publishes for `import`, as [subpath, file]. */
export function importEntries(packageJsonPath: string): [string, string][] {
  const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { exports: Record<string, unknown> };
  const entries: [string, string][] = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const file = (target as { import?: { default?: string } }).import?.default;
    if (file) entries.push([subpath, file]);
  }
  return entries;
}
