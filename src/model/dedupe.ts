/** What a merge by id made of several lists. */
export interface MergedById<T> {
  items: T[];
  /** Per list, in order: items it contributed. */
  counts: number[];
  /** Per list, in order: items dropped because an earlier item (in it or an earlier list) had the id. */
  duplicates: number[];
}

/**
 * The dedupe by id across lists: lists in order, items in order, the first item with an id kept and
 * every later one dropped and counted against its own list. (A source's own list is deduped by
 * the same rule as its items come, in `ModelCollector`.)
 */
export function mergeById<T extends { readonly id: string }>(lists: ReadonlyArray<readonly T[] | undefined>): MergedById<T> {
  // One list already deduped (a single source's, each refresh): nothing to do but count it.
  const only = lists.length === 1 ? lists[0] : undefined;
  if (only && DEDUPED.has(only)) return { items: only as T[], counts: [only.length], duplicates: [0] };
  const seen = new Set<string>();
  const items: T[] = [];
  const counts: number[] = [];
  const duplicates: number[] = [];
  for (const list of lists) {
    let count = 0;
    let duplicate = 0;
    // Indexed, and one hash per id (a Set that did not grow held it already): sources of 10,000
    // models each are merged whenever one of them changes.
    const length = list?.length ?? 0;
    for (let index = 0; index < length; index += 1) {
      const item = list![index]!;
      const size = seen.size;
      if (seen.add(item.id).size === size) {
        duplicate += 1;
        continue;
      }
      items.push(item);
      count += 1;
    }
    counts.push(count);
    duplicates.push(duplicate);
  }
  return { items, counts, duplicates };
}

// Frozen lists known to hold each id once (see markDeduped). Weak: a list dropped is forgotten.
const DEDUPED = new WeakSet<readonly unknown[]>();

/**
 * Records that a frozen list holds each id once, so that merging it alone hands it back as it is
 * rather than hashing 10,000 ids again. Frozen only: a list that can still change could gain a
 * duplicate after it was marked.
 */
export function markDeduped<T extends readonly { readonly id: string }[]>(list: T): T {
  if (Object.isFrozen(list)) DEDUPED.add(list);
  return list;
}

/** One list without its duplicate ids, first occurrence kept, order kept. */
export function firstOfEachId<T extends { readonly id: string }>(list: readonly T[]): T[] {
  return mergeById([list]).items;
}
