/**
 * Who deleted what text in an item's shareable part. Yjs records a deletion by the id of what was
 * deleted, not by who deleted it, so the server keeps that: for every accepted change, the ranges
 * of text it deletes that were still there (a reconnecting client re-sends every deletion it
 * ever made; those are not new and are not recorded again). With the clientID owners
 * (`documentWriters`) this lets a comparison say who added and who removed text.
 */
import * as Y from 'yjs';
import type { Db } from '../storage/database.ts';
import type { WriteEffect } from '../storage/documentStore.ts';
import { historyNow } from './sharingPeriods.ts';

/** `at`: when it was recorded (`historyNow`), which says whether customers may see it. */
export type DeletionRange = { clientId: number; clock: number; length: number; userId: string; at: number };

/** The ranges of `doc`'s content still present that `deletes` would delete now. */
export function newlyDeleted(
  doc: Y.Doc,
  deletes: ReturnType<typeof Y.decodeUpdate>['ds'],
): Array<{ clientId: number; clock: number; length: number }> {
  const ranges: Array<{ clientId: number; clock: number; length: number }> = [];
  for (const [clientId, items] of deletes.clients) {
    const structs = doc.store.clients.get(clientId);
    if (!structs) continue;
    const known = Y.getState(doc.store, clientId);
    for (const { clock, len } of items) {
      const end = Math.min(clock + len, known);
      if (clock >= end) continue;
      for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
        const struct = structs[index] as Y.Item | Y.GC;
        if (struct.id.clock >= end) break;
        // Text only: what comparisons show. (Map values replaced on every edit of a message or
        // field are not worth a row each.)
        if (struct.deleted || !(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
        const from = Math.max(clock, struct.id.clock);
        const to = Math.min(end, struct.id.clock + struct.length);
        const last = ranges[ranges.length - 1];
        if (last && last.clientId === clientId && last.clock + last.length === from) last.length += to - from;
        else ranges.push({ clientId, clock: from, length: to - from });
      }
    }
  }
  return ranges;
}

/**
 * Records that `userId` deleted these ranges of the document: rows stored in the transaction of
 * the write that deletes them (computed before the change is applied).
 */
export function recordDeletions(
  document: string,
  userId: string,
  ranges: ReadonlyArray<{ clientId: number; clock: number; length: number }>,
): WriteEffect {
  const at = historyNow();
  return async (tx) => {
    await tx
      .insertInto('document_deletions')
      .values(
        ranges.map((range) => ({
          document,
          client_id: range.clientId,
          clock: range.clock,
          length: range.length,
          user_id: userId,
          at,
        })),
      )
      .execute();
  };
}

/** Every recorded deletion in a document, oldest first. */
export async function documentDeletions(db: Db, document: string): Promise<DeletionRange[]> {
  const rows = await db
    .selectFrom('document_deletions')
    .select(['client_id', 'clock', 'length', 'user_id', 'at'])
    .where('document', '=', document)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    clientId: row.client_id,
    clock: row.clock,
    length: row.length,
    userId: row.user_id,
    at: row.at,
  }));
}
