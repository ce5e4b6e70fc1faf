/**
 * Who changed the text since a version. Additions: every editing identity (Yjs clientID) that
 * added content after the version, mapped to its person by the server's record of who wrote under
 * which identity. Removals: content of the version deleted since, matched against the server's
 * record of who deleted what (Yjs itself does not say who deleted something).
 */
import { useEffect, useState } from 'react';
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
  const removed = useDocValue(doc, (d) => removedSince(d, since), []);
  if (!record || (clients.length === 0 && removed.length === 0)) return null;
  const nameOf = (userId: string | undefined, unknown: string) =>
    userId ? (people.find((p) => p.userId === userId)?.name ?? 'A former member') : unknown;
  const added = [...new Set(clients.map((client) => nameOf(record.writers.get(client), 'Atrium (a restore)')))];
  const deleters = deletersOf(removed, record.deletions);
  const removedBy = [
    ...new Set([...deleters.userIds].map((userId) => nameOf(userId, ''))),
    ...(deleters.unrecorded ? ['Atrium (a restore)'] : []),
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

/** Content that was in the version (state `since`) and has been deleted since, as Yjs id ranges. */
export function removedSince(doc: Y.Doc, since: Uint8Array): Range[] {
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
  return removed;
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
