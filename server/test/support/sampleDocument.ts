/**
 * The shape of the documents the tests edit — a text, a map and a list — with typed accessors, and
 * a plain-value snapshot of that content for comparing replicas (client, server, after restart).
 */
import * as Y from 'yjs';

export const sample = {
  text: (doc: Y.Doc): Y.Text => doc.getText('text'),
  fields: (doc: Y.Doc): Y.Map<unknown> => doc.getMap('fields'),
  items: (doc: Y.Doc): Y.Array<unknown> => doc.getArray('items'),
};

export type SampleContent = { text: string; fields: Record<string, unknown>; items: unknown[] };

/** The content of a document, read from a copy so the source (e.g. a server's live doc) is untouched. */
export function contentOf(source: Y.Doc | Uint8Array): SampleContent {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, source instanceof Y.Doc ? Y.encodeStateAsUpdate(source) : source);
  const content = {
    text: sample.text(copy).toString(),
    fields: sample.fields(copy).toJSON(),
    items: sample.items(copy).toJSON(),
  };
  copy.destroy();
  return content;
}
