import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byOrder, orderAfterAll, orderBetween } from './ordering.ts';

describe('ordering', () => {
  it('puts a key strictly between its neighbours, at either end too', () => {
    const a = orderBetween(null, null);
    const b = orderBetween(a, null);
    const mid = orderBetween(a, b);
    const first = orderBetween(null, a);
    expect([b, first, mid, a].sort()).toEqual([first, a, mid, b]);
  });

  it('keeps any sequence of insertions in the order they were asked for', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (positions) => {
        const keys: string[] = [];
        for (const position of positions) {
          const at = position % (keys.length + 1);
          keys.splice(at, 0, orderBetween(keys[at - 1] ?? null, keys[at] ?? null));
        }
        expect([...keys].sort()).toEqual(keys);
      }),
    );
  });

  it('survives invalid or inverted neighbours instead of throwing', () => {
    expect(() => orderBetween('a1', 'a0')).not.toThrow();
    expect(orderBetween('a1', 'a0') > 'a1').toBe(true);
    expect(() => orderBetween('!bad', null)).not.toThrow();
    expect(orderAfterAll(['!bad', 'a0', 'a1'])).toBe(orderBetween('a1', null));
  });

  it('breaks ties by id', () => {
    const items = [
      { id: 'b', order: 'a0' },
      { id: 'a', order: 'a0' },
      { id: 'c', order: 'Zz' },
    ];
    expect(items.sort(byOrder).map((i) => i.id)).toEqual(['c', 'a', 'b']);
  });
});
