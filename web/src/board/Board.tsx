/**
 * A board in the project's own workflow columns. Cards can be dragged between and within columns
 * (pointer, touch, or keyboard: focus a card's handle, Space to pick up, arrows to move, Space to
 * drop). The board does not decide what a move means: `onMove` gets the item, the target status
 * and its new neighbours, and `canMove` says which columns accept it (a customer's workflow
 * transitions, for instance). A card with no column to go to has no handle, and a drop where the
 * card may not go is announced as refused — the card stays where it was.
 *
 * A long column renders its first cards and the rest as they scroll near (or on "Show more"), so a
 * project with hundreds of items opens as fast as a small one. A card that arrives in a column
 * after it opened (added, moved there, by anyone) is always rendered, wherever it lands.
 */

import { byOrder } from '@atrium/shared/model/ordering.ts';
import type { Status, Workflow } from '@atrium/shared/model/workflow.ts';
import {
  closestCorners,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, type ReactNode, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useWhenNearViewport } from '../components/nearViewport.ts';
import type { BoardItem } from '../project/projectData.ts';
import { BoardScroller } from './BoardScroller.tsx';

export type MoveTarget = { item: BoardItem; status: string; before: BoardItem | null; after: BoardItem | null };

type BoardProps = {
  items: BoardItem[];
  workflow: Workflow;
  canMove: (item: BoardItem, toStatus: string) => boolean;
  onMove: (target: MoveTarget) => void;
  renderCard: (item: BoardItem, dragHandle: ReactNode) => ReactNode;
  /** Shown in an empty column. */
  emptyColumn?: string;
};

export function Board({ items, workflow, canMove, onMove, renderCard, emptyColumn = 'Nothing here' }: BoardProps) {
  const [active, setActive] = useState<BoardItem | null>(null);
  const columns = useMemo(() => {
    const byStatus = new Map<string, BoardItem[]>(workflow.statuses.map((status) => [status.id, []]));
    const orphans: BoardItem[] = [];
    for (const item of items) (byStatus.get(item.status) ?? orphans).push(item);
    // An item whose status was removed from the workflow still shows, in the first column.
    if (orphans.length > 0) byStatus.get(workflow.statuses[0]?.id ?? '')?.push(...orphans);
    for (const list of byStatus.values()) list.sort(byOrder);
    return byStatus;
  }, [items, workflow]);

  const statusOfTarget = (overId: string): string | undefined =>
    columns.has(overId) ? overId : items.find((item) => item.id === overId)?.status;
  const movable = useCallback(
    (item: BoardItem) => workflow.statuses.some((status) => canMove(item, status.id)),
    [workflow, canMove],
  );

  // Up and down move within a column (dnd-kit's sortable keys); left and right jump to the
  // neighbouring column, so every move a mouse can make, a keyboard can make too.
  const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
    if (event.code !== 'ArrowLeft' && event.code !== 'ArrowRight') return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const { over, active: dragged, droppableContainers } = args.context;
    const current = statusOfTarget(String(over?.id ?? dragged ?? ''));
    const index = workflow.statuses.findIndex((status) => status.id === current);
    const next = workflow.statuses[index + (event.code === 'ArrowLeft' ? -1 : 1)];
    const rect = next ? droppableContainers.get(next.id)?.rect.current : undefined;
    return rect ? { x: rect.left + 8, y: rect.top + 40 } : undefined;
  };
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );

  function dragStart(event: DragStartEvent) {
    setActive(items.find((item) => item.id === event.active.id) ?? null);
  }

  function dragEnd(event: DragEndEvent) {
    setActive(null);
    const item = items.find((candidate) => candidate.id === event.active.id);
    const overId = event.over ? String(event.over.id) : undefined;
    if (!item || !overId || overId === item.id) return;
    const status = statusOfTarget(overId);
    if (!status || !canMove(item, status)) return;
    const column = (columns.get(status) ?? []).filter((other) => other.id !== item.id);
    let index = column.length;
    if (!columns.has(overId)) {
      const overIndex = column.findIndex((other) => other.id === overId);
      const original = columns.get(item.status) ?? [];
      const movingDown =
        item.status === status && original.indexOf(item) < original.findIndex((other) => other.id === overId);
      index = overIndex + (movingDown ? 1 : 0);
    }
    onMove({ item, status, before: column[index - 1] ?? null, after: column[index] ?? null });
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={dragStart}
      onDragEnd={dragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{ announcements: announcements(items, workflow, statusOfTarget, canMove) }}
    >
      <BoardScroller testId="board">
        {workflow.statuses.map((status) => (
          <Column
            key={status.id}
            status={status}
            items={columns.get(status.id) ?? []}
            accepts={active ? active.status === status.id || canMove(active, status.id) : true}
            movable={movable}
            renderCard={renderCard}
            emptyText={emptyColumn}
          />
        ))}
      </BoardScroller>
      <DragOverlay>{active ? <div className="card-drag">{renderCard(active, null)}</div> : null}</DragOverlay>
    </DndContext>
  );
}

