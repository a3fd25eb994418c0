import type { Model } from './schema.js';

/** Glob patterns (`*` any run of characters, `/` included; `?` one character), a list of them, or a predicate. */
export type ModelMatcher = string | readonly string[] | ((model: Model) => boolean);

/**
 * Claude Code's own rule for a gateway's list (2.1.332: it keeps ids matching this anywhere and
 * drops the rest). One regular expression without flags that keep state, so `test` is pure.
 */
const CLAUDE_CODE_ID = /(claude|anthropic)/i;

/** Whether Claude Code would keep this id from a gateway's `/v1/models`. */
export function isClaudeCodeId(id: string): boolean {
  return CLAUDE_CODE_ID.test(id);
}

/**
 * Filters known by name. `claudeCode` is exactly Claude Code's rule: ids that contain `claude` or
 * `anthropic` in any case, anywhere (`anthropic/claude-haiku-4-5` and `us.anthropic.claude-…`
 * too, which a `prefix: 'claude-'` filter drops although Claude Code shows and routes them).
 */
export const FILTER_PRESETS = {
  claudeCode: (model: Model) => isClaudeCodeId(model.id),
} as const satisfies Record<string, (model: Model) => boolean>;

export type FilterPreset = keyof typeof FILTER_PRESETS;

/**
 * Which models to keep. Every rule given must hold: the id starts with one of `prefix`, matches
 * one of `include`, and matches none of `exclude`. Ids are compared case-sensitively, as the
 * upstream spells them. A bare function is the same as `{ include: fn }`; a preset's name
 * (`'claudeCode'`) is that preset.
 */
export type ModelFilter =
  | FilterPreset
  | ((model: Model) => boolean)
  | {
      /** Keep only ids that start with one of these, e.g. `'claude-'`. */
      prefix?: string | readonly string[];
      /** Keep only models that match. */
      include?: ModelMatcher;
      /** Drop models that match, even when `include` or `prefix` keeps them. */
      exclude?: ModelMatcher;
    };

type Predicate = (model: Model) => boolean;

/** The filter of no filter: every model kept. One function, so that a list can tell it apart and skip the walk. */
export const KEEP_ALL: Predicate = () => true;

const KNOWN_RULES = new Set(['prefix', 'include', 'exclude']);

/**
 * Turns a filter into one predicate, checking it eagerly so a typo fails where the filter is
 * configured rather than on the first request.
 *
 * @throws TypeError for an unknown rule or a rule of the wrong type.
 */
export function compileFilter(filter: ModelFilter | undefined, name = 'filter'): Predicate {
  if (filter === undefined) return KEEP_ALL;
  if (typeof filter === 'function') return (model) => filter(model);
  if (typeof filter === 'string') {
    if (!Object.hasOwn(FILTER_PRESETS, filter)) fail(name, `names no preset: ${JSON.stringify(filter.slice(0, 64))}. The presets are ${Object.keys(FILTER_PRESETS).map((preset) => `'${preset}'`).join(', ')}; for a glob use { include: '…' }.`);
    return FILTER_PRESETS[filter];
  }
  if (typeof filter !== 'object' || filter === null) fail(name, 'must be a preset name, a function or an object with prefix, include or exclude.');
  for (const key of Object.keys(filter)) {
    if (!KNOWN_RULES.has(key)) fail(name, `has an unknown rule \`${key}\`; the rules are prefix, include and exclude.`);
  }
  const prefixes = filter.prefix === undefined ? undefined : strings(filter.prefix, `${name}.prefix`);
  const include = filter.include === undefined ? undefined : compileMatcher(filter.include, `${name}.include`);
  const exclude = filter.exclude === undefined ? undefined : compileMatcher(filter.exclude, `${name}.exclude`);
  return (model) =>
    (prefixes === undefined || prefixes.some((prefix) => model.id.startsWith(prefix))) &&
    (include === undefined || include(model)) &&
    (exclude === undefined || !exclude(model));
}

/**
 * The models a filter keeps, in their original order. Works on a snapshot's `models` as well as
 * any list, so the served route and the available-models side can apply the same rules.
 *
 * @example filterModels(snapshot.models, { prefix: 'claude-', exclude: '*-latest' })
 */
export function filterModels<T extends Model>(models: readonly T[], filter: ModelFilter | undefined): T[] {
  const keep = compileFilter(filter);
  return models.filter((model) => keep(model));
}

function compileMatcher(matcher: ModelMatcher, name: string): Predicate {
  if (typeof matcher === 'function') return (model) => matcher(model);
  const patterns = strings(matcher, name);
  return (model) => patterns.some((pattern) => matchesGlob(pattern, model.id));
}

function strings(value: string | readonly string[], name: string): readonly string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) fail(name, 'must be a string or an array of strings.');
  return list;
}

/**
 * `*` is any run of characters (including `/`, so `openai/*` and `*gpt*` both work); `?` is one.
 * A linear matcher rather than a RegExp: ids come from the upstream, and a backtracking `.*.*.*`
 * against a long id of dashes takes minutes. This one backs up only to the last `*`, so a match
 * costs at most glob length × id length steps.
 */
export function matchesGlob(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === text[t]))) {
      g += 1;
      t += 1;
    } else if (g < glob.length && glob[g] === '*') {
      star = g;
      resume = t;
      g += 1;
    } else if (star !== -1) {
      g = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g += 1;
  return g === glob.length;
}

function fail(name: string, message: string): never {
  throw new TypeError(`model-discovery: \`${name}\` ${message}`);
}
