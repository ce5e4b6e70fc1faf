/**
 * Inline comment anchors: whatever two people do concurrently around and inside a commented range,
 * every replica agrees where the comment is, the words outside never leak into it, the words
 * inside stay in it in order, and a range whose words are all deleted collapses ("text deleted").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorInText, Comments, mentionedPeople, resolveAnchor } from './comments.ts';

function paragraphDoc(text: string): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  const xmlText = new Y.XmlText(text);
  paragraph.insert(0, [xmlText]);
  doc.getXmlFragment('description').insert(0, [paragraph]);
  return { doc, text: xmlText };
}

function textOf(doc: Y.Doc): Y.XmlText {
  return (doc.getXmlFragment('description').get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function replica(of: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(of));
  return doc;
}

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number };

const edit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.stringMatching(/^[A-Z]{1,3}$/) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
);

function apply(text: Y.XmlText, change: Edit): void {
  const length = text.length;
  if (change.kind === 'insert') text.insert(change.at % (length + 1), change.text);
  else if (length > 0) {
    const at = change.at % length;
    text.delete(at, Math.min(change.length, length - at));
  }
}

describe('inline comment anchors', () => {
  it('converge, keep outside edits out and inside words in order, under concurrent edits (property)', () => {
    fc.assert(
      fc.property(
        // Distinct letters, so every original letter can be traced after the edits.
        fc.shuffledSubarray([...'abcdefghijklmnopqrstuvwxyz'], { minLength: 4 }).map((letters) => letters.join('')),
        fc.nat(),
        fc.nat(),
        fc.array(edit, { maxLength: 8 }),
        fc.array(edit, { maxLength: 8 }),
        (original, a, b, editsA, editsB) => {
          const { doc: base, text } = paragraphDoc(original);
          const from = a % (original.length - 1);
          const to = from + 1 + (b % (original.length - from - 1));
          const anchor = anchorInText(text, from, to);
          expect(anchor.quote).toBe(original.slice(from, to));

          const left = replica(base, 101);
          const right = replica(base, 202);
          for (const change of editsA) apply(textOf(left), change);
          for (const change of editsB) apply(textOf(right), change);
          Y.applyUpdate(left, Y.encodeStateAsUpdate(right));
          Y.applyUpdate(right, Y.encodeStateAsUpdate(left));
          expect(textOf(left).toString()).toBe(textOf(right).toString());

          // Every replica puts the comment in the same place.
          const here = resolveAnchor(left, anchor);
          const there = resolveAnchor(right, anchor);
          expect(here).not.toBeNull();
          expect({ from: here?.from, to: here?.to }).toEqual({ from: there?.from, to: there?.to });
          const now = textOf(left).toString();
          const covered = here?.collapsed ? '' : now.slice(here?.from, here?.to);
          const originalInside = covered.replace(/[A-Z]/g, '');
          // Inside: exactly the quoted letters that still exist, in their order. Outside letters never enter.
          expect(originalInside).toBe([...anchor.quote].filter((letter) => now.includes(letter)).join(''));
          // A range whose quoted letters are all gone and that nobody typed into is "text deleted".
          if (originalInside === '' && covered === '') expect(here?.collapsed || here?.from === here?.to).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('collapses when all of its words are deleted, and keeps the comment', () => {
    const { doc, text } = paragraphDoc('please approve the logo today');
    const comments = Comments.of(doc);
    comments.add({ id: 'c1', authorId: 'u1', body: 'Which logo?', anchor: anchorInText(text, 15, 23) });
    expect(comments.list()[0]?.anchor.quote).toBe('the logo');
    text.insert(0, 'Hi, ');
    text.insert(text.length, '!');
    const moved = resolveAnchor(doc, comments.list()[0]?.anchor as never);
    expect(text.toString().slice(moved?.from, moved?.to)).toBe('the logo');
    text.delete(19, 8);
    const gone = resolveAnchor(doc, comments.list()[0]?.anchor as never);
    expect(gone?.collapsed).toBe(true);
    expect(comments.list()).toHaveLength(1);
  });

  it('threads replies, resolves and reopens, and finds @mentions', () => {
    const { doc, text } = paragraphDoc('some words');
    const comments = Comments.of(doc);
    comments.add({ id: 'c1', authorId: 'u1', body: '@Casey can you check?', anchor: anchorInText(text, 0, 4) });
    comments.reply('c1', { id: 'r1', authorId: 'u2', body: 'Done' });
    comments.setResolved('c1', true);
    expect(comments.list()[0]).toMatchObject({ resolved: true, replies: [{ id: 'r1', body: 'Done' }] });
    comments.setResolved('c1', false);
    expect(comments.list()[0]?.resolved).toBe(false);
    const people = [{ name: 'Casey Customer' }, { name: 'Pat Provider' }];
    expect(mentionedPeople('@Casey can you check? cc @Pat Provider', people)).toEqual(people);
    expect(mentionedPeople('email me at a@b.c', people)).toEqual([]);
  });
});
