import { createRequire } from 'node:module';

import express4 from 'express4';
import { expect, it } from 'vitest';

import { modelRoutesContract } from './contract.js';
import { expressHarness } from './harness.js';

it('runs against Express 4 indeed', () => {
  expect(createRequire(import.meta.url)('express4/package.json').version).toMatch(/^4\./);
});

modelRoutesContract('Express 4', expressHarness(express4));
