import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clientsSince } from './ChangedBy.tsx';

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
