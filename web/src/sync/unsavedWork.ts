/**
 * What a person would call the work of theirs the server does not have yet: edits to a document,
 * messages they sent, comments they wrote — not the Yjs updates it travels in (one sentence is
 * dozens of updates, and "29 changes" names nothing anyone did).
 *
 * A local transaction is sorted by the root types it changed: new entries in a thread are messages,
 * new entries in the comments list (or a comment's replies) are comments, anything else is an edit.
 * This module is the only one in the web app that reads Yjs items (`_start`, `_item`); its test
 * pins that reading.
 */
import * as Y from 'yjs';

export type UnsavedWork = { edited: boolean; messages: number; comments: number };

/** A document's unsaved work, by the document's name. */
export type DocumentWork = { name: string; work: UnsavedWork };

export const noWork: UnsavedWork = { edited: false, messages: 0, comments: 0 };

/** Any Yjs shared type (root or nested), as the document's `share` map holds them. */
type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

const threadRoots = new Set(['clientThread', 'internalThread']);
const commentRoots = new Set(['comments']);

export function hasWork(work: UnsavedWork): boolean {
  return work.edited || work.messages > 0 || work.comments > 0;
}

export function addWork(a: UnsavedWork, b: UnsavedWork): UnsavedWork {
  return { edited: a.edited || b.edited, messages: a.messages + b.messages, comments: a.comments + b.comments };
}

/** The work one local transaction did (called for every update not from the server or a restore). */
export function workOf(transaction: Y.Transaction): UnsavedWork {
  const doc = transaction.doc;
  const names = new Map<SharedType, string>();
  for (const [name, type] of doc.share) names.set(type, name);
  const since = transaction.beforeState.get(doc.clientID) ?? 0;
  let work = { ...noWork };
  for (const type of transaction.changed.keys()) {
    const root = names.get(rootOf(type)) ?? '';
    const kind = threadRoots.has(root) ? 'messages' : commentRoots.has(root) ? 'comments' : null;
    const added = kind && type instanceof Y.Array ? entriesAdded(type, doc.clientID, since) : 0;
    if (kind && added > 0) work = { ...work, [kind]: work[kind] + added };
    else work = { ...work, edited: true };
  }
  // An update with no visible change (a deletion of something already gone, say) is still unsaved.
  return hasWork(work) ? work : { ...work, edited: true };
}

function rootOf(type: SharedType): SharedType {
  let current = type;
  while (current._item?.parent instanceof Y.AbstractType) current = current._item.parent;
  return current;
}

/** Entries this client put into the array in this transaction and that are still there. */
function entriesAdded(array: Y.Array<unknown>, clientID: number, since: number): number {
  let count = 0;
  for (let item = array._start; item; item = item.right) {
    if (!item.deleted && item.countable && item.id.client === clientID && item.id.clock >= since) count += item.length;
  }
  return count;
}

/** Reads work kept on the device by an earlier page (a count of updates from older versions included). */
export function parseKeptWork(stored: string | null): UnsavedWork {
  if (!stored) return noWork;
  const legacyCount = Number(stored);
  if (Number.isFinite(legacyCount)) return legacyCount > 0 ? { ...noWork, edited: true } : noWork;
  try {
    const value = JSON.parse(stored) as Partial<UnsavedWork> | null;
    return {
      edited: value?.edited === true,
      messages: count(value?.messages),
      comments: count(value?.comments),
    };
  } catch {
    // Unreadable: something was kept, so say there are edits rather than claim all is saved.
    return { ...noWork, edited: true };
  }
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}
