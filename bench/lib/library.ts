import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Library = typeof import('../../src/index.js');

/**
 * The built package, as users get it (not the TypeScript sources that tsx would otherwise pick up
 * through tsconfig paths). Loaded by path so the bench typechecks before a build exists.
 */
export async function loadLibrary(): Promise<Library> {
  const entry = `${ROOT}dist/index.js`;
  if (!existsSync(entry)) throw new Error('bench: dist/ is missing; run `npm run build` first (`npm run bench` does).');
  return (await import(pathToFileURL(entry).href)) as Library;
}
