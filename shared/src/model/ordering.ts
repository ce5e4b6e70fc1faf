/**
 * Order within a board column: every item carries a fractional index (a string key), and moving
 * an item writes one new key between its new neighbours — so concurrent moves by different people
 * never renumber anyone else's items. Ties (two people dropping into the same gap at once) are
 * broken by item id, the same way on every replica.
 */
import { generateKeyBetween } from 'fractional-indexing';

/** A key that sorts between `before` and `after` (either may be null: the start or end of the column). */
export function orderBetween(before: string | null, after: string | null): string {
  const low = validKey(before);
  const high = validKey(after);
  if (low !== null && high !== null && low >= high) return generateKeyBetween(low, null);
  return generateKeyBetween(low, high);
}

/** A key after every key given: the end of a column. */
export function orderAfterAll(keys: Iterable<string>): string {
  let last: string | null = null;
  for (const key of keys) if (validKey(key) !== null && (last === null || key > last)) last = key;
  return generateKeyBetween(last, null);
}

/** Sorts items the way every board shows them: by order key, then id. */
export function byOrder<T extends { order: string; id: string }>(a: T, b: T): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function validKey(key: string | null): string | null {
  if (key === null) return null;
  try {
    generateKeyBetween(key, null);
    return key;
  } catch {
    // Written by an older version or by hand: treat it as "no neighbour" rather than failing the move.
    return null;
  }
}
