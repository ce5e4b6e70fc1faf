import { Comments } from '@atrium/shared/model/comments.ts';
import { ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addWork, noWork, parseKeptWork, type UnsavedWork, workOf } from './unsavedWork.ts';

/** The work of every local transaction on `doc` while `change` runs, added up. */
function workDuring(doc: Y.Doc, change: () => void): UnsavedWork {
  let work = noWork;
  const collect = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    work = addWork(work, workOf(transaction));
  };
  doc.on('update', collect);
  change();
  doc.off('update', collect);
  return work;
}

function typeInto(fragment: Y.XmlFragment, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  const words = new Y.XmlText();
  fragment.insert(fragment.length, [paragraph]);
  paragraph.insert(0, [words]);
  // One update per keystroke, as an editor sends them.
  for (const [index, character] of [...text].entries()) words.insert(index, character);
}

describe('unsaved work', () => {
  it('is one edit and one message for a typed sentence and a sent message, not a count of updates', () => {
    const part = new ItemSharedPart(new Y.Doc());
    const work = workDuring(part.doc, () => {
      typeInto(part.description, 'Logo attached offline.');
      part.clientThread.add({ id: 'm1', authorId: 'u1', body: 'Fonts follow tomorrow.' });
    });
    expect(work).toEqual({ edited: true, messages: 1, comments: 0 });
  });

  it('counts each message sent, in either thread, and each comment or reply written', () => {
    const shared = new ItemSharedPart(new Y.Doc());
    const sharedWork = workDuring(shared.doc, () => {
      shared.clientThread.add({ id: 'm1', authorId: 'u1', body: 'One' });
      shared.clientThread.add({ id: 'm2', authorId: 'u1', body: 'Two' });
      const comments = Comments.of(shared.doc);
      comments.add({ id: 'c1', authorId: 'u1', body: 'Why?', anchor: { start: null, end: null, quote: 'x' } });
      comments.reply('c1', { id: 'r1', authorId: 'u1', body: 'Because.' });
    });
    expect(sharedWork).toEqual({ edited: false, messages: 2, comments: 2 });

    const internal = new ItemInternalPart(new Y.Doc());
    expect(
      workDuring(internal.doc, () => internal.internalThread.add({ id: 'm3', authorId: 'u1', body: 'Between us' })),
    ).toEqual({ edited: false, messages: 1, comments: 0 });
  });

  it("counts editing, reacting to or deleting a message as an edit, and nobody else's messages", () => {
    const doc = new Y.Doc();
    const part = new ItemSharedPart(doc);
    part.clientThread.add({ id: 'm1', authorId: 'u1', body: 'Hello' });
    // A message written under another client (someone else's) is never counted as this person's message.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    new ItemSharedPart(other).clientThread.add({ id: 'm2', authorId: 'u2', body: 'Hi' });
    expect(workDuring(doc, () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc))))).toEqual(
      // Applied here as if local; the sync layer never passes the server's updates to `workOf` at all.
      { edited: true, messages: 0, comments: 0 },
    );

    const anEdit = { edited: true, messages: 0, comments: 0 };
    expect(workDuring(doc, () => part.clientThread.edit('m1', 'Hello again'))).toEqual(anEdit);
    expect(workDuring(doc, () => part.clientThread.react('m1', 'u1', '👍'))).toEqual(anEdit);
    expect(workDuring(doc, () => part.clientThread.delete('m1'))).toEqual(anEdit);
  });

  it('reads what an earlier page kept on the device, including the bare counts older versions kept', () => {
    expect(parseKeptWork(null)).toEqual(noWork);
    expect(parseKeptWork('29')).toEqual({ edited: true, messages: 0, comments: 0 });
    expect(parseKeptWork('0')).toEqual(noWork);
    expect(parseKeptWork(JSON.stringify({ edited: false, messages: 2, comments: 0 }))).toEqual({
      edited: false,
      messages: 2,
      comments: 0,
    });
    expect(parseKeptWork('{not json')).toEqual({ edited: true, messages: 0, comments: 0 });
    expect(parseKeptWork(JSON.stringify({ messages: -3, comments: 'x' }))).toEqual(noWork);
  });
});
