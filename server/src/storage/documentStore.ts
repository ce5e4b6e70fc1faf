/**
 * The storage interface for Yjs documents: an append-only log of updates per document, compacted
 * into a snapshot. SQLite implements it (embedded default); PostgreSQL will implement the same
 * interface for scale-out. Every method is async so a networked store fits without changes above.
 *
 * Contract: when `append` resolves, the update is committed (it survives a crash of the process,
 * or of the machine with full sync). Appends resolve in the order they were made.
 */
export type StoredUpdate = { seq: number; data: Uint8Array };

export type StoredDocument = {
  /** Merged state through `snapshotSeq`, or null when the document was never compacted. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, oldest first. */
  updates: StoredUpdate[];
};

export interface DocumentStore {
  load(name: string): Promise<StoredDocument>;
  /** Appends an update; resolves with its sequence number once committed. */
  append(name: string, update: Uint8Array): Promise<number>;
  /** Replaces every update with seq ≤ `throughSeq` by `snapshot`, atomically. */
  compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Commits what is queued and closes. */
  close(): Promise<void>;
}
