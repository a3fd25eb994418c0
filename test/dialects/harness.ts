import { readFileSync } from 'node:fs';

import { MetadataDrops } from '../../src/model/metadata.js';
import { normalizeModel } from '../../src/model/normalize.js';
import type { Model } from '../../src/model/schema.js';
import type { Dialect, EnrichContext, PageRequest, SourceEndpoint } from '../../src/upstream/dialect.js';

/** A fixture of test/fixtures/dialects, parsed fresh for each call so tests may change it. */
export function fixture(path: string): any {
  return JSON.parse(readFileSync(new URL(`../fixtures/dialects/${path}`, import.meta.url), 'utf8'));
}

export function endpoint(overrides: Partial<SourceEndpoint> = {}): SourceEndpoint {
  return { baseURL: 'http://gateway.test', headers: {}, ...overrides };
}

/**
 * One page through a dialect and the shared normalisers, as the refresh does it: parse, map each
 * item, apply the id rules, then the metadata rules. Returns the models and the drop counter.
 */
export function modelsOf(dialect: Dialect, body: unknown): { models: Model[]; drops: MetadataDrops } {
  const drops = new MetadataDrops();
  const models: Model[] = [];
  for (const item of dialect.parse(body).items) {
    const raw = dialect.item(item);
    if (!raw) continue;
    const model = normalizeModel(raw, { drops });
    if (model) models.push(model);
  }
  return { models, drops };
}

/** An EnrichContext that answers from a function and records requests and warnings. */
export function enrichContext(answer: (request: PageRequest) => Promise<unknown> | unknown) {
  const requests: PageRequest[] = [];
  const warnings: string[] = [];
  const context: EnrichContext = {
    async json(request) {
      requests.push(request);
      return answer(request);
    },
    warn(message) {
      warnings.push(message);
    },
  };
  return { context, requests, warnings };
}

export function header(request: PageRequest, name: string): string | undefined {
  const entry = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}
