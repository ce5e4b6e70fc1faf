/**
 * Highlights of inline comments in the editor: a ProseMirror plugin whose decorations the page
 * sets whenever comments or the text change (positions come from the comments' Yjs anchors), and
 * the conversions between editor positions and Yjs relative positions (through y-prosemirror's
 * binding mapping, so they work on any paragraph, list or table cell).
 */
import { type Anchor, resolveAnchor } from '@atrium/shared/model/comments.ts';
import { type Editor, Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

const key = new PluginKey<DecorationSet>('commentHighlights');

export const CommentHighlights = Extension.create({
  name: 'commentHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, set) => (tr.getMeta(key) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ];
  },
});

export type Highlight = { id: string; anchor: Anchor; internal: boolean; resolved: boolean; active: boolean };
export type Located = { id: string; from: number; to: number; collapsed: boolean };

type Mapping = Parameters<typeof absolutePositionToRelativePosition>[2];

function mappingOf(editor: Editor): Mapping | undefined {
  return (ySyncPluginKey.getState(editor.state) as { binding?: { mapping: Mapping } } | undefined)?.binding?.mapping;
}

/**
 * An anchor end as an editor position. The anchor is first resolved in Yjs and re-expressed the
 * way y-prosemirror expects (tied to the character before): its converter declines item-based
 * positions at the very start of the document as "misresolved", which a comment on the first
 * words would otherwise hit.
 */
function editorPosition(doc: Y.Doc, fragment: Y.XmlFragment, json: unknown, mapping: Mapping): number | null {
  const at = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
  if (!at) return null;
  return relativePositionToAbsolutePosition(
    doc,
    fragment,
    Y.createRelativePositionFromTypeIndex(at.type, at.index, -1),
    mapping,
  );
}

/** Where each comment is in the editor now (null positions for anchors that cannot be found). */
export function locate(editor: Editor, doc: Y.Doc, fragment: Y.XmlFragment, highlights: Highlight[]): Located[] | null {
  const mapping = mappingOf(editor);
  // The binding renders the Yjs text into the editor a moment after the editor starts.
  if (!mapping || (mapping.size === 0 && fragment.length > 0)) return null;
  const located: Located[] = [];
  for (const highlight of highlights) {
    try {
      const resolved = resolveAnchor(doc, highlight.anchor);
      const from = editorPosition(doc, fragment, highlight.anchor.start, mapping);
      const to = editorPosition(doc, fragment, highlight.anchor.end, mapping);
      if (from === null || to === null) continue;
      const collapsed = (resolved?.collapsed ?? false) || to <= from;
      located.push({ id: highlight.id, from, to: Math.max(from, to), collapsed });
    } catch {
      // An anchor into text this replica has not received yet: shown once it arrives.
    }
  }
  return located;
}

/** Paints the highlights (resolved ones are not painted; the active one is emphasised). */
export function paint(editor: Editor, highlights: Highlight[], located: Located[]): void {
  const size = editor.state.doc.content.size;
  const decorations: Decoration[] = [];
  for (const place of located) {
    const highlight = highlights.find((h) => h.id === place.id);
    if (!highlight || highlight.resolved || place.collapsed) continue;
    const from = Math.min(place.from, size);
    const to = Math.min(place.to, size);
    if (to <= from) continue;
    const classes = ['comment-mark', highlight.internal ? 'internal' : 'client', highlight.active ? 'active' : ''];
    decorations.push(Decoration.inline(from, to, { class: classes.join(' '), 'data-comment': place.id }));
  }
  editor.view.dispatch(editor.state.tr.setMeta(key, DecorationSet.create(editor.state.doc, decorations)));
}

/** An anchor for the editor's current selection, or null when nothing is selected. */
export function anchorForSelection(editor: Editor, fragment: Y.XmlFragment): Anchor | null {
  const { from, to } = editor.state.selection;
  const mapping = mappingOf(editor);
  if (!mapping || to <= from) return null;
  // y-prosemirror ties a position to the character before it. Right for the end (typing just after
  // the words stays outside the comment); for the start, tie it to the first commented character
  // instead, so typing just before the words stays outside too.
  const end = absolutePositionToRelativePosition(to, fragment, mapping);
  const before = absolutePositionToRelativePosition(from, fragment, mapping);
  const doc = fragment.doc;
  const at = doc ? Y.createAbsolutePositionFromRelativePosition(before, doc) : null;
  const start = at ? Y.createRelativePositionFromTypeIndex(at.type, at.index, 0) : before;
  return {
    start: Y.relativePositionToJSON(start),
    end: Y.relativePositionToJSON(end),
    quote: editor.state.doc.textBetween(from, to, ' ').slice(0, 500),
  };
}
