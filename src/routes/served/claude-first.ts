import { isClaudeCodeId } from '../../model/filter.js';

/**
 * `items` with the ids Claude Code keeps (`claude` or `anthropic` anywhere) first, then the rest,
 * each group in its own order; `items` itself when it already has that order. The Anthropic
 * shape's order for a page smaller than the whole list: Claude Code reads only the first page of
 * `GET /v1/models?limit=1000`, so in upstream order a gateway with more than 1,000 models can
 * hide every Claude model from it.
 */
export function claudeIdsFirst<T extends { id: string }>(items: readonly T[]): readonly T[] {
  const claude: T[] = [];
  const others: T[] = [];
  for (const item of items) (isClaudeCodeId(item.id) ? claude : others).push(item);
  return claude.every((item, position) => item === items[position]) ? items : [...claude, ...others];
}
