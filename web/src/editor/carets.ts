/**
 * Live carets for the collaborative editors (an item's description, a document): Tiptap's
 * CollaborationCaret, given a view of the replica's awareness that keeps caret traffic off the
 * keystroke.
 *
 * y-prosemirror's caret plugin publishes the local caret on every transaction (each keystroke, and
 * each remote edit, "forced": an awareness frame to the server and on to everyone else every time)
 * and redraws every caret on every awareness change, the local caret's own included, as a redraw of
 * its own. The view changes three things, none that people would notice:
 *
 * - the local caret is published at most once per `publishEveryMs`, with its latest position, and
 *   not at all when it has not moved (other people's editors keep carets in place as text arrives:
 *   a caret is a relative position, anchored to the text around it); hiding it (`null`, on blur or
 *   when the editor closes) goes out at once;
 * - a change that concerns only this person's own state wakes no caret listener (the plugin never
 *   draws the local caret);
 * - other people's caret changes are gathered and drawn with their edits, paced around the
 *   person's own typing (remotePacing.ts).
 */
import type { Awareness } from 'y-protocols/awareness';
import type { RemotePacing } from '../sync/remotePacing.ts';

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
type ChangeListener = (change: AwarenessChange, origin: unknown) => void;

/** The part of an Awareness that CollaborationCaret and y-prosemirror's caret plugin use. */
export type CaretAwareness = {
  readonly clientID: number;
  readonly doc: Awareness['doc'];
  readonly states: Awareness['states'];
  getStates(): Awareness['states'];
  getLocalState(): Record<string, unknown> | null;
  setLocalStateField(field: string, value: unknown): void;
  on(event: 'change' | 'update', listener: ChangeListener): void;
  off(event: 'change' | 'update', listener: ChangeListener): void;
};

const caretField = 'cursor';

export function caretAwareness(awareness: Awareness, pacing: RemotePacing, publishEveryMs = 100): CaretAwareness {
  let pending: { value: unknown } | undefined;
  let publishTimer: ReturnType<typeof setTimeout> | undefined;
  const publish = () => {
    clearTimeout(publishTimer);
    publishTimer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    const current = awareness.getLocalState()?.[caretField];
    if (JSON.stringify(current ?? null) !== JSON.stringify(value ?? null))
      awareness.setLocalStateField(caretField, value);
  };
  const gatheredFor = new Map<ChangeListener, Gathered>();

  return {
    clientID: awareness.clientID,
    doc: awareness.doc,
    get states() {
      return awareness.states;
    },
    getStates: () => awareness.getStates(),
    // The caret waiting to go out counts as the caret: the plugin hides a caret on blur only if it
    // sees one, and a caret focused and left within `publishEveryMs` must not go out afterwards.
    getLocalState() {
      const state = awareness.getLocalState();
      return pending && state ? { ...state, [caretField]: pending.value } : state;
    },
    setLocalStateField(field, value) {
      if (field !== caretField) {
        publish();
        awareness.setLocalStateField(field, value);
        return;
      }
      pending = { value };
      if (value === null) publish();
      else publishTimer ??= setTimeout(publish, publishEveryMs);
    },
    on(event, listener) {
      if (event === 'update') {
        awareness.on('update', listener);
        return;
      }
      const delivered = othersOnly(awareness.clientID, listener, pacing);
      gatheredFor.set(listener, delivered);
      awareness.on('change', delivered);
    },
    off(event, listener) {
      if (event === 'update') {
        awareness.off('update', listener);
        return;
      }
      const delivered = gatheredFor.get(listener);
      if (!delivered) return;
      gatheredFor.delete(listener);
      delivered.cancel();
      awareness.off('change', delivered);
    },
  };
}

type Gathered = ChangeListener & { cancel(): void };

/** Delivers changes that concern someone else, gathered into one call at the pace's next draw. */
function othersOnly(self: number, listener: ChangeListener, pacing: RemotePacing): Gathered {
  let gathered: { added: Set<number>; updated: Set<number>; removed: Set<number>; origin: unknown } | undefined;
  const deliver = () => {
    const change = gathered;
    gathered = undefined;
    if (change)
      listener({ added: [...change.added], updated: [...change.updated], removed: [...change.removed] }, change.origin);
  };
  const receive = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    if (![...added, ...updated, ...removed].some((id) => id !== self)) return;
    gathered ??= { added: new Set(), updated: new Set(), removed: new Set(), origin };
    for (const id of added) gathered.added.add(id);
    for (const id of updated) gathered.updated.add(id);
    for (const id of removed) gathered.removed.add(id);
    gathered.origin = origin;
    pacing.later(deliver);
  };
  return Object.assign(receive, {
    cancel: () => {
      pacing.forget(deliver);
      gathered = undefined;
    },
  });
}
