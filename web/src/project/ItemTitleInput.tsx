/**
 * An item's title, edited in place: written to the plan when the field loses focus (or on Enter),
 * put back as it was when left empty, and following the plan while someone else renames the item.
 * A textarea, so a long title wraps (and grows) instead of hiding past the field's edge; a title
 * over the limit is kept in the field with a message, never cut short, and not saved until shortened.
 */
import { Plan } from '@atrium/shared/model/plan.ts';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { LengthNotice, titleLimit } from '../components/LengthLimit.tsx';

export function ItemTitleInput({
  planDoc,
  itemId,
  title,
  id,
  className,
  label,
}: {
  planDoc: Y.Doc;
  itemId: string;
  title: string;
  id: string;
  className: string;
  label: string;
}) {
  const [value, setValue] = useState(title);
  const field = useRef<HTMLTextAreaElement>(null);
  const noticeId = useId();
  useEffect(() => setValue(title), [title]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the text
  useLayoutEffect(() => {
    const element = field.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${element.scrollHeight}px`;
  }, [value]);
  const tooLong = value.trim().length > titleLimit;
  const commit = () => {
    const next = value.trim();
    if (tooLong) return;
    if (next && next !== title) new Plan(planDoc).updateItem(itemId, { title: next });
    else setValue(title);
  };
  return (
    <div className="title-field">
      <textarea
        ref={field}
        id={id}
        className={className}
        aria-label={label}
        aria-invalid={tooLong || undefined}
        aria-describedby={noticeId}
        value={value}
        rows={1}
        // A title is one line: a pasted line break becomes a space.
        onChange={(event) => setValue(event.target.value.replace(/\s*\n\s*/g, ' '))}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          event.currentTarget.blur();
        }}
      />
      <LengthNotice id={noticeId} length={value.trim().length} max={titleLimit} />
    </div>
  );
}
