import { MetadataDrops, normalizeMetadata, type ModelMetadata } from './metadata.js';

/**
 * A models.dev-shaped document (https://models.dev/api.json): providers by id, each with `models`
 * by id, each with `cost` (USD per million tokens), `limit`, `modalities`, `tool_call`,
 * `reasoning`. Read into an index once; a gateway id is then matched to at most one entry.
 */
export interface CatalogIndex {
  /** Canonical key → entries under that key, one per provider that lists it. */
  readonly entries: ReadonlyMap<string, readonly CatalogEntry[]>;
  /** Undated canonical key → the dated keys that share it, to tell a unique snapshot from several. */
  readonly dated: ReadonlyMap<string, ReadonlySet<string>>;
  readonly size: number;
}

export interface CatalogEntry {
  readonly provider: string;
  readonly id: string;
  readonly metadata: ModelMetadata;
}

/** The most entries read from one document: models.dev lists a few thousand. */
export const MAX_CATALOG_ENTRIES = 50_000;

/** Reads a models.dev-shaped document. Anything of the wrong shape is skipped, never thrown. */
export function buildCatalogIndex(document: unknown, drops = new MetadataDrops()): CatalogIndex {
  const entries = new Map<string, CatalogEntry[]>();
  const dated = new Map<string, Set<string>>();
  let size = 0;
  for (const [provider, providerBody] of ownEntries(document)) {
    for (const [id, model] of ownEntries(field(providerBody, 'models'))) {
      if (size >= MAX_CATALOG_ENTRIES) break;
      const metadata = normalizeMetadata(fromModelsDev(model), { drops, source: 'catalog' });
      if (Object.keys(metadata).length === 0) continue;
      const key = canonical(id);
      if (key === undefined) continue;
      const list = entries.get(key) ?? [];
      list.push({ provider, id, metadata });
      entries.set(key, list);
      const { base, date } = splitDate(key);
      if (date !== undefined) dated.set(base, (dated.get(base) ?? new Set()).add(key));
      size += 1;
    }
  }
  return { entries, dated, size };
}

function fromModelsDev(model: unknown) {
  const limit = field(model, 'limit');
  const cost = field(model, 'cost');
  const input = field(field(model, 'modalities'), 'input');
  return {
    // `limit.input` where a provider caps the prompt below the whole window; else the window.
    context_window: field(limit, 'input') ?? field(limit, 'context'),
    max_output_tokens: field(limit, 'output'),
    pricing: isObject(cost)
      ? { input: field(cost, 'input'), output: field(cost, 'output'), cache_read: field(cost, 'cache_read'), cache_write: field(cost, 'cache_write') }
      : cost,
    capabilities: {
      vision: Array.isArray(input) ? input.includes('image') : undefined,
      tools: field(model, 'tool_call'),
      reasoning: field(model, 'reasoning'),
    },
    description: field(model, 'description'),
  };
}

// --- Matching ---------------------------------------------------------------------------------

/** Route prefixes gateways put before a model id, and the catalog provider each one names. */
const ROUTE_PREFIXES: ReadonlyArray<readonly [string, string | undefined]> = [
  ['openrouter/', 'openrouter'],
  ['bedrock/', 'amazon-bedrock'],
  ['vertex_ai/', 'google-vertex-anthropic'],
  ['anthropic/', 'anthropic'],
];

/** Bedrock: `us.anthropic.claude-sonnet-4-5-20250929-v1:0` (cross-region prefix optional). */
const BEDROCK = /^(?:(?:us|eu|apac|au|jp|ca|global|us-gov)\.)?anthropic\.(claude-[a-z0-9.-]+?)-v\d+(?::\d+)?$/;
/** Vertex: `claude-sonnet-4-5@20250929`. */
const VERTEX = /^(claude-[a-z0-9.-]+)@(\d{8})$/;
const DATE_SUFFIX = /^(.*)-(\d{8})$/;

