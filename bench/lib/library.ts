import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Library = typeof import('../../src/index.js');

/** The subpath entries the bench mounts, typed from their sources. */
export interface Adapters {
  express: typeof import('../../src/adapters/express/index.js');
  fastify: typeof import('../../src/adapters/fastify/index.js');
  hono: typeof import('../../src/adapters/hono/index.js');
}

/**
 * The built package, as users get it (not the TypeScript sources that tsx would otherwise pick up
 * through tsconfig paths). Loaded by path so the bench typechecks before a build exists.
 */
export function loadLibrary(): Promise<Library> {
  return loadBuilt('index');
}

export function loadAdapter<K extends keyof Adapters>(name: K): Promise<Adapters[K]> {
  return loadBuilt(`${name}/index`);
}

async function loadBuilt<T>(entry: string): Promise<T> {
  const file = `${ROOT}dist/${entry}.js`;
  if (!existsSync(file)) throw new Error(`bench: ${file} is missing; run \`npm run build\` first (\`npm run bench\` does).`);
  return (await import(pathToFileURL(file).href)) as T;
}
