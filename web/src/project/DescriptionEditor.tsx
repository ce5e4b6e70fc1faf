/**
 * The collaborative rich-text editor (Tiptap on the item's Yjs fragment): everyone's text merges
 * live, and other people's carets show with their names and colors.
 */

import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type * as Y from 'yjs';
import { liveEditing, liveEditorOptions } from '../editor/liveEditing.ts';
import type { Replica } from '../sync/replicas.ts';

type DescriptionEditorProps = {
  replica: Replica;
  fragment: Y.XmlFragment;
  readOnly: boolean;
  label: string;
  placeholder: string;
};

export function DescriptionEditor({ replica, fragment, readOnly, label, placeholder }: DescriptionEditorProps) {
  const editor = useEditor(
    {
      ...liveEditorOptions,
      editable: !readOnly,
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Placeholder.configure({ placeholder: readOnly ? '' : placeholder }),
        ...liveEditing(fragment, replica, { name: 'Someone', color: '#64748b' }),
      ],
      editorProps: {
        attributes: { 'aria-label': label, 'aria-multiline': 'true', role: 'textbox', class: 'prose' },
      },
    },
    [fragment, readOnly, placeholder],
  );
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive('bold') ?? false,
      italic: current?.isActive('italic') ?? false,
      heading: current?.isActive('heading', { level: 3 }) ?? false,
      bullets: current?.isActive('bulletList') ?? false,
      numbers: current?.isActive('orderedList') ?? false,
    }),
  });
  return (
    <div className={`editor${readOnly ? ' read-only' : ''}`}>
      {!readOnly && editor && (
        <div className="editor-toolbar" role="toolbar" aria-label="Formatting">
          <ToolButton label="Bold" pressed={active?.bold} onClick={() => editor.chain().focus().toggleBold().run()}>
            <b>B</b>
          </ToolButton>
          <ToolButton
            label="Italic"
            pressed={active?.italic}
            onClick={() => editor.chain().focus().toggleItalic().run()}
          >
            <i>I</i>
          </ToolButton>
          <ToolButton
            label="Heading"
            pressed={active?.heading}
            onClick={() => editor.chain().focus().toggleHeading({ level: 3 }).run()}
          >
            H
          </ToolButton>
          <ToolButton
            label="Bulleted list"
            pressed={active?.bullets}
            onClick={() => editor.chain().focus().toggleBulletList().run()}
          >
            •
          </ToolButton>
          <ToolButton
            label="Numbered list"
            pressed={active?.numbers}
            onClick={() => editor.chain().focus().toggleOrderedList().run()}
          >
            1.
          </ToolButton>
        </div>
      )}
      <EditorContent editor={editor} data-testid="description" />
    </div>
  );
}

function ToolButton({
  label,
  pressed,
  onClick,
  children,
}: {
  label: string;
  pressed: boolean | undefined;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button type="button" className="tool" aria-label={label} aria-pressed={pressed ?? false} onClick={onClick}>
      {children}
    </button>
  );
}