const Column = memo(function Column({
  status,
  items,
  accepts,
  movable,
  renderCard,
  emptyText,
}: {
  status: Status;
  items: BoardItem[];
  accepts: boolean;
  movable: (item: BoardItem) => boolean;
  renderCard: BoardProps['renderCard'];
  emptyText: string;
}) {
  // A closed column is still a place to be over, so what is announced is where the card really is;
  // the drop there is refused (dragEnd), not silently redirected to a column nearby.
  const { setNodeRef, isOver } = useDroppable({ id: status.id });
  const [shown, more, moreRef] = useGrowingWindow(items);
  const rendered = items.length > shown ? items.slice(0, shown) : items;
  // The same ids as long as the column's order is the same, so its cards need not re-render.
  const key = rendered.map((item) => item.id).join(' ');
  const ids = useMemo(() => key.split(' ').filter(Boolean), [key]);
  const hidden = items.length - rendered.length;
  return (
    <section
      ref={setNodeRef}
      className={`column${accepts ? '' : ' column-closed'}${isOver && accepts ? ' column-over' : ''}`}
      aria-labelledby={`column-${status.id}`}
      data-status={status.id}
      style={{ borderTopColor: status.color }}
    >
      <h2 id={`column-${status.id}`} className="column-title">
        <span className="status-dot" style={{ background: status.color }} aria-hidden="true" />
        {status.name}
        <span className="count">
          {items.length}
          <span className="visually-hidden"> items</span>
        </span>
      </h2>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ul className="cards">
          {rendered.map((item) => (
            <SortableCard key={item.id} item={item} movable={movable(item)} renderCard={renderCard} />
          ))}
          {items.length === 0 && <li className="column-empty">{emptyText}</li>}
          {hidden > 0 && (
            <li className="column-more" ref={moreRef} key={`more-${rendered.length}`}>
              <button type="button" className="link-button" onClick={more}>
                Show {Math.min(hidden, windowStep)} more of {hidden}
                <span className="visually-hidden"> in {status.name}</span>
              </button>
            </li>
          )}
        </ul>
      </SortableContext>
    </section>
  );
});

/** Cards a column renders at first (about two screens), and how many more each step adds. */
export const firstWindow = 20;
export const windowStep = 40;

/**
 * How many of a column's cards to render: the first window, growing by a step when the end of the
 * list comes within a screen of the viewport (or "Show more" is pressed), and always far enough to
 * include a card that appeared in the column after it opened.
 */
function useGrowingWindow(
  items: BoardItem[],
): [number, () => void, (element: HTMLLIElement | null) => (() => void) | undefined] {
  const [shown, setShown] = useState(firstWindow);
  const known = useRef<Set<string> | null>(null);
  let needed = shown;
  if (known.current) {
    for (let index = shown; index < items.length; index++) {
      if (!known.current.has((items[index] as BoardItem).id)) needed = index + 1;
    }
  }
  useEffect(() => {
    known.current = new Set(items.map((item) => item.id));
    if (needed > shown) setShown(needed);
  }, [items, needed, shown]);
  const more = useCallback(() => startTransition(() => setShown((count) => count + windowStep)), []);
  const moreRef = useWhenNearViewport<HTMLLIElement>(more);
  return [Math.max(shown, needed), more, moreRef];
}

const SortableCard = memo(function SortableCard({
  item,
  movable,
  renderCard,
}: {
  item: BoardItem;
  /** Whether any column accepts this card: without one there is nothing to drag, so no handle. */
  movable: boolean;
  renderCard: BoardProps['renderCard'];
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: item.id,
    // Still a place others can be dropped next to.
    disabled: { draggable: !movable, droppable: false },
  });
  const handle = movable ? (
    <button
      type="button"
      ref={setActivatorNodeRef}
      className="drag-handle"
      aria-label={`Move ${item.title}`}
      {...attributes}
      {...listeners}
    >
      <span aria-hidden="true">⠿</span>
    </button>
  ) : null;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition, opacity: isDragging ? 0.4 : 1 }}
      data-item={item.id}
    >
      {renderCard(item, handle)}
    </li>
  );
});

/**
 * What a screen reader hears while a card is dragged: the truth about where it is and where it
 * ends up — a drop where the card may not go says so, and that it stayed.
 */
function announcements(
  items: BoardItem[],
  workflow: Workflow,
  statusOfTarget: (id: string) => string | undefined,
  canMove: BoardProps['canMove'],
) {
  type Id = string | number;
  const itemOf = (id: Id) => items.find((item) => item.id === id);
  const title = (id: Id) => itemOf(id)?.title ?? 'the card';
  const statusOf = (id: Id | undefined) => (id === undefined ? undefined : statusOfTarget(String(id)));
  const name = (status: string | undefined) =>
    workflow.statuses.find((candidate) => candidate.id === status)?.name ?? 'no column';
  /** Whether dropping the card in that column changes anything the board would apply. */
  const accepted = (id: Id, status: string | undefined) => {
    const item = itemOf(id);
    return item !== undefined && status !== undefined && canMove(item, status);
  };
  return {
    onDragStart: ({ active }: { active: { id: Id } }) => `Picked up ${title(active.id)}.`,
    onDragOver: ({ active, over }: { active: { id: Id }; over: { id: Id } | null }) => {
      const status = statusOf(over?.id);
      if (!status) return `${title(active.id)} is not over a column.`;
      if (status === itemOf(active.id)?.status || accepted(active.id, status))
        return `${title(active.id)} is over ${name(status)}.`;
      return `${title(active.id)} is over ${name(status)}, where it cannot be moved.`;
    },
    onDragEnd: ({ active, over }: { active: { id: Id }; over: { id: Id } | null }) => {
      const status = statusOf(over?.id);
      const from = name(itemOf(active.id)?.status);
      if (status && accepted(active.id, status)) return `${title(active.id)} was dropped in ${name(status)}.`;
      if (!status || status === itemOf(active.id)?.status)
        return `${title(active.id)} was not moved; it stays in ${from}.`;
      return `${title(active.id)} cannot be moved to ${name(status)}; it stays in ${from}.`;
    },
    onDragCancel: ({ active }: { active: { id: Id } }) => `Moving ${title(active.id)} was cancelled.`,
  };
}
