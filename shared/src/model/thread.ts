/**
 * Discussion threads: an ordered list of messages, each a Y.Map with its author, time and body.
 * The client thread lives in an item's shareable part (both sides write it); the internal thread
 * in its internal part (team only). The server enforces that a customer adds messages only as
 * themselves and edits or deletes only their own (`threadRules` on the server).
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
};

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

  private find(id: string): Y.Map<unknown> | undefined {
    return this.array.toArray().find((map) => map.get('id') === id);
  }
}

export function readMessage(map: Y.Map<unknown>): Message {
  return {
    id: String(map.get('id') ?? ''),
    authorId: String(map.get('authorId') ?? ''),
    createdAt: Number(map.get('createdAt') ?? 0),
    body: String(map.get('body') ?? ''),
    editedAt: typeof map.get('editedAt') === 'number' ? (map.get('editedAt') as number) : null,
    deleted: map.get('deleted') === true,
    resolved: map.get('resolved') === true,
  };
}
