/**
 * Whether a key of a Y.Map once held a value that was deleted — the difference between "this item
 * was removed" and "there never was such an item". Yjs keeps the deleted entry of each key as a
 * tombstone (`Y.Map._map`, which its type declarations expose), synced like any change, so every
 * replica that has the deletion can tell. Reached here only, and pinned by this module's test.
 */
import type * as Y from 'yjs';

export function wasRemoved<T>(map: Y.Map<T>, key: string): boolean {
  return map._map.get(key)?.deleted === true;
}
