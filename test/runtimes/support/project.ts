import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A user's project outside the repository, as a fresh machine would have it: the `npm pack`
 * tarball unpacked into node_modules/model-discovery, beside its declared dependencies (and
 * theirs), plus Hono, and the runtime programs of test/runtimes/app. Outside the repository on
 * purpose: inside it, a bundler resolves `model-discovery` to the repository itself (a package
 * may import itself by name) instead of to the packed copy.
 */
export function prepareProject(): string {
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first (scripts/test.sh does).');
  const dir = mkdtempSync(join(tmpdir(), 'md-runtimes-'));
  const modules = join(dir, 'node_modules');
  const packed = join(modules, 'model-discovery');
  mkdirSync(packed, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }),
  ) as [{ filename: string }];
  execFileSync('tar', ['-xzf', join(dir, filename), '-C', packed, '--strip-components=1']);

  // Only what the packed package declares (and Hono, the adapter's peer), followed transitively,
  // so an undeclared import fails here as it would for a user.
  const manifest = JSON.parse(readFileSync(join(packed, 'package.json'), 'utf8')) as Manifest;
  linkDependencies(modules, [...Object.keys(manifest.dependencies ?? {}), 'hono']);

  cpSync(fileURLToPath(new URL('../app', import.meta.url)), join(dir, 'app'), { recursive: true });
  // The README's Deno and Worker examples, as a user would copy them.
  cpSync(join(root, 'examples', 'runtimes'), join(dir, 'examples'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'runtime-probe', private: true, type: 'module' }));
  // Deno resolves bare specifiers through this node_modules (no npm: specifiers, no download).
  writeFileSync(join(dir, 'deno.json'), JSON.stringify({ nodeModulesDir: 'manual' }));
  return dir;
}

interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function linkDependencies(modules: string, names: string[]): void {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const source = join(root, 'node_modules', name);
    // A dependency the repository nests inside another package travels with that package.
    if (!existsSync(source)) continue;
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(source, join(modules, name));
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as Manifest;
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((peer) => !manifest.peerDependenciesMeta?.[peer]?.optional);
    queue.push(...Object.keys(manifest.dependencies ?? {}), ...peers);
  }
}
