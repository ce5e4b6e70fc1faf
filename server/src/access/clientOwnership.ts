/**
 * Binds the Yjs clientIDs used in a document to the user who first wrote with them, so nobody can
 * write structs under someone else's clientID (which would make their edits look like another
 * person's). Persisted in `document_clients`, cached in memory per document.
 */

import { historyNow } from '../content/sharingPeriods.ts';
import type { Db } from '../storage/database.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';

/**
 * The owner recorded for clientIDs the server writes under (portal derivation, REST actions,
 * restores, approvals). No user id has this form, so every person's write under them is foreign.
 */
export const serverOwner = 'atrium:server';

export class ClientOwnership {
  private readonly cache = new Map<string, Map<number, string>>();

  constructor(private readonly db: SqliteDatabase) {}

  /** The clientIDs among `clientIds` that belong to someone other than `userId`. */
  foreign(document: string, clientIds: Iterable<number>, userId: string): number[] {
    const owners = this.owners(document);
    return [...clientIds].filter((id) => {
      const owner = owners.get(id);
      return owner !== undefined && owner !== userId;
    });
  }

  /**
   * Records `userId` as the owner of the clientIDs that have none yet, and when they first wrote
   * (customers are told who wrote only under clientIDs first used while the item was shared).
   */
  claim(document: string, clientIds: Iterable<number>, userId: string): void {
    const owners = this.owners(document);
    for (const id of clientIds) {
      if (owners.has(id)) continue;
      sql(
        this.db,
        'INSERT OR IGNORE INTO document_clients (document, client_id, user_id, claimed_at) VALUES (?, ?, ?, ?)',
      ).run(document, id, userId, historyNow());
      owners.set(id, userId);
    }
  }

  private owners(document: string): Map<number, string> {
    let owners = this.cache.get(document);
    if (!owners) {
      owners = new Map(
        sql<[string], { client_id: number; user_id: string }>(
          this.db,
          'SELECT client_id, user_id FROM document_clients WHERE document = ?',
        )
          .all(document)
          .map((row) => [row.client_id, row.user_id]),
      );
      this.cache.set(document, owners);
    }
    return owners;
  }
}

/**
 * Who wrote a document under which Yjs clientID: attributes changes in it to people. `claimedAt`:
 * when the clientID first wrote (null when that was before it was recorded). The server's own
 * clientIDs are left out — their changes are nobody's (the web app says so).
 */
export async function documentWriters(
  db: Db,
  document: string,
): Promise<Array<{ clientId: number; userId: string; claimedAt: number | null }>> {
  const rows = await db
    .selectFrom('document_clients')
    .select(['client_id', 'user_id', 'claimed_at'])
    .where('document', '=', document)
    .where('user_id', '!=', serverOwner)
    .orderBy('client_id')
    .execute();
  return rows.map((row) => ({ clientId: row.client_id, userId: row.user_id, claimedAt: row.claimed_at }));
}
