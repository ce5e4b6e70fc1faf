/**
 * Plain text out of a Yjs rich-text fragment, block by block (headings, paragraphs, list items,
 * table cells), for comparing versions and for "copy my text" — without an editor.
 */
import * as Y from 'yjs';

const blockNames = new Set(['paragraph', 'heading', 'codeBlock', 'tableCell', 'tableHeader', 'blockquote']);

export function blocksOf(fragment: Y.XmlFragment | Y.XmlElement): string[] {
  const blocks: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) continue;
      if (!(child instanceof Y.XmlElement)) continue;
      if (blockNames.has(child.nodeName)) blocks.push(textOf(child));
      else walk(child);
    }
  };
  walk(fragment);
  return blocks;
}

function textOf(element: Y.XmlElement): string {
  let text = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert?: unknown }>)
        if (typeof op.insert === 'string') text += op.insert;
    } else if (child instanceof Y.XmlElement) text += textOf(child);
  }
  return text;
}

/** A version's rich text from its stored state (base64, as the API returns it). */
export function fragmentFromState(base64: string): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc();
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  Y.applyUpdate(doc, bytes);
  return { doc, fragment: doc.getXmlFragment('description') };
}
