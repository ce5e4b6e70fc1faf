/**
 * What makes an editor live, shared by the item description and the document editor: the Yjs
 * binding to the document's fragment, and other people's carets with their names and colors,
 * drawn at the pace of remotePacing.ts.
 */

import type { EditorOptions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { Replica } from '../sync/replicas.ts';
import { caretAwareness } from './carets.ts';

type Person = { name: string; color: string };

/** Without a replica (its document not open yet) there are no carets to show. */
export function liveEditing(fragment: Y.XmlFragment, replica: Replica | undefined, fallback: Person) {
  const user = (replica?.awareness.getLocalState()?.user as Person | undefined) ?? fallback;
  return [
    Collaboration.configure({ fragment }),
    ...(replica
      ? [
          CollaborationCaret.configure({
            provider: { awareness: caretAwareness(replica.awareness, replica.pacing) },
            user,
          }),
        ]
      : []),
  ];
}

/**
 * Tiptap's `delete` core extension reports every deletion on a timer per transaction, remote ones
 * included; nothing here listens to it.
 */
export const liveEditorOptions: Pick<EditorOptions, 'enableCoreExtensions'> = {
  enableCoreExtensions: { delete: false },
};
