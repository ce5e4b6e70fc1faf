/**
 * An item's title, edited in place: written to the plan when the field loses focus (or on Enter),
 * put back as it was when left empty, and following the plan while someone else renames the item.
 */
import { Plan } from '@atrium/shared/model/plan.ts';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

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
  useEffect(() => setValue(title), [title]);
  const commit = () => {
    const next = value.trim();
    if (next && next !== title) new Plan(planDoc).updateItem(itemId, { title: next });
    else setValue(title);
  };
  return (
    <input
      id={id}
      className={className}
      aria-label={label}
      value={value}
      maxLength={200}
      onChange={(event) => setValue(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => event.key === 'Enter' && event.currentTarget.blur()}
    />
  );
}
