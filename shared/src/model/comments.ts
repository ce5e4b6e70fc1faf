/**
 * Inline comments on an item's rich text. Each comment is anchored to a range of the text by two
 * Yjs relative positions, so it stays on its words while anyone edits around them or inside them;
 * if all of its words are deleted the range collapses and the comment is kept, shown as "text
 * deleted". A comment has replies, can be resolved and reopened, and mentions people as @Name.
 *
 * Client comments live in the item's shareable part and both sides write them (the server lets a
 * customer add and change only their own); internal comments live in the internal part, so they
 * never reach a customer — their anchors still point into the shareable part's text, which is
 * harmless: an anchor names a position, not content.
 */
import * as Y from 'yjs';
import { readPost } from './thread.ts';

export type Anchor = {
  /** Y.RelativePosition as JSON (Y.relativePositionToJSON). */
  start: unknown;
  end: unknown;
  /** The words commented on, as they were when the comment was written. */
  quote: string;
};

export type Reply = { id: string; authorId: string; createdAt: number; body: string; editedAt: number | null };

export type InlineComment = Reply & {
  anchor: Anchor;
  resolved: boolean;
  deleted: boolean;
  replies: Reply[];
};

export const commentsArrayName = 'comments';

export class Comments {
  constructor(readonly array: Y.Array<Y.Map<unknown>>) {}

  static of(doc: Y.Doc): Comments {
    return new Comments(doc.getArray(commentsArrayName));
  }

  list(): InlineComment[] {
    return this.array.toArray().map(readComment);
  }

  add(comment: { id: string; authorId: string; body: string; anchor: Anchor; createdAt?: number }): void {
    const map = new Y.Map<unknown>();
    map.set('id', comment.id);
    map.set('authorId', comment.authorId);
    map.set('createdAt', comment.createdAt ?? Date.now());
    map.set('body', comment.body);
    map.set('anchor', comment.anchor);
    map.set('replies', new Y.Array<Y.Map<unknown>>());
    this.array.push([map]);
  }

  reply(commentId: string, reply: { id: string; authorId: string; body: string; createdAt?: number }): void {
    const replies = this.find(commentId)?.get('replies');
    if (!(replies instanceof Y.Array)) return;
    const map = new Y.Map<unknown>();
    map.set('id', reply.id);
    map.set('authorId', reply.authorId);
    map.set('createdAt', reply.createdAt ?? Date.now());
    map.set('body', reply.body);
    replies.push([map]);
  }

  setResolved(commentId: string, resolved: boolean): void {
    this.find(commentId)?.set('resolved', resolved);
  }

  edit(commentId: string, body: string): void {
    const map = this.find(commentId);
    map?.doc?.transact(() => {
      map.set('body', body);
      map.set('editedAt', Date.now());
    });
  }

  /** Keeps the comment's place and replies, drops its words. */
  delete(commentId: string): void {
    const map = this.find(commentId);
    map?.doc?.transact(() => {
      map.set('deleted', true);
      map.set('body', '');
    });
  }

  private find(id: string): Y.Map<unknown> | undefined {
    return this.array.toArray().find((map) => map.get('id') === id);
  }
}

export function readComment(map: Y.Map<unknown>): InlineComment {
  const replies = map.get('replies');
  const anchor = map.get('anchor') as Partial<Anchor> | undefined;
  return {
    ...readPost(map),
    anchor: { start: anchor?.start ?? null, end: anchor?.end ?? null, quote: String(anchor?.quote ?? '') },
    resolved: map.get('resolved') === true,
    deleted: map.get('deleted') === true,
    replies: replies instanceof Y.Array ? replies.toArray().map((reply) => readPost(reply as Y.Map<unknown>)) : [],
  };
}

/**
 * Anchors a range [from, to) of one Y.XmlText (what a selection inside one paragraph is in Yjs).
 * The start is tied to the first commented character and the end to the last one, so text typed
 * just before or just after the words stays outside the comment, and text typed among them is in.
 */
export function anchorInText(text: Y.XmlText, from: number, to: number): Anchor {
  return {
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)),
    quote: text.toString().slice(from, to),
  };
}

/**
 * Where an anchor is now in this replica: both ends as (type, index), or null when its anchor
 * cannot be read. `collapsed` means every anchored character was deleted ("text deleted").
 */
export function resolveAnchor(
  doc: Y.Doc,
  anchor: Anchor,
): { type: Y.AbstractType<unknown>; from: number; to: number; collapsed: boolean } | null {
  try {
    const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.start), doc);
    const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.end), doc);
    if (!start || !end || start.type !== end.type) return null;
    return { type: start.type, from: start.index, to: end.index, collapsed: end.index <= start.index };
  } catch {
    return null;
  }
}

const mentionPattern = /@([\p{L}][\p{L}'’-]*(?: [\p{L}][\p{L}'’-]*)?)/gu;

/** The people a text mentions as @First or @First Last, matched against the project's people. */
export function mentionedPeople<T extends { name: string }>(text: string, people: T[]): T[] {
  const found = new Set<T>();
  for (const match of text.matchAll(mentionPattern)) {
    const words = (match[1] ?? '').toLowerCase();
    const first = words.split(' ')[0] ?? '';
    const person =
      people.find((p) => p.name.toLowerCase() === words) ??
      people.find((p) => p.name.toLowerCase().split(' ')[0] === first);
    if (person) found.add(person);
  }
  return [...found];
}
