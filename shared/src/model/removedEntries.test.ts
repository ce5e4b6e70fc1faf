import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { wasRemoved } from './removedEntries.ts';

describe('removed entries', () => {
  it('tell a deleted key from one that never existed, on every replica that has the deletion', () => {
    const doc = new Y.Doc();
    const items = doc.getMap<Y.Map<unknown>>('items');
    items.set('kept', new Y.Map());
    items.set('gone', new Y.Map());
    items.delete('gone');
    expect(wasRemoved(items, 'gone')).toBe(true);
    expect(wasRemoved(items, 'kept')).toBe(false);
    expect(wasRemoved(items, 'never')).toBe(false);

    // Another replica, synced from the stored state after garbage collection.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const synced = replica.getMap<Y.Map<unknown>>('items');
    expect(wasRemoved(synced, 'gone')).toBe(true);
    expect(wasRemoved(synced, 'never')).toBe(false);

    // A key deleted and set again exists.
    items.set('gone', new Y.Map());
    expect(wasRemoved(items, 'gone')).toBe(false);
  });
});
