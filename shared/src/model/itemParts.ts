/**
 * Typed access to an item's two documents. The shareable part (`project/<p>/item/<i>`) is what a
 * customer may see once the item is shared: its rich-text description, the client thread,
 * attachments and feedback. The internal part (`…/internal`) is team-only: notes, the internal
 * thread, internal attachments, estimates, budget and tags. Sharing an item changes who may sync
 * the shareable part; it never copies content between them.
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

/** Both parts keep their files in an `attachments` array that only the server writes (on upload and removal). */
export const attachmentsRoot = 'attachments';

/** Where a file's bytes are served, to those who may read the part it is attached to. */
export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`;

/** An item part's files: listed in its `attachments` array, which only the server changes. */
export class AttachmentList {
  constructor(private readonly doc: Y.Doc) {}

  all(): Attachment[] {
    return this.doc.getArray<Attachment>(attachmentsRoot).toArray();
  }

  add(attachment: Attachment): void {
    this.doc.getArray<Attachment>(attachmentsRoot).push([attachment]);
  }

  /** Removes the entry; false when there was none. */
  remove(id: string): boolean {
    const list = this.doc.getArray<Attachment>(attachmentsRoot);
    const index = list.toArray().findIndex((entry) => entry.id === id);
    if (index < 0) return false;
    list.delete(index, 1);
    return true;
  }
}

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

  get attachments(): AttachmentList {
    return new AttachmentList(this.doc);
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

  /** Files the team keeps on the item for itself. */
  get attachments(): AttachmentList {
    return new AttachmentList(this.doc);
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
