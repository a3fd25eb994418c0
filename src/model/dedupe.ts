/** What a merge by id made of several lists. */
export interface MergedById<T> {
  items: T[];
  /** Per list, in order: items it contributed. */
  counts: number[];
  /** Per list, in order: items dropped because an earlier item (in it or an earlier list) had the id. */
  duplicates: number[];
}

/**
 * The one dedupe by id: lists in order, items in order, the first item with an id kept and every
 * later one dropped and counted against its own list.
 */
export function mergeById<T extends { readonly id: string }>(lists: ReadonlyArray<readonly T[] | undefined>): MergedById<T> {
  const seen = new Set<string>();
  const items: T[] = [];
  const counts: number[] = [];
  const duplicates: number[] = [];
  for (const list of lists) {
    let count = 0;
    let duplicate = 0;
    for (const item of list ?? []) {
      if (seen.has(item.id)) {
        duplicate += 1;
        continue;
      }
      seen.add(item.id);
      items.push(item);
      count += 1;
    }
    counts.push(count);
    duplicates.push(duplicate);
  }
  return { items, counts, duplicates };
}

/** One list without its duplicate ids, first occurrence kept, order kept. */
export function firstOfEachId<T extends { readonly id: string }>(list: readonly T[]): T[] {
  return mergeById([list]).items;
}
