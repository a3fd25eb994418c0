import { isClaudeCodeId } from '../../model/filter.js';
import type { AnthropicModel } from './anthropic.js';
import type { Catalog } from './catalog.js';

/** One order of the Anthropic-shaped items, with each id's position for the paging cursors. */
export interface Ordered {
  readonly items: readonly AnthropicModel[];
  readonly index: ReadonlyMap<string, number>;
}

/**
 * The order of the Anthropic shape for a request whose page is smaller than the whole list:
 * the ids Claude Code keeps (`claude` or `anthropic` anywhere) first, then the rest, each group
 * in its own order. Claude Code reads only the first page of `GET /v1/models?limit=1000`, so in
 * upstream order a gateway with more than 1,000 models can hide every Claude model from it.
 * Built once per catalog (`anthropic` is that catalog's items); when the list already has that
 * order, it is the list itself.
 */
export function claudeFirst(catalog: Catalog, anthropic: AnthropicModel[]): Ordered {
  if (catalog.claudeFirst) return catalog.claudeFirst;
  const items = claudeIdsFirst(anthropic);
  const index = items === anthropic ? catalog.index : new Map(items.map((item, position) => [item.id, position]));
  catalog.claudeFirst = { items, index };
  return catalog.claudeFirst;
}

/** `items` with Claude Code's ids first, each group in its own order; `items` itself when already so. */
export function claudeIdsFirst<T extends { id: string }>(items: readonly T[]): readonly T[] {
  const claude: T[] = [];
  const others: T[] = [];
  for (const item of items) (isClaudeCodeId(item.id) ? claude : others).push(item);
  return claude.every((item, position) => item === items[position]) ? items : [...claude, ...others];
}
