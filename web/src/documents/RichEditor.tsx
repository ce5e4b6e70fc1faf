/**
 * The document editor: Tiptap on the item's Yjs text with headings, lists, task lists, tables,
 * links, images, code blocks, live carets with names and colors, a placeholder, and the inline
 * comment highlights. Pasting from Word or Google Docs keeps headings, lists, tables and links
 * because every one of those has a node in this schema (Word's lists, which are paragraphs on the
 * clipboard, are turned back into lists first: wordPaste.ts).
 */
import Image from '@tiptap/extension-image';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { Placeholder } from '@tiptap/extensions';
import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type ReactNode, useState } from 'react';
import type * as Y from 'yjs';
import { liveEditing, liveEditorOptions } from '../editor/liveEditing.ts';
import type { Replica } from '../sync/replicas.ts';
import { CommentHighlights } from './commentHighlights.ts';
import { ImagePicker, type ImageSource } from './ImagePicker.tsx';
import { listsFromWord } from './wordPaste.ts';

type RichEditorProps = {
  replica: Replica | undefined;
  fragment: Y.XmlFragment;
  readOnly: boolean;
  label: string;
  placeholder: string;
  onEditor?: (editor: Editor | null) => void;
  /** Extra toolbar buttons (e.g. "Comment"). */
  actions?: ReactNode;
  /** Where images come from: the item's files (and uploads to them). */
  images?: ImageSource;
};

export function RichEditor({
  replica,
  fragment,
  readOnly,
  label,
  placeholder,
  onEditor,
  actions,
  images,
}: RichEditorProps) {
  const editor = useEditor(
    {
      ...liveEditorOptions,
      editable: !readOnly,
      extensions: [
        StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
        TaskList,
        TaskItem.configure({ nested: true }),
        TableKit.configure({ table: { resizable: false } }),
        Image,
        Placeholder.configure({ placeholder }),
        ...liveEditing(fragment, replica, { name: 'Someone', color: '#475569' }),
        CommentHighlights,
      ],
      editorProps: {
        attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox', class: 'prose document-prose' },
        transformPastedHTML: listsFromWord,
      },
      onCreate: ({ editor: created }) => onEditor?.(created as Editor),
      onDestroy: () => onEditor?.(null),
    },
    [fragment, readOnly],
  );
  return (
    <div className={`editor document-editor${readOnly ? ' read-only' : ''}`}>
      {!readOnly && editor && <Toolbar editor={editor} actions={actions} images={images} />}
      {readOnly && actions && (
        <div className="editor-toolbar" role="toolbar" aria-label="Document actions">
          {actions}
        </div>
      )}
      <EditorContent editor={editor} data-testid="document-body" />
    </div>
  );
}

function Toolbar({ editor, actions, images }: { editor: Editor; actions: ReactNode; images: ImageSource | undefined }) {
  const [help, setHelp] = useState(false);
  const [picking, setPicking] = useState(false);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullets: e.isActive('bulletList'),
      numbers: e.isActive('orderedList'),
      tasks: e.isActive('taskList'),
      code: e.isActive('codeBlock'),
      link: e.isActive('link'),
      table: e.isActive('table'),
    }),
  });
  const chain = () => editor.chain().focus();
  const setLink = () => {
    const previous = editor.getAttributes('link').href as string | undefined;
    const href = window.prompt('Link address (leave empty to remove the link)', previous ?? 'https://');
    if (href === null) return;
    if (href.trim() === '') chain().unsetLink().run();
    else chain().extendMarkRange('link').setLink({ href: href.trim() }).run();
  };
  const addImage = () => setPicking(true);
  const insertImage = (image: { src: string; alt: string }) => {
    setPicking(false);
    chain().setImage(image).run();
  };
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
      <Tool label="Bold (Ctrl+B)" pressed={active.bold} onClick={() => chain().toggleBold().run()}>
        <b>B</b>
      </Tool>
      <Tool label="Italic (Ctrl+I)" pressed={active.italic} onClick={() => chain().toggleItalic().run()}>
        <i>I</i>
      </Tool>
      <Tool label="Heading (Ctrl+Alt+2)" pressed={active.h2} onClick={() => chain().toggleHeading({ level: 2 }).run()}>
        H2
      </Tool>
      <Tool
        label="Subheading (Ctrl+Alt+3)"
        pressed={active.h3}
        onClick={() => chain().toggleHeading({ level: 3 }).run()}
      >
        H3
      </Tool>
      <Tool label="Bulleted list" pressed={active.bullets} onClick={() => chain().toggleBulletList().run()}>
        •
      </Tool>
      <Tool label="Numbered list" pressed={active.numbers} onClick={() => chain().toggleOrderedList().run()}>
        1.
      </Tool>
      <Tool label="Task list" pressed={active.tasks} onClick={() => chain().toggleTaskList().run()}>
        Tasks
      </Tool>
      <Tool label="Code block" pressed={active.code} onClick={() => chain().toggleCodeBlock().run()}>
        {'</>'}
      </Tool>
      <Tool label="Link" pressed={active.link} onClick={setLink}>
        Link
      </Tool>
      <Tool label="Image" pressed={false} onClick={addImage}>
        Image
      </Tool>
      <Tool
        label={active.table ? 'Add a row' : 'Table'}
        pressed={active.table}
        onClick={() =>
          active.table
            ? chain().addRowAfter().run()
            : chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()
        }
      >
        {active.table ? '+Row' : 'Table'}
      </Tool>
      {active.table && (
        <Tool label="Add a column" pressed={false} onClick={() => chain().addColumnAfter().run()}>
          +Col
        </Tool>
      )}
      <span className="toolbar-spacer" />
      {actions}
      <Tool label="Keyboard shortcuts" pressed={help} onClick={() => setHelp(!help)}>
        ?
      </Tool>
      {help && <ShortcutsHelp />}
      <ImagePicker source={images} open={picking} onPick={insertImage} onClose={() => setPicking(false)} />
    </div>
  );
}

function Tool({
  label,
  pressed,
  onClick,
  children,
}: {
  label: string;
  pressed: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className="tool" aria-label={label} title={label} aria-pressed={pressed} onClick={onClick}>
      {children}
    </button>
  );
}

const shortcuts: Array<[string, string]> = [
  ['Bold / italic / underline', 'Ctrl+B / Ctrl+I / Ctrl+U'],
  ['Heading 1–3', 'Ctrl+Alt+1…3, or type # ## ### and a space'],
  ['Bulleted / numbered list', 'Ctrl+Shift+8 / Ctrl+Shift+7, or type - or 1. and a space'],
  ['Task list', 'Ctrl+Shift+9, or type [ ] and a space'],
  ['Code block', 'Ctrl+Alt+C, or type ``` '],
  ['Undo / redo', 'Ctrl+Z / Ctrl+Shift+Z'],
  ['Comment on the selection', 'select text, then “Comment”'],
];

function ShortcutsHelp() {
  return (
    <div className="shortcuts" role="note" aria-label="Keyboard shortcuts">
      <table>
        <tbody>
          {shortcuts.map(([what, keys]) => (
            <tr key={what}>
              <th scope="row">{what}</th>
              <td>{keys}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
