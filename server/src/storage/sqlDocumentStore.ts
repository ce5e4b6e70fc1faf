/**
 * The DocumentStore on the data layer (SQLite or PostgreSQL), with group commit.
 *
 * Appends are queued and committed together in one transaction at the end of the current turn of
 * the event loop (setImmediate), so a burst of keystrokes from many sockets costs one commit, not
 * one per keystroke, and nothing is acknowledged before its commit. One batch commits at a time,
 * so sequence numbers follow the order of the appends and acknowledgements resolve in that order.
 *
 * A batch commits in one transaction: every update (a few multi-row INSERTs), then the rows they
 * carry (effects; one per key). Should that fail while some update carries rows, the batch is tried
 * again update by update, each with its rows in a savepoint: an update whose rows fail is rolled
 * back with them and only its promise rejects; the rest commit.
 */
import { sql } from 'kysely';
import type { SyncMetrics } from '../metrics.ts';
import { bufferOf, type Db, type Tx } from './database.ts';
import type { DocumentStore, StoredDocument, WriteEffect } from './documentStore.ts';

type PendingAppend = {
  name: string;
  update: Uint8Array;
  effect: WriteEffect | undefined;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

/** Rows per INSERT: well under SQLite's limit of bound parameters (two per row). */
const rowsPerInsert = 500;

export class SqlDocumentStore implements DocumentStore {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  /** The batch being committed; the next one starts after it. */
  private committing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly metrics?: SyncMetrics,
  ) {}

  async load(name: string): Promise<StoredDocument> {
    // One read transaction: a compaction committing in between cannot make the log and the
    // snapshot disagree (on PostgreSQL, repeatable read sees one moment).
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const snapshot = await tx
          .selectFrom('document_snapshots')
          .select(['data', 'through_seq'])
          .where('document', '=', name)
          .executeTakeFirst();
        const snapshotSeq = snapshot?.through_seq ?? 0;
        const rows = await tx
          .selectFrom('document_updates')
          .select(['seq', 'data'])
          .where('document', '=', name)
          .where('seq', '>', snapshotSeq)
          .orderBy('seq')
          .execute();
        return {
          snapshot: snapshot?.data ?? null,
          snapshotSeq,
          updates: rows.map((row) => ({ seq: row.seq, data: row.data })),
        };
      });
  }

  append(name: string, update: Uint8Array, effect?: WriteEffect): Promise<number> {
    if (this.closed) return Promise.reject(new Error('document store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ name, update, effect, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.committing = this.committing.then(() => this.flush());
        });
      }
    });
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('document_snapshots')
        .values({ document: name, data: bufferOf(snapshot), through_seq: throughSeq, updated_at: Date.now() })
        .onConflict((conflict) =>
          conflict
            .column('document')
            .doUpdateSet((eb) => ({
              data: eb.ref('excluded.data'),
              through_seq: eb.ref('excluded.through_seq'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            // An older compaction never replaces a newer snapshot.
            .where('document_snapshots.through_seq', '<=', (eb) => eb.ref('excluded.through_seq')),
        )
        .execute();
      await tx.deleteFrom('document_updates').where('document', '=', name).where('seq', '<=', throughSeq).execute();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // What is queued still commits: it was accepted before the store closed.
    this.committing = this.committing.then(() => this.flush());
    await this.committing;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const started = process.hrtime.bigint();
    let outcomes: Array<{ seq: number } | { error: unknown }>;
    try {
      outcomes = await this.db.transaction().execute(async (tx) => {
        const seqs: number[] = [];
        for (let start = 0; start < batch.length; start += rowsPerInsert) {
          seqs.push(...(await insertUpdates(tx, batch.slice(start, start + rowsPerInsert))));
        }
        const ran = new Set<string>();
        for (const { effect } of batch) {
          if (!effect || (effect.key !== undefined && ran.has(effect.key))) continue;
          if (effect.key !== undefined) ran.add(effect.key);
          await effect(tx);
        }
        return seqs.map((seq) => ({ seq }));
      });
    } catch (error) {
      if (!batch.some((item) => item.effect)) {
        for (const item of batch) item.reject(error);
        return;
      }
      outcomes = await this.oneByOne(batch).catch((retryError: unknown) => batch.map(() => ({ error: retryError })));
    }
    this.metrics?.storageCommitSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    this.metrics?.storageBatchSize.observe(batch.length);
    for (const [index, item] of batch.entries()) {
      const outcome = outcomes[index];
      if (outcome && 'seq' in outcome) item.resolve(outcome.seq);
      else item.reject(outcome?.error ?? new Error('the update was not stored'));
    }
  }

  /** The batch again, each update that carries rows in a savepoint of its own (see the top). */
  private oneByOne(batch: PendingAppend[]): Promise<Array<{ seq: number } | { error: unknown }>> {
    return this.db.transaction().execute(async (tx) => {
      const outcomes: Array<{ seq: number } | { error: unknown }> = [];
      for (let start = 0; start < batch.length; ) {
        const item = batch[start] as PendingAppend;
        if (item.effect) {
          outcomes.push(await appendWithEffect(tx, item, outcomes.length));
          start += 1;
          continue;
        }
        // A run of plain appends: one statement.
        let end = start;
        while (end < batch.length && end - start < rowsPerInsert && !batch[end]?.effect) end += 1;
        for (const seq of await insertUpdates(tx, batch.slice(start, end))) outcomes.push({ seq });
        start = end;
      }
      return outcomes;
    });
  }
}

/** Inserts updates in one statement; their sequence numbers, in the order of `items`. */
async function insertUpdates(tx: Tx, items: PendingAppend[]): Promise<number[]> {
  const rows = await tx
    .insertInto('document_updates')
    .values(items.map((item) => ({ document: item.name, data: bufferOf(item.update) })))
    .returning('seq')
    .execute();
  // Both engines number the rows of one INSERT in the order of its VALUES; RETURNING's order is
  // not promised, so the numbers are sorted back into it.
  return rows.map((row) => row.seq).sort((a, b) => a - b);
}

async function appendWithEffect(
  tx: Tx,
  item: PendingAppend,
  index: number,
): Promise<{ seq: number } | { error: unknown }> {
  const savepoint = sql.raw(`append_${index}`);
  await sql`savepoint ${savepoint}`.execute(tx);
  try {
    const [seq] = await insertUpdates(tx, [item]);
    await item.effect?.(tx);
    await sql`release savepoint ${savepoint}`.execute(tx);
    return { seq: seq as number };
  } catch (error) {
    await sql`rollback to savepoint ${savepoint}`.execute(tx);
    await sql`release savepoint ${savepoint}`.execute(tx);
    return { error };
  }
}
