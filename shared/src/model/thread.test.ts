/**
 * Thread messages and their reactions: reactions read back grouped by emoji in the order they were
 * made, each person's reaction is one key so concurrent reactions by different people merge, and
 * a reaction names exactly one person (which the server's write rules rely on).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { parseReactionKey, reactionKey, Thread } from './thread.ts';

const threadOf = (doc: Y.Doc) => new Thread(doc.getArray('clientThread'));

/** Two replicas of one thread holding one message by `usr_author`. */
function twoReplicas() {
  const a = new Y.Doc();
  threadOf(a).add({ id: 'msg_1', authorId: 'usr_author', body: 'Launch on Monday?', createdAt: 1 });
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return { a, b };
}

const exchange = (a: Y.Doc, b: Y.Doc) => {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
};

describe('reactions on a message', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('start empty, and read back grouped by emoji in the order they were made', () => {
    vi.useFakeTimers({ now: 1_000 });
    const { a } = twoReplicas();
    const thread = threadOf(a);
    expect(thread.messages()[0]?.reactions).toEqual({});
    thread.react('msg_1', 'usr_cora', '👍');
    vi.advanceTimersByTime(1);
    thread.react('msg_1', 'usr_mia', '🎉');
    vi.advanceTimersByTime(1);
    thread.react('msg_1', 'usr_mia', '👍');
    expect(thread.messages()[0]?.reactions).toEqual({ '👍': ['usr_cora', 'usr_mia'], '🎉': ['usr_mia'] });
    expect(Object.keys(thread.messages()[0]?.reactions ?? {})).toEqual(['👍', '🎉']);
  });

  it('are one per person and emoji: reacting twice changes nothing, unreacting removes only that one', () => {
    const { a } = twoReplicas();
    const thread = threadOf(a);
    thread.react('msg_1', 'usr_cora', '👍');
    const before = Y.encodeStateVector(a);
    thread.react('msg_1', 'usr_cora', '👍');
    expect(Y.encodeStateVector(a)).toEqual(before);
    thread.react('msg_1', 'usr_mia', '👍');
    thread.unreact('msg_1', 'usr_cora', '👍');
    thread.unreact('msg_1', 'usr_cora', '🎉');
    expect(thread.messages()[0]?.reactions).toEqual({ '👍': ['usr_mia'] });
    thread.unreact('msg_1', 'usr_mia', '👍');
    expect(thread.messages()[0]?.reactions).toEqual({});
  });

  it('made at the same time by different people on different replicas all survive the merge', () => {
    const { a, b } = twoReplicas();
    threadOf(a).react('msg_1', 'usr_cora', '👍');
    threadOf(b).react('msg_1', 'usr_mia', '👍');
    threadOf(b).react('msg_1', 'usr_mia', '🚀');
    exchange(a, b);
    const reactions = threadOf(a).messages()[0]?.reactions ?? {};
    expect(reactions['👍']?.slice().sort()).toEqual(['usr_cora', 'usr_mia']);
    expect(reactions['🚀']).toEqual(['usr_mia']);
    // Every replica lists them in the same order, whatever order the updates arrived in.
    expect(threadOf(b).messages()).toEqual(threadOf(a).messages());
  });

  it('leave the message itself untouched, and do nothing on a message that does not exist', () => {
    const { a } = twoReplicas();
    const thread = threadOf(a);
    thread.react('msg_1', 'usr_cora', '👍');
    thread.react('msg_missing', 'usr_cora', '👍');
    expect(thread.messages()).toEqual([
      {
        id: 'msg_1',
        authorId: 'usr_author',
        createdAt: 1,
        body: 'Launch on Monday?',
        editedAt: null,
        deleted: false,
        resolved: false,
        reactions: { '👍': ['usr_cora'] },
      },
    ]);
  });

  it('refuse what is not an emoji or not a user id', () => {
    const { a } = twoReplicas();
    const thread = threadOf(a);
    for (const emoji of ['', 'two words', 'x'.repeat(33)]) {
      expect(() => thread.react('msg_1', 'usr_cora', emoji), JSON.stringify(emoji)).toThrow(/emoji/);
    }
    expect(() => thread.react('msg_1', 'usr cora', '👍')).toThrow(/user id/);
    expect(thread.messages()[0]?.reactions).toEqual({});
  });
});

describe('reaction keys', () => {
  it('name one emoji and one person, and nothing else parses as a reaction', () => {
    for (const emoji of ['👍', '👩‍👩‍👧', ':+1:']) {
      expect(parseReactionKey(reactionKey(emoji, 'usr_cora'))).toEqual({ emoji, userId: 'usr_cora' });
    }
    for (const key of ['body', 'authorId', 'reaction', 'reaction 👍', 'reaction  usr_cora', 'reaction 👍 ']) {
      expect(parseReactionKey(key), key).toBeNull();
    }
  });
});
