import { rmSync } from 'node:fs';

import type { TestProject } from 'vitest/node';

import { prepareProject } from './support/project.js';

/** One packed copy of the package, shared by every runtime's test file. */
export default function setup(project: TestProject): () => void {
  const dir = prepareProject();
  project.provide('runtimeProject', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
