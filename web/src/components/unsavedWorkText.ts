/**
 * Unsaved work in words a person recognises: "edits to “Send brand assets” and 1 message". Edits
 * are named per item (an item's shareable and internal parts are one item to the person), messages
 * and comments are counted.
 */
import { parseProjectDocument, projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import type { DocumentWork } from '../sync/unsavedWork.ts';

/** The title an item was last shown with, by the name of its shareable part (null when unknown). */
export type TitleOf = (sharedPartName: string) => string | null;

/**
 * `titleOf` names edited items by title (the refusal banner); without it they are counted (the
 * top bar, where a long title would push everything else away).
 */
export function describeWork(parts: DocumentWork[], titleOf?: TitleOf): string {
  const edited = new Map<string, string | null>();
  const touched = new Map<string, string | null>();
  let messages = 0;
  let comments = 0;
  for (const { name, work } of parts) {
    messages += work.messages;
    comments += work.comments;
    const target = editTarget(name, titleOf);
    touched.set(target.key, target.label);
    if (work.edited) edited.set(target.key, target.label);
  }
  const phrases: string[] = [];
  if (edited.size > 0) phrases.push(`edits to ${editedPhrase([...edited.values()])}`);
  if (messages > 0) phrases.push(counted(messages, 'message'));
  if (comments > 0) phrases.push(counted(comments, 'comment'));
  if (phrases.length === 0) return 'changes';
  // Messages alone still say where they were written, when that is one item with a known name.
  const [only] = touched.values();
  if (edited.size === 0 && touched.size === 1 && only) return `${joinWords(phrases)} on ${only}`;
  return joinWords(phrases);
}

function editTarget(name: string, titleOf: TitleOf | undefined): { key: string; label: string | null } {
  const document = parseProjectDocument(name);
  if (document?.kind === 'plan') return { key: name, label: 'the plan' };
  if (document?.kind === 'itemShared' || document?.kind === 'itemInternal') {
    const shared = projectDocumentName.itemShared(document.projectId, document.itemId);
    const title = titleOf?.(shared);
    return { key: shared, label: title ? `“${title}”` : null };
  }
  return { key: name, label: null };
}

/** Up to two named targets by name; otherwise (or when one has no name) a count of items. */
function editedPhrase(labels: Array<string | null>): string {
  const named = labels.filter((label): label is string => label !== null);
  if (named.length === labels.length && named.length <= 2) return joinWords(named);
  return counted(labels.length, 'item');
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
