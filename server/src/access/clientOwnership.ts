/**
 * Binds the Yjs clientIDs used in a document to the user who first wrote with them, so nobody can
 * write structs under someone else's clientID (which would make their edits look like another
 * person's). Persisted in `document_clients`, in the same transaction as the write that claims
 * them; known owners are cached in memory per document, loaded once.
 *
 * A claim is remembered from the moment its write is accepted (so a second person's write under
 * the same clientID, arriving before the first is committed, is refused) and forgotten again if no
 * write carrying it was stored.
 */

import { historyNow } from '../content/sharingPeriods.ts';
import type { Db } from '../storage/database.ts';
import type { WriteEffect } from '../storage/documentStore.ts';
import type { WriteExtras } from '../sync/syncDocument.ts';

/**
 * The owner recorded for clientIDs the server writes under (portal derivation, REST actions,
 * restores, approvals). No user id has this form, so every person's write under them is foreign.
 */
export const serverOwner = 'atrium:server';

type Owner = {
  userId: string;
  /** Committed in `document_clients`. */
  stored: boolean;
  /** Accepted writes carrying this claim whose fate is not known yet. */
  pending: number;
};

export class ClientOwnership {
  private readonly cache = new Map<string, Map<number, Owner>>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {}

  /** Resolves once the document's owners are known; null when they already are (no wait). */
  ready(document: string): Promise<void> | null {
    if (this.cache.has(document)) return null;
    let load = this.loading.get(document);
    if (!load) {
      load = this.db
        .selectFrom('document_clients')
        .select(['client_id', 'user_id'])
        .where('document', '=', document)
        .execute()
        .then((rows) => {
          this.cache.set(
            document,
            new Map(rows.map((row) => [row.client_id, { userId: row.user_id, stored: true, pending: 0 }])),
          );
        })
        .finally(() => this.loading.delete(document));
      this.loading.set(document, load);
    }
    return load;
  }

  /** The clientIDs among `clientIds` that belong to someone other than `userId` (owners known: `ready`). */
  foreign(document: string, clientIds: Iterable<number>, userId: string): number[] {
    const owners = this.owners(document);
    return [...clientIds].filter((id) => {
      const owner = owners.get(id);
      return owner !== undefined && owner.userId !== userId;
    });
  }

  /** Whether anyone (a person or the server) owns `clientId` in the document. */
  owned(document: string, clientId: number): boolean {
    return this.owners(document).has(clientId);
  }

  /**
   * Claims for `userId` the clientIDs that have no owner yet, or whose claim by them is not stored
   * yet: the rows to store with the write (and when they first wrote — customers are told who
   * wrote only under clientIDs first used while the item was shared), or null when there is
   * nothing to store. Owners must be known (`ready`).
   */
  claim(document: string, clientIds: Iterable<number>, userId: string): WriteExtras | null {
    const owners = this.owners(document);
    const claimed: Array<[number, Owner]> = [];
    for (const id of clientIds) {
      let owner = owners.get(id);
      if (!owner) {
        owner = { userId, stored: false, pending: 0 };
        owners.set(id, owner);
      }
      if (owner.stored || owner.userId !== userId) continue;
      owner.pending += 1;
      claimed.push([id, owner]);
    }
    if (claimed.length === 0) return null;
    const claimedAt = historyNow();
    const effect: WriteEffect = async (tx) => {
      await tx
        .insertInto('document_clients')
        .values(claimed.map(([id]) => ({ document, client_id: id, user_id: userId, claimed_at: claimedAt })))
        .onConflict((conflict) => conflict.columns(['document', 'client_id']).doNothing())
        .execute();
    };
    // Every write of a clientID carries its claim until one of them is committed: in one batch,
    // the rows are written once.
    effect.key = `document_clients\n${document}\n${userId}\n${claimed.map(([id]) => id).join(',')}`;
    const settle = (stored: boolean) => {
      for (const [id, owner] of claimed) {
        owner.pending -= 1;
        if (stored) owner.stored = true;
        else if (!owner.stored && owner.pending === 0 && owners.get(id) === owner) owners.delete(id);
      }
    };
    return { effect, settle };
  }

  /** Records the clientIDs nobody owns as `userId`'s now, outside any write (the server's, at load). */
  async claimNow(document: string, clientIds: number[], userId: string): Promise<void> {
    await this.ready(document);
    const claim = this.claim(document, clientIds, userId);
    if (!claim) return;
    try {
      await this.db.transaction().execute(async (tx) => claim.effect?.(tx));
      claim.settle?.(true);
    } catch (error) {
      claim.settle?.(false);
      throw error;
    }
  }

  private owners(document: string): Map<number, Owner> {
    const owners = this.cache.get(document);
    if (!owners) throw new Error(`the owners of ${document} are not loaded`);
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
