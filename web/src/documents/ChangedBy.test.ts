import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clientsSince, deletersOf, removedSince } from './ChangedBy.tsx';

describe('clientsSince', () => {
  it('names the editing identities that added content after a version, and only those', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    doc.getText('t').insert(0, 'first');
    const version = Y.encodeStateAsUpdate(doc);
    const other = new Y.Doc();
    other.clientID = 2;
    Y.applyUpdate(other, version);
    other.getText('t').insert(5, ' and more');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(clientsSince(doc, version)).toEqual([2]);
    doc.getText('t').insert(0, '>');
    expect(clientsSince(doc, version).sort()).toEqual([1, 2]);
  });
});

describe('removedSince and deletersOf', () => {
  it('finds the text of a version deleted since, and names who deleted it from the record', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    const text = doc.getText('t');
    text.insert(0, 'keep drop keep');
    text.delete(0, 1); // deleted before the version: not a removal since
    const version = Y.encodeStateAsUpdate(doc);
    expect(removedSince(doc, version)).toEqual([]);

    text.delete(3, 5); // " drop" (clocks 4–8)
    text.insert(0, 'new ');
    text.delete(0, 4); // added and removed after the version: never in it
    expect(removedSince(doc, version)).toEqual([{ clientId: 1, clock: 4, length: 5 }]);

    const removed = removedSince(doc, version);
    expect(deletersOf(removed, [{ clientId: 1, clock: 4, length: 5, userId: 'u-casey' }])).toEqual({
      userIds: new Set(['u-casey']),
      unrecorded: false,
    });
    expect(deletersOf(removed, [{ clientId: 1, clock: 4, length: 2, userId: 'u-pat' }])).toEqual({
      userIds: new Set(['u-pat']),
      unrecorded: true,
    });
    expect(deletersOf(removed, [{ clientId: 2, clock: 4, length: 5, userId: 'u-other' }]).userIds.size).toBe(0);
  });
});
