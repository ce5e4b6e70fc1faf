/**
 * DocumentStore on SQLite with group commit.
 *
 * Appends are queued and committed together in one transaction at the end of the current turn of
 * the event loop (setImmediate), so a burst of keystrokes from many sockets costs one commit, not
 * one per keystroke, and nothing is acknowledged before its commit. better-sqlite3 is synchronous;
 * a commit in WAL mode takes tens of microseconds (NORMAL) or one fsync (FULL).
 */
import type { SyncMetrics } from '../../metrics.ts';
import type { DocumentStore, StoredDocument } from '../documentStore.ts';
import type { SqliteDatabase } from './database.ts';

type PendingAppend = {
  name: string;
  update: Uint8Array;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

export class SqliteDocumentStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;
  private readonly commitBatch;
  private readonly compactTx;

  constructor(
    db: SqliteDatabase,
    private readonly metrics?: SyncMetrics,
  ) {
    this.statements = {
      snapshot: db.prepare<[string], { data: Buffer; through_seq: number }>(
        'SELECT data, through_seq FROM document_snapshots WHERE document = ?',
      ),
      updates: db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM document_updates WHERE document = ? AND seq > ? ORDER BY seq',
      ),
      insert: db.prepare<[string, Uint8Array]>('INSERT INTO document_updates (document, data) VALUES (?, ?)'),
      upsertSnapshot: db.prepare<[string, Uint8Array, number, number]>(
        `INSERT INTO document_snapshots (document, data, through_seq, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (document) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
         updated_at = excluded.updated_at WHERE excluded.through_seq >= document_snapshots.through_seq`,
      ),
      deleteThrough: db.prepare<[string, number]>('DELETE FROM document_updates WHERE document = ? AND seq <= ?'),
    };
    this.commitBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map((item) => Number(this.statements.insert.run(item.name, item.update).lastInsertRowid)),
    );
    this.compactTx = db.transaction((name: string, snapshot: Uint8Array, throughSeq: number) => {
      this.statements.upsertSnapshot.run(name, snapshot, throughSeq, Date.now());
      this.statements.deleteThrough.run(name, throughSeq);
    });
  }

  async load(name: string): Promise<StoredDocument> {
    const snapshot = this.statements.snapshot.get(name);
    const snapshotSeq = snapshot?.through_seq ?? 0;
    const updates = this.statements.updates.all(name, snapshotSeq).map((row) => ({ seq: row.seq, data: row.data }));
    return { snapshot: snapshot?.data ?? null, snapshotSeq, updates };
  }

  append(name: string, update: Uint8Array): Promise<number> {
    if (this.closed) return Promise.reject(new Error('document store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ name, update, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.compactTx(name, snapshot, throughSeq);
  }

  async close(): Promise<void> {
    this.flush();
    this.closed = true;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const started = process.hrtime.bigint();
    let seqs: number[];
    try {
      seqs = this.commitBatch(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    this.metrics?.storageCommitSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics?.storageBatchSize.observe(batch.length);
    for (const [index, item] of batch.entries()) item.resolve(seqs[index] as number);
  }
}
