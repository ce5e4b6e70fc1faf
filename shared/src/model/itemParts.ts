/**
 * Typed access to an item's two documents. The shareable part (`project/<p>/item/<i>`) is what a
 * customer may see once the item is shared: its rich-text description, the client thread,
 * attachments and feedback. The internal part (`…/internal`) is team-only: notes, the internal
 * thread, estimates, budget and tags. Sharing an item changes who may sync the shareable part; it
 * never copies content between them.
 *
 * Feedback entries are plain values in one array: a change is an entry added or removed, never
 * edited in place, and the server lets a customer add entries only as their author and remove only
 * their own (`server/src/access/writeRules.ts`).
 */
import type * as Y from 'yjs';
import { Thread } from './thread.ts';

export type Attachment = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedBy: string;
  uploadedAt: number;
};
export type Feedback = {
  id: string;
  authorId: string;
  createdAt: number;
  sentiment: 'positive' | 'neutral' | 'negative';
  text: string;
};

export class ItemSharedPart {
  constructor(readonly doc: Y.Doc) {}

  /** The Tiptap document (the collaboration extension's fragment). */
  get description(): Y.XmlFragment {
    return this.doc.getXmlFragment('description');
  }

  get clientThread(): Thread {
    return new Thread(this.doc.getArray('clientThread'));
  }

  attachments(): Attachment[] {
    return this.doc.getArray<Attachment>('attachments').toArray();
  }

  addAttachment(attachment: Attachment): void {
    this.doc.getArray<Attachment>('attachments').push([attachment]);
  }

  feedback(): Feedback[] {
    return this.doc.getArray<Feedback>('feedback').toArray();
  }

  addFeedback(feedback: Feedback): void {
    this.doc.getArray<Feedback>('feedback').push([feedback]);
  }

  /** Removes a feedback entry (to change one, remove it and add the new version). */
  removeFeedback(id: string): void {
    const feedback = this.doc.getArray<Feedback>('feedback');
    const index = feedback.toArray().findIndex((entry) => entry.id === id);
    if (index >= 0) feedback.delete(index, 1);
  }
}

export type InternalFields = { estimateHours: number | null; budget: number | null; tags: string[] };

export class ItemInternalPart {
  constructor(readonly doc: Y.Doc) {}

  get notes(): Y.XmlFragment {
    return this.doc.getXmlFragment('notes');
  }

  get internalThread(): Thread {
    return new Thread(this.doc.getArray('internalThread'));
  }

  fields(): InternalFields {
    const map = this.doc.getMap('internal');
    return {
      estimateHours: (map.get('estimateHours') as number | null | undefined) ?? null,
      budget: (map.get('budget') as number | null | undefined) ?? null,
      tags: (map.get('tags') as string[] | undefined) ?? [],
    };
  }

  setFields(fields: Partial<InternalFields>): void {
    const map = this.doc.getMap('internal');
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value);
    });
  }
}
