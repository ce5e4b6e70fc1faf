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
import './tiptapBase.css';

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
 * included; nothing here listens to it. Its base styles come from tiptapBase.css: injected as a
 * `<style>` element they would break the Content-Security-Policy (style-src 'self').
 */
export const liveEditorOptions: Pick<EditorOptions, 'enableCoreExtensions' | 'injectCSS'> = {
  enableCoreExtensions: { delete: false },
  injectCSS: false,
};
