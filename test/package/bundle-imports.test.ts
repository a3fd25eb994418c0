import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

// Two imports decide most of a Cloudflare Worker's size (issue 14; the runtime suite measures the
// real bundle, this fails fast): `import { z } from 'zod'` (one object holding all of zod, which
// esbuild cannot tree-shake: ~760 KiB) and the SDK's main entry (a client with every resource of
// the API: ~1 MiB). Type-only imports cost nothing and are allowed.
const src = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

const imports = sourceFiles(src).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'|\bimport\(('[^']+')\)/gm)].map(([, type, what = 'import()', from, dynamic]) => ({
    file: relative(src, file),
    type: type !== undefined,
    what: what!,
    from: from ?? dynamic!.slice(1, -1),
  })),
);

describe('imports that keep a Worker bundle small', () => {
  it('reads some imports (the scan works)', () => {
    expect(imports.filter((entry) => entry.from === 'zod').length).toBeGreaterThan(2);
  });

  it('imports zod as a namespace, never `{ z }`', () => {
    expect(imports.filter((entry) => entry.from === 'zod' && !entry.type && !/^\*\s+as\s+z$/.test(entry.what))).toEqual([]);
  });

  it("loads the Anthropic SDK only through its `client` subpath, never the package's main entry", () => {
    const sdk = imports.filter((entry) => entry.from.startsWith('@anthropic-ai/sdk') && !entry.type);
    expect(sdk).toEqual([{ file: 'upstream/anthropic-sdk-parts.ts', type: false, what: '{ BaseAnthropic }', from: '@anthropic-ai/sdk/client' }]);
  });
});
