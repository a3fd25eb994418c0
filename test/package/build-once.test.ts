import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

// CI runs `npm run build` and then scripts/test.sh, which used to build a second time. The test
// script now builds only when dist/ is missing or older than what the build reads; these run the
// real script in a scratch copy of the layout, with an `npm` on PATH that only records its call.
const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const HOUR = 3600;
const now = Math.floor(Date.now() / 1000);

function scratch(): { dir: string; build: (env?: Record<string, string>) => boolean; age: (path: string, hoursAgo: number) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'md-build-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(root, 'scripts/build-if-stale.sh'), join(dir, 'scripts/build-if-stale.sh'));
  for (const file of ['src/index.ts', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json']) writeFileSync(join(dir, file), '');
  writeFileSync(join(dir, 'bin/npm'), `#!/bin/sh\necho "$@" >> "${join(dir, 'npm-calls')}"\n`);
  chmodSync(join(dir, 'bin/npm'), 0o755);
  const age = (path: string, hoursAgo: number) => utimesSync(join(dir, path), now - hoursAgo * HOUR, now - hoursAgo * HOUR);
  for (const file of ['src/index.ts', 'src', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json']) age(file, 2);
  const build = (env: Record<string, string> = {}) => {
    rmSync(join(dir, 'npm-calls'), { force: true });
    execFileSync('bash', ['scripts/build-if-stale.sh'], { cwd: dir, env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, ...env }, stdio: 'pipe' });
    return existsSync(join(dir, 'npm-calls')) && readFileSync(join(dir, 'npm-calls'), 'utf8').includes('run build');
  };
  return { dir, build, age };
}

function builtAt(dir: string, age: (path: string, hoursAgo: number) => void, hoursAgo: number): void {
  mkdirSync(join(dir, 'dist/express'), { recursive: true });
  for (const file of ['dist/index.js', 'dist/cli.js', 'dist/express/index.js']) {
    writeFileSync(join(dir, file), '');
    age(file, hoursAgo);
  }
}

describe('scripts/build-if-stale.sh (the build step of scripts/test.sh)', () => {
  it('builds on a fresh clone, where there is no dist/', () => {
    expect(scratch().build()).toBe(true);
  });

  it('does not build again when dist/ is newer than every input (CI has just built)', () => {
    const { dir, build, age } = scratch();
    builtAt(dir, age, 1);
    expect(build()).toBe(false);
  });

  it.each(['src/index.ts', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json'])('builds when %s changed after the build', (input) => {
    const { dir, build, age } = scratch();
    builtAt(dir, age, 1);
    age(input, 0);
    expect(build()).toBe(true);
  });

  it('builds when any dist file is older than the sources (a build that stopped half-way)', () => {
    const { dir, build, age } = scratch();
    builtAt(dir, age, 1);
    age('dist/express/index.js', 3);
    expect(build()).toBe(true);
  });

  it('builds when the CLI is missing from dist/', () => {
    const { dir, build, age } = scratch();
    builtAt(dir, age, 1);
    rmSync(join(dir, 'dist/cli.js'));
    expect(build()).toBe(true);
  });

  it('builds with FORCE_BUILD=1 whatever the dates say', () => {
    const { dir, build, age } = scratch();
    builtAt(dir, age, 1);
    expect(build({ FORCE_BUILD: '1' })).toBe(true);
  });
});

describe('CI', () => {
  it('builds once: .ci/run builds, and scripts/test.sh goes through the staleness check, not a second build', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    const testScript = readFileSync(join(root, 'scripts/test.sh'), 'utf8');
    expect(ci.match(/npm run build/g)).toHaveLength(1);
    expect(ci).toMatch(/npm run build[\s\S]*bash scripts\/test\.sh/);
    expect(testScript).toMatch(/bash scripts\/build-if-stale\.sh/);
    expect(testScript).not.toMatch(/npm run build|tsup/);
  });
});
