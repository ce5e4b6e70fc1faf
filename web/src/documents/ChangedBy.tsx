/**
 * Who changed the text since a version: every editing identity (Yjs clientID) that added content
 * after the version, mapped to its person by the server's record of who wrote under which
 * identity. Deletions carry no author in Yjs, so only additions are attributed — and the line says so.
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { api, type Person } from '../app/api.ts';
import { useDocValue } from '../app/replicaHooks.ts';

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
  const [writers, setWriters] = useState<Map<number, string> | null>(null);
  useEffect(() => {
    let live = true;
    api<Array<{ clientId: number; userId: string }>>('GET', `/projects/${projectId}/items/${itemId}/writers`).then(
      (list) => live && setWriters(new Map(list.map((w) => [w.clientId, w.userId]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId, itemId]);
  const clients = useDocValue(doc, (d) => clientsSince(d, since), []);
  if (!writers || clients.length === 0) return null;
  const names = [
    ...new Set(
      clients.map((client) => {
        const userId = writers.get(client);
        return userId ? (people.find((p) => p.userId === userId)?.name ?? 'A former member') : 'Atrium (a restore)';
      }),
    ),
  ];
  return (
    <p className="changed-by" data-testid="changed-by">
      Added since then by {names.join(', ')} <span className="muted">(deletions are not attributed)</span>
    </p>
  );
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
