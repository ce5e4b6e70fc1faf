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
  it('finds the description text of a version deleted since, and names who deleted it from the record', () => {
    const doc = new Y.Doc();
    doc.clientID = 1;
    const paragraph = new Y.XmlElement('paragraph');
    doc.getXmlFragment('description').insert(0, [paragraph]);
    const text = new Y.XmlText('keep drop keep');
    paragraph.insert(0, [text]); // clocks 0–1 are the paragraph and the text type; characters from 2
    text.delete(0, 1); // deleted before the version: not a removal since
    const thread = doc.getMap('field');
    thread.set('body', 'first');
    const version = Y.encodeStateAsUpdate(doc);
    const opened = () => {
      const old = new Y.Doc({ gc: false });
      Y.applyUpdate(old, version);
      return old;
    };
    expect(removedSince(doc, version, opened())).toEqual([]);

    text.delete(3, 5); // " drop"
    text.insert(0, 'new ');
    text.delete(0, 4); // added and removed after the version: never in it
    thread.set('body', 'second'); // a value replaced, not text removed
    const removed = removedSince(doc, version, opened());
    expect(removed).toEqual([{ clientId: 1, clock: 6, length: 5 }]);

    expect(deletersOf(removed, [{ clientId: 1, clock: 6, length: 5, userId: 'u-casey' }])).toEqual({
      userIds: new Set(['u-casey']),
      unrecorded: false,
    });
    expect(deletersOf(removed, [{ clientId: 1, clock: 6, length: 2, userId: 'u-pat' }])).toEqual({
      userIds: new Set(['u-pat']),
      unrecorded: true,
    });
    expect(deletersOf(removed, [{ clientId: 2, clock: 6, length: 5, userId: 'u-other' }]).userIds.size).toBe(0);
  });
});
