import { describe, expect, it } from 'vitest';

import { ModelCollector } from '../../src/model/normalize.js';

// The list-wide rules of one source's refresh: order kept, first of each id wins, the cap, and
// what is counted for the one warning.
describe('ModelCollector', () => {
  it('keeps upstream order and the first item of each id, counting duplicates and unusable items as dropped', () => {
    const collector = new ModelCollector(100);
    collector.add([{ id: 'b' }, { id: 'a', display_name: 'first' }, { id: '' }, 'not an object']);
    collector.addOne({ id: 'a', display_name: 'second' });
    collector.drain([{ id: 'c' }, { id: 'b' }]);
    const { models, dropped, truncated } = collector.result();
    expect(models).toEqual([{ id: 'b' }, { id: 'a', display_name: 'first' }, { id: 'c' }]);
    expect(dropped).toBe(4);
    expect(truncated).toBe(0);
  });

  it('cuts at maxModels after duplicates are dropped, and counts the cut apart', () => {
    const collector = new ModelCollector(2);
    collector.add([{ id: 'a' }, { id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(collector.result()).toMatchObject({ models: [{ id: 'a' }, { id: 'b' }], dropped: 1, truncated: 1 });
  });

  it('drain() lets each item of the page go once added, and only reads a frozen page', () => {
    const page: unknown[] = [{ id: 'a' }, { id: 'b' }];
    const frozen = Object.freeze([{ id: 'c' }]);
    const collector = new ModelCollector(10);
    collector.drain(page);
    collector.drain(frozen);
    expect(page).toEqual([undefined, undefined]);
    expect(frozen).toEqual([{ id: 'c' }]);
    expect(collector.result().models.map((model) => model.id)).toEqual(['a', 'b', 'c']);
  });
});