/** The provider whose own listing speaks for a model family when no route prefix names one. */
const HOME_PROVIDERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^claude-/, 'anthropic'],
  [/^(?:gpt-|o\d|chatgpt-)/, 'openai'],
  [/^gemini-/, 'google'],
];

/**
 * The catalog entry a gateway's id stands for, or undefined when no entry matches for sure.
 * Tolerated spellings: a route prefix (`anthropic/`, `bedrock/`, `openrouter/`, `vertex_ai/`),
 * the Bedrock (`us.anthropic.…-v1:0`) and Vertex (`…@20250514`) forms, `4.5` for `4-5`, and a
 * dated id against its undated alias (or the reverse) when only one snapshot could be meant.
 */
export function matchCatalog(index: CatalogIndex, gatewayId: string): CatalogEntry | undefined {
  const parsed = parseGatewayId(gatewayId);
  if (!parsed) return undefined;
  for (const key of candidateKeys(index, parsed.key)) {
    const entry = pick(index.entries.get(key) ?? [], parsed.provider ?? homeProvider(key));
    if (entry) return entry;
  }
  return undefined;
}

function parseGatewayId(id: string): { key: string; provider?: string } | undefined {
  let rest = id.trim().toLowerCase();
  let provider: string | undefined;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const [prefix, named] of ROUTE_PREFIXES) {
      if (rest.startsWith(prefix)) {
        rest = rest.slice(prefix.length);
        provider ??= named;
        stripped = true;
      }
    }
  }
  const bedrock = BEDROCK.exec(rest);
  if (bedrock?.[1]) {
    rest = bedrock[1];
    provider ??= 'amazon-bedrock';
  }
  const vertex = VERTEX.exec(rest);
  if (vertex?.[1] && vertex[2]) {
    rest = `${vertex[1]}-${vertex[2]}`;
    provider ??= 'google-vertex-anthropic';
  }
  const key = canonical(rest);
  return key === undefined ? undefined : { key, provider };
}

/**
 * The exact key first; then the one dated snapshot of an undated id, or the undated alias of a
 * dated id when the catalog holds no other snapshot of it. Several snapshots: no guess.
 */
function candidateKeys(index: CatalogIndex, key: string): string[] {
  if (index.entries.has(key)) return [key];
  const { base, date } = splitDate(key);
  const snapshots = index.dated.get(base);
  if (date === undefined) return snapshots?.size === 1 ? [...snapshots] : [];
  const others = [...(snapshots ?? [])].filter((other) => other !== key);
  return index.entries.has(base) && others.length === 0 ? [base] : [];
}

/**
 * One entry among the providers listing the key: the named or home provider's; else the only one;
 * else none, unless every provider says the same.
 */
function pick(entries: readonly CatalogEntry[], provider: string | undefined): CatalogEntry | undefined {
  if (entries.length === 0) return undefined;
  const preferred = provider === undefined ? undefined : entries.find((entry) => entry.provider === provider);
  if (preferred) return preferred;
  if (entries.length === 1) return entries[0];
  const first = JSON.stringify(entries[0]?.metadata);
  return entries.every((entry) => JSON.stringify(entry.metadata) === first) ? entries[0] : undefined;
}

function homeProvider(key: string): string | undefined {
  return HOME_PROVIDERS.find(([pattern]) => pattern.test(key))?.[1];
}

/** Lower case, `4.5` → `4-5`; undefined for an id that is no id. */
function canonical(id: string): string | undefined {
  const key = id.trim().toLowerCase().replace(/(\d)\.(\d)/g, '$1-$2');
  return key === '' || key.length > 256 ? undefined : key;
}

function splitDate(key: string): { base: string; date?: string } {
  const match = DATE_SUFFIX.exec(key);
  return match?.[1] && match[2] ? { base: match[1], date: match[2] } : { base: key };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function ownEntries(value: unknown): Array<[string, unknown]> {
  return isObject(value) ? Object.entries(value) : [];
}
