import { resolveOptions, type ModelDiscoveryOptions } from '../../src/discovery/options.js';
import { Redactor } from '../../src/security/redact.js';
import { secretsOf } from '../../src/security/secrets.js';
import type { SourceEndpoint } from '../../src/upstream/dialect.js';
import { DIALECTS } from '../../src/upstream/dialects/index.js';
import { resolveEndpoint } from '../../src/upstream/endpoint.js';
import { Upstream, type ListResult } from '../../src/upstream/list.js';

export interface ListSettings {
  endpoint: SourceEndpoint;
  redactor: Redactor;
  timeout: number;
  maxBodyBytes: number;
  maxPages: number;
  maxModels: number;
}

/** The upstream layer alone, below the cache: the default source of these options, resolved. */
export function upstreamSettings(options: ModelDiscoveryOptions, bounds: Omit<ListSettings, 'endpoint' | 'redactor'>): ListSettings {
  const source = resolveOptions(options).sources[0]!;
  const endpoint = resolveEndpoint(source.endpoint);
  if ('code' in endpoint) throw new Error('test setup: endpoint did not resolve');
  return { endpoint, redactor: new Redactor(secretsOf(source.endpoint)), ...bounds };
}

/** One refresh of the list through the anthropic dialect, as a source runs it; throws its error. */
export function fetchModelList(settings: ListSettings & { fetch: typeof globalThis.fetch }): Promise<ListResult> {
  return new Upstream({ ...settings, dialect: DIALECTS.anthropic, warn: () => {} }).list();
}
