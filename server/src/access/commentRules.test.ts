import { type Anchor, Comments } from '@atrium/shared/model/comments.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentRefusal, commentsViolation } from './commentRules.ts';

const anchor: Anchor = { start: null, end: null, quote: 'words' };

/** What the rules say about `change`, made by `userId` on a copy of `doc`. */
function judge(doc: Y.Doc, userId: string, change: (copy: Y.Doc) => void): string | null {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const comments = copy.getArray<unknown>('comments');
  let violation: string | null = null;
  comments.observeDeep((events) => {
    violation ??= commentsViolation(comments, events, userId);
  });
  change(copy);
  return violation;
}

function withComment(): Y.Doc {
  const doc = new Y.Doc();
  Comments.of(doc).add({ id: 'c1', authorId: 'team', body: 'Which logo?', anchor });
  Comments.of(doc).reply('c1', { id: 'r1', authorId: 'team', body: 'The blue one?' });
  return doc;
}

describe('client comment rules for a customer', () => {
  it('lets them comment and reply as themselves, and change their own', () => {
    const doc = withComment();
    expect(
      judge(doc, 'casey', (d) => Comments.of(d).add({ id: 'c2', authorId: 'casey', body: 'Hm', anchor })),
    ).toBeNull();
    expect(
      judge(doc, 'casey', (d) => Comments.of(d).reply('c1', { id: 'r2', authorId: 'casey', body: 'Yes' })),
    ).toBeNull();
    Comments.of(doc).add({ id: 'c3', authorId: 'casey', body: 'Mine', anchor });
    expect(judge(doc, 'casey', (d) => Comments.of(d).edit('c3', 'Mine, edited'))).toBeNull();
    expect(judge(doc, 'casey', (d) => Comments.of(d).setResolved('c3', true))).toBeNull();
  });

  it('refuses comments, replies or changes under someone else’s name', () => {
    const doc = withComment();
    expect(judge(doc, 'casey', (d) => Comments.of(d).add({ id: 'c2', authorId: 'team', body: 'Fake', anchor }))).toBe(
      commentRefusal.newComment,
    );
    expect(judge(doc, 'casey', (d) => Comments.of(d).reply('c1', { id: 'r2', authorId: 'team', body: 'Fake' }))).toBe(
      commentRefusal.newComment,
    );
    expect(judge(doc, 'casey', (d) => Comments.of(d).edit('c1', 'Rewritten'))).toBe(commentRefusal.changeComment);
    expect(judge(doc, 'casey', (d) => Comments.of(d).setResolved('c1', true))).toBe(commentRefusal.changeComment);
    expect(judge(doc, 'casey', (d) => d.getArray('comments').delete(0, 1))).toBe(commentRefusal.removeComment);
    const reply = (d: Y.Doc) =>
      ((d.getArray('comments').get(0) as Y.Map<unknown>).get('replies') as Y.Array<Y.Map<unknown>>).get(0);
    expect(judge(doc, 'casey', (d) => reply(d).set('body', 'Changed'))).toBe(commentRefusal.changeComment);
    expect(judge(doc, 'casey', (d) => reply(d).set('authorId', 'casey'))).toBe(commentRefusal.changeComment);
  });

  it('refuses a new comment of theirs that carries someone else’s reply', () => {
    const doc = new Y.Doc();
    expect(
      judge(doc, 'casey', (d) => {
        d.transact(() => {
          Comments.of(d).add({ id: 'c1', authorId: 'casey', body: 'Mine', anchor });
          Comments.of(d).reply('c1', { id: 'r1', authorId: 'team', body: 'Forged' });
        });
      }),
    ).toBe(commentRefusal.newComment);
  });
});
