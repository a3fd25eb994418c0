/** The cursor parameters of the Anthropic list, as the Anthropic API takes them. */
export interface AnthropicPageParams {
  /** Models per page, 1 to 1000. @default 20 */
  limit?: number;
  /** Return the page right after this id (the previous page's `last_id`). */
  afterId?: string;
  /** Return the page right before this id (the next page's `first_id`). */
  beforeId?: string;
}

export const PAGE_LIMIT = { default: 20, min: 1, max: 1000 } as const;

export interface PageRange {
  start: number;
  end: number;
  hasMore: boolean;
}

/**
 * Where a page starts and ends in a list of `length` items, or why the parameters cannot be
 * served. `has_more` means "more in the direction being paged": after the page for a forward
 * walk, before it for a `before_id` walk, which is how the SDKs' auto-paging reads it.
 */
export function pageRange(length: number, indexOf: (id: string) => number, params: AnthropicPageParams): PageRange | { problem: string } {
  const limit = params.limit ?? PAGE_LIMIT.default;
  if (!Number.isInteger(limit) || limit < PAGE_LIMIT.min || limit > PAGE_LIMIT.max) {
    return { problem: `limit must be a whole number from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}.` };
  }
  if (params.afterId !== undefined && params.beforeId !== undefined) {
    return { problem: 'after_id and before_id cannot be used together; page in one direction at a time.' };
  }
  if (params.beforeId !== undefined) {
    const index = indexOf(params.beforeId);
    if (index < 0) return unknownCursor('before_id', params.beforeId);
    const start = Math.max(0, index - limit);
    return { start, end: index, hasMore: start > 0 };
  }
  let start = 0;
  if (params.afterId !== undefined) {
    const index = indexOf(params.afterId);
    if (index < 0) return unknownCursor('after_id', params.afterId);
    start = index + 1;
  }
  const end = Math.min(length, start + limit);
  return { start, end, hasMore: end < length };
}

function unknownCursor(name: string, id: string): { problem: string } {
  return { problem: `${name} ${JSON.stringify(clip(id))} is not the id of a listed model; start again without it.` };
}

/** Request text echoed in a message is cut short, so a huge parameter cannot make a huge reply. */
export function clip(text: string, max = 256): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
