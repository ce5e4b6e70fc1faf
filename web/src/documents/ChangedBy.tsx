/**
 * Who changed the text since a version. Additions: every editing identity (Yjs clientID) that
 * added content after the version, mapped to its person by the server's record of who wrote under
 * which identity. Removals: content of the version deleted since, matched against the server's
 * record of who deleted what (Yjs itself does not say who deleted something).
 */
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { api, type Person } from '../app/api.ts';
import { useDocValue } from '../app/replicaHooks.ts';

type Writer = { clientId: number; userId: string };
export type Deletion = { clientId: number; clock: number; length: number; userId: string };

export function ChangedBy({
  projectId,
  itemId,
  since,
  doc,
  people,
}: {
  projectId: string;
  itemId: string;
  /** The version's Yjs state. */
  since: Uint8Array;
  doc: Y.Doc;
  people: Person[];
}) {
  const [record, setRecord] = useState<{ writers: Map<number, string>; deletions: Deletion[] } | null>(null);
  // Re-read a second after the document last changed: a removal made now is on the server by then.
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setChanges((count) => count + 1), 1000);
    };
    doc.on('update', changed);
    return () => {
      clearTimeout(timer);
      doc.off('update', changed);
    };
  }, [doc]);
  useEffect(() => {
    void changes;
    let live = true;
    const base = `/projects/${projectId}/items/${itemId}`;
    Promise.all([api<Writer[]>('GET', `${base}/writers`), api<Deletion[]>('GET', `${base}/deletions`)]).then(
      ([writers, deletions]) =>
        live && setRecord({ writers: new Map(writers.map((w) => [w.clientId, w.userId])), deletions }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId, itemId, changes]);
  const clients = useDocValue(doc, (d) => clientsSince(d, since), []);
  // The version itself (never garbage-collected), to tell which removed content was its text.
  const version = useMemo(() => {
    const old = new Y.Doc({ gc: false });
    Y.applyUpdate(old, since);
    return old;
  }, [since]);
  useEffect(() => () => version.destroy(), [version]);
  const removed = useDocValue(doc, (d) => removedSince(d, since, version), []);
  if (!record || (clients.length === 0 && removed.length === 0)) return null;
  const nameOf = (userId: string | undefined, unknown: string) =>
    userId ? (people.find((p) => p.userId === userId)?.name ?? 'A former member') : unknown;
  // Unnamed: a restore (written by the server), or — for customers — a writer whose edits began while
  // the item was not shared with them (the server does not name those; see access/itemHistory.ts).
  const unnamed = 'someone else';
  const added = [...new Set(clients.map((client) => nameOf(record.writers.get(client), unnamed)))];
  const deleters = deletersOf(removed, record.deletions);
  const removedBy = [
    ...new Set([...deleters.userIds].map((userId) => nameOf(userId, ''))),
    ...(deleters.unrecorded ? [unnamed] : []),
  ];
  return (
    <p className="changed-by" data-testid="changed-by">
      {added.length > 0 && <>Added since then by {added.join(', ')}</>}
      {added.length > 0 && removedBy.length > 0 && '; '}
      {removedBy.length > 0 && (
        <>
          {added.length > 0 ? 'removed' : 'Removed since then'} by {removedBy.join(', ')}
        </>
      )}
    </p>
  );
}

type Range = { clientId: number; clock: number; length: number };

/**
 * Text of the version's description (state `since`, opened as `version`) deleted since, as Yjs id
 * ranges. Other content replaced meanwhile (a message edited, a field changed) is not text removed.
 */
export function removedSince(doc: Y.Doc, since: Uint8Array, version: Y.Doc): Range[] {
  const before = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(since));
  const deletedThen = Y.decodeUpdate(since).ds.clients;
  const deletedNow = Y.createDeleteSetFromStructStore(doc.store).clients;
  const removed: Range[] = [];
  for (const [clientId, ranges] of deletedNow) {
    const existed = before.get(clientId) ?? 0;
    const then = deletedThen.get(clientId) ?? [];
    for (const { clock, len } of ranges) {
      // The part of this deleted range that existed in the version and was not deleted then.
      let from = clock;
      const end = Math.min(clock + len, existed);
      for (const old of then) {
        if (from >= end) break;
        if (old.clock + old.len <= from) continue;
        if (old.clock >= end) break;
        if (old.clock > from) removed.push({ clientId, clock: from, length: old.clock - from });
        from = Math.max(from, old.clock + old.len);
      }
      if (from < end) removed.push({ clientId, clock: from, length: end - from });
    }
  }
  return textOf(version, removed);
}

/** The parts of these ranges that are characters of the document's description in `version`. */
function textOf(version: Y.Doc, ranges: Range[]): Range[] {
  const description = version.getXmlFragment('description') as unknown as Y.AbstractType<unknown>;
  const text: Range[] = [];
  for (const range of ranges) {
    const structs = version.store.clients.get(range.clientId);
    if (!structs) continue;
    const end = range.clock + range.length;
    for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
      const struct = structs[index] as Y.Item | Y.GC;
      if (struct.id.clock >= end) break;
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      if (!inside(struct, description)) continue;
      const from = Math.max(range.clock, struct.id.clock);
      text.push({
        clientId: range.clientId,
        clock: from,
        length: Math.min(end, struct.id.clock + struct.length) - from,
      });
    }
  }
  return text;
}

function inside(item: Y.Item, root: Y.AbstractType<unknown>): boolean {
  let parent = item.parent as Y.AbstractType<unknown> | null;
  while (parent) {
    if (parent === root) return true;
    parent = parent._item ? (parent._item.parent as Y.AbstractType<unknown>) : null;
  }
  return false;
}

/** Who deleted these ranges, by the server's record; `unrecorded` when some of it has no record. */
export function deletersOf(removed: Range[], recorded: Deletion[]): { userIds: Set<string>; unrecorded: boolean } {
  const userIds = new Set<string>();
  let unrecorded = false;
  for (const range of removed) {
    let covered = 0;
    for (const deletion of recorded) {
      if (deletion.clientId !== range.clientId) continue;
      const from = Math.max(range.clock, deletion.clock);
      const to = Math.min(range.clock + range.length, deletion.clock + deletion.length);
      if (from >= to) continue;
      userIds.add(deletion.userId);
      covered += to - from;
    }
    if (covered < range.length) unrecorded = true;
  }
  return { userIds, unrecorded };
}

/** The clientIDs that wrote to the document after the state `since`. */
export function clientsSince(doc: Y.Doc, since: Uint8Array): number[] {
  const before = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(since));
  const clients: number[] = [];
  for (const client of doc.store.clients.keys()) {
    if (Y.getState(doc.store, client) > (before.get(client) ?? 0)) clients.push(client);
  }
  return clients;
}
