/**
 * The storage interface for Yjs documents: an append-only log of updates per document, compacted
 * into a snapshot, on either engine of the data layer (sqlDocumentStore.ts).
 *
 * Contract: when `append` resolves, the update is committed (it survives a crash of the process,
 * or of the machine with full sync), together with the rows its `effect` wrote — or none of them
 * is. Appends resolve in the order they were made.
 */
import type { Tx } from './database.ts';

export type StoredUpdate = { seq: number; data: Uint8Array };

export type StoredDocument = {
  /** Merged state through `snapshotSeq`, or null when the document was never compacted. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, oldest first. */
  updates: StoredUpdate[];
};

/**
 * Rows a write brings with it, committed in the update's transaction or not at all. `key`: effects
 * with the same key write the same rows (a clientID's owner, carried by each write until one of them
 * is committed), so a transaction runs one of them.
 */
export type WriteEffect = ((tx: Tx) => Promise<void>) & { key?: string };

/** The rows of several effects, in order, as one; a single effect is returned as it is (its key kept). */
export function combineEffects(...effects: Array<WriteEffect | undefined>): WriteEffect | undefined {
  const present = effects.filter((effect): effect is WriteEffect => effect !== undefined);
  if (present.length <= 1) return present[0];
  return async (tx) => {
    for (const effect of present) await effect(tx);
  };
}

export interface DocumentStore {
  load(name: string): Promise<StoredDocument>;
  /**
   * Appends an update; resolves with its sequence number once committed. `effect` writes the rows
   * that belong to this update (who owns its clientIDs, what it deleted) in the same transaction:
   * if it fails, this update is not stored and the promise rejects; other appends are unaffected.
   */
  append(name: string, update: Uint8Array, effect?: WriteEffect): Promise<number>;
  /** Replaces every update with seq ≤ `throughSeq` by `snapshot`, atomically. */
  compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Commits what is queued and closes. */
  close(): Promise<void>;
}
