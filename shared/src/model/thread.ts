/**
 * Discussion threads: an ordered list of messages, each a Y.Map with its author, time and body.
 * The client thread lives in an item's shareable part (both sides write it); the internal thread
 * in its internal part (team only). The server enforces that a customer adds messages only as
 * themselves, edits or deletes only their own, and reacts only as themselves
 * (`server/src/access/writeRules.ts`).
 *
 * Reactions are keys of the message's own map, one per (emoji, person): `reaction <emoji> <userId>`
 * → the time it was added; removing a reaction deletes its key. Different people reacting at the
 * same moment write different keys, so concurrent reactions always merge, and nothing has to be
 * created first (a nested map created by two people at once would keep only one of them). The
 * server can tell from the key alone whose reaction a change is.
 */
import * as Y from 'yjs';

export type Message = {
  id: string;
  authorId: string;
  createdAt: number;
  body: string;
  editedAt: number | null;
  deleted: boolean;
  resolved: boolean;
  /** Emoji → who reacted with it, both in the order the reactions were first made. */
  reactions: Record<string, string[]>;
};

const reactionPrefix = 'reaction ';
/** An emoji (or a short code such as `:+1:`): up to 32 characters, no whitespace. */
const emojiPattern = /^\S{1,32}$/u;

/** The key of one person's reaction with one emoji in a message's map. */
export function reactionKey(emoji: string, userId: string): string {
  return `${reactionPrefix}${emoji} ${userId}`;
}

/** The emoji and the person a message-map key stands for, or null when it is not a reaction. */
export function parseReactionKey(key: string): { emoji: string; userId: string } | null {
  if (!key.startsWith(reactionPrefix)) return null;
  const rest = key.slice(reactionPrefix.length);
  const space = rest.lastIndexOf(' ');
  if (space <= 0 || space === rest.length - 1) return null;
  return { emoji: rest.slice(0, space), userId: rest.slice(space + 1) };
}

export class Thread {
  constructor(readonly array: Y.Array<Y.Map<unknown>>) {}

  messages(): Message[] {
    return this.array.toArray().map(readMessage);
  }

  add(message: { id: string; authorId: string; body: string; createdAt?: number }): void {
    const map = new Y.Map<unknown>();
    map.set('id', message.id);
    map.set('authorId', message.authorId);
    map.set('createdAt', message.createdAt ?? Date.now());
    map.set('body', message.body);
    this.array.push([map]);
  }

  edit(id: string, body: string): void {
    const map = this.find(id);
    if (!map) return;
    map.doc?.transact(() => {
      map.set('body', body);
      map.set('editedAt', Date.now());
    });
  }

  /** Deletion keeps the message's place ("message deleted") but drops its text. */
  delete(id: string): void {
    const map = this.find(id);
    if (!map) return;
    map.doc?.transact(() => {
      map.set('deleted', true);
      map.set('body', '');
    });
  }

  setResolved(id: string, resolved: boolean): void {
    this.find(id)?.set('resolved', resolved);
  }

  /** Adds `userId`'s reaction with `emoji` to a message (nothing if it is already there). */
  react(id: string, userId: string, emoji: string): void {
    if (!emojiPattern.test(emoji)) throw new Error(`Not an emoji: ${JSON.stringify(emoji)}`);
    if (!/^\S+$/.test(userId)) throw new Error(`Not a user id: ${JSON.stringify(userId)}`);
    const map = this.find(id);
    const key = reactionKey(emoji, userId);
    if (map && !map.has(key)) map.set(key, Date.now());
  }

  /** Removes `userId`'s reaction with `emoji` from a message, if there is one. */
  unreact(id: string, userId: string, emoji: string): void {
    const map = this.find(id);
    const key = reactionKey(emoji, userId);
    if (map?.has(key)) map.delete(key);
  }

  private find(id: string): Y.Map<unknown> | undefined {
    return this.array.toArray().find((map) => map.get('id') === id);
  }
}

/** The fields every post has, a thread message or an inline comment and its replies. */
export function readPost(map: Y.Map<unknown>): Pick<Message, 'id' | 'authorId' | 'createdAt' | 'body' | 'editedAt'> {
  return {
    id: String(map.get('id') ?? ''),
    authorId: String(map.get('authorId') ?? ''),
    createdAt: Number(map.get('createdAt') ?? 0),
    body: String(map.get('body') ?? ''),
    editedAt: typeof map.get('editedAt') === 'number' ? (map.get('editedAt') as number) : null,
  };
}

export function readMessage(map: Y.Map<unknown>): Message {
  return {
    ...readPost(map),
    deleted: map.get('deleted') === true,
    resolved: map.get('resolved') === true,
    reactions: readReactions(map),
  };
}

/**
 * Reactions grouped by emoji. Y.Map iteration order depends on the order updates arrived in, so
 * both the emoji and the people are ordered by when the reaction was made (then by text), which
 * every replica agrees on.
 */
function readReactions(map: Y.Map<unknown>): Record<string, string[]> {
  const reactions: Array<{ emoji: string; userId: string; at: number }> = [];
  for (const [key, value] of map.entries()) {
    const reaction = parseReactionKey(key);
    if (reaction) reactions.push({ ...reaction, at: typeof value === 'number' ? value : 0 });
  }
  reactions.sort((a, b) => a.at - b.at || compare(a.emoji, b.emoji) || compare(a.userId, b.userId));
  const grouped: Record<string, string[]> = {};
  for (const { emoji, userId } of reactions) grouped[emoji] = [...(grouped[emoji] ?? []), userId];
  return grouped;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
