import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

it.each(['examples/express.ts', 'examples/fastify.ts', 'examples/hono.ts', 'examples/runtimes/worker.ts', 'examples/runtimes/deno.ts'])('shows %s in the README exactly as it runs', (file) => {
  expect(read('README.md')).toContain(`\`\`\`ts\n${read(file).trimEnd()}\n\`\`\``);
});
