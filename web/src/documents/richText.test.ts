import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { blocksOf, fragmentFromState } from './richText.ts';

describe('blocksOf', () => {
  it('reads headings, paragraphs, list items and table cells as blocks, formatting dropped', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('description');
    const heading = new Y.XmlElement('heading');
    heading.insert(0, [new Y.XmlText('Scope')]);
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText('Three pages');
    paragraph.insert(0, [text]);
    text.format(0, 5, { bold: true });
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const inner = new Y.XmlElement('paragraph');
    inner.insert(0, [new Y.XmlText('Home')]);
    item.insert(0, [inner]);
    list.insert(0, [item]);
    fragment.insert(0, [heading, paragraph, list]);
    expect(blocksOf(fragment)).toEqual(['Scope', 'Three pages', 'Home']);
    const state = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
    expect(blocksOf(fragmentFromState(state).fragment)).toEqual(['Scope', 'Three pages', 'Home']);
  });
});
