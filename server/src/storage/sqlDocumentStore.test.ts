/**
 * The document store against a real database (SQLite file, or PostgreSQL under
 * `npm run test:postgres`): group commit (one transaction per tick, resolved in order), load =
 * snapshot + later updates, atomic compaction, a write's rows committed with it or not at all, and
 * durability across reopening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, refuseWrites } from '../../test/support/engines.ts';
import { dropTestDatabase } from '../../test/support/testDatabase.ts';
import { createMetrics, type SyncMetrics } from '../metrics.ts';
import type { Database } from './database.ts';
import type { WriteEffect } from './documentStore.ts';
import { migrationsFor } from './migrations/migrations.ts';
import { SqlDocumentStore } from './sqlDocumentStore.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

let dataDir: string;
let database: Database;
let metrics: SyncMetrics;
let store: SqlDocumentStore;

async function open(): Promise<void> {
  database = await openTestDatabase(dataDir);
  metrics = createMetrics();
  store = new SqlDocumentStore(database.db, metrics);
}

async function reopen(): Promise<void> {
  await store.close();
  await database.close();
  await open();
}

async function countUpdates(): Promise<number> {
  const row = await database.db
    .selectFrom('document_updates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An effect that records `clientId` as usr_1's in doc/a (a row a write brings with it). */
function claimRow(clientId: number): WriteEffect {
  return async (tx) => {
    await tx
      .insertInto('document_clients')
      .values({ document: 'doc/a', client_id: clientId, user_id: 'usr_1', claimed_at: 1 })
      .onConflict((conflict) => conflict.columns(['document', 'client_id']).doNothing())
      .execute();
  };
}

async function clientRows(): Promise<number[]> {
  const rows = await database.db.selectFrom('document_clients').select('client_id').orderBy('client_id').execute();
  return rows.map((row) => row.client_id);
}

/** Count and sum of one of the store's histograms. */
async function histogram(which: 'storageBatchSize' | 'storageCommitSeconds') {
  const metric = await metrics[which].get();
  const value = (suffix: string) => metric.values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  return { count: value('_count'), sum: value('_sum') };
}

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-store-'));
  await open();
});

afterEach(async () => {
  await store.close();
  await database.close();
  await dropTestDatabase(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('SqlDocumentStore', () => {
  it('loads a document that was never written as empty', async () => {
    expect(await store.load('task/none')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
  });

  it('commits the appends made in one tick in one transaction, resolving them in order with increasing seq', async () => {
    const resolved: Array<{ index: number; seq: number }> = [];
    const appends = [1, 2, 3, 4, 5].map((value, index) =>
      store.append(index % 2 === 0 ? 'doc/a' : 'doc/b', bytes(value)).then((seq) => {
        resolved.push({ index, seq });
        return seq;
      }),
    );
    // Nothing is committed until the end of the tick.
    expect(await countUpdates()).toBe(0);

    const seqs = await Promise.all(appends);
    expect(resolved.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < seqs.length; i += 1) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as number);
    expect(await histogram('storageBatchSize')).toEqual({ count: 1, sum: 5 });
    expect((await histogram('storageCommitSeconds')).count).toBe(1);
  });

  it('commits appends made in separate ticks in separate transactions', async () => {
    await store.append('doc/a', bytes(1));
    await store.append('doc/a', bytes(2));
    expect(await histogram('storageBatchSize')).toEqual({ count: 2, sum: 2 });
  });

  it('loads the snapshot and only the updates after it, oldest first', async () => {
    const [first, second] = await Promise.all([store.append('doc/a', bytes(1)), store.append('doc/a', bytes(2))]);
    await store.append('doc/other', bytes(99));
    await store.compact('doc/a', bytes(0xaa), second as number);
    const third = await store.append('doc/a', bytes(3));
    const fourth = await store.append('doc/a', bytes(4));

    const loaded = await store.load('doc/a');
    expect(first).toBeLessThan(second as number);
    expect([...(loaded.snapshot ?? [])]).toEqual([0xaa]);
    expect(loaded.snapshotSeq).toBe(second);
    expect(loaded.updates.map((u) => ({ seq: u.seq, data: [...u.data] }))).toEqual([
      { seq: third, data: [3] },
      { seq: fourth, data: [4] },
    ]);
    expect((await store.load('doc/other')).updates.map((u) => [...u.data])).toEqual([[99]]);
  });

  it('compaction removes exactly the updates through its seq and keeps later ones and other documents', async () => {
    const seqs = await Promise.all([1, 2, 3, 4].map((value) => store.append('doc/a', bytes(value))));
    await store.append('doc/b', bytes(7));
    await store.compact('doc/a', bytes(0xbb), seqs[1] as number);

    const rows = await database.db.selectFrom('document_updates').select(['document', 'data']).orderBy('seq').execute();
    expect(rows.map((row) => [row.document, [...row.data]])).toEqual([
      ['doc/a', [3]],
      ['doc/a', [4]],
      ['doc/b', [7]],
    ]);
  });

  it('an older compaction never replaces a newer snapshot', async () => {
    const seqs = await Promise.all([1, 2, 3].map((value) => store.append('doc/a', bytes(value))));
    await store.compact('doc/a', bytes(0xcc), seqs[2] as number);
    await store.compact('doc/a', bytes(0x11), seqs[0] as number);
    const loaded = await store.load('doc/a');
    expect([...(loaded.snapshot ?? [])]).toEqual([0xcc]);
    expect(loaded.snapshotSeq).toBe(seqs[2]);
    expect(loaded.updates).toEqual([]);
  });

  it('compaction is atomic: if deleting the log fails, the snapshot is not written either', async () => {
    const seqs = await Promise.all([1, 2].map((value) => store.append('doc/a', bytes(value))));
    await refuseWrites(database, {
      name: 'refuse_delete',
      table: 'document_updates',
      event: 'delete',
      message: 'disk says no',
    });

    await expect(store.compact('doc/a', bytes(0xdd), seqs[1] as number)).rejects.toThrow('disk says no');

    const loaded = await store.load('doc/a');
    expect(loaded.snapshot).toBeNull();
    expect(loaded.updates.map((u) => [...u.data])).toEqual([[1], [2]]);
  });

  it('a failed commit rejects every append in its batch and stores none of them', async () => {
    await refuseWrites(database, {
      name: 'refuse_third',
      table: 'document_updates',
      event: 'insert',
      message: 'refused',
      when: { sqlite: "NEW.data = x'03'", postgres: "NEW.data = '\\x03'::bytea" },
    });
    const results = await Promise.allSettled([1, 2, 3].map((value) => store.append('doc/a', bytes(value))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((await store.load('doc/a')).updates).toEqual([]);
    // The store keeps working for the next batch.
    await store.append('doc/a', bytes(4));
    expect((await store.load('doc/a')).updates.map((u) => [...u.data])).toEqual([[4]]);
  });

  it('close commits appends still queued, then refuses new ones', async () => {
    const pending = store.append('doc/a', bytes(1));
    await store.close();
    expect(await pending).toBeGreaterThan(0);
    await expect(store.append('doc/a', bytes(2))).rejects.toThrow(/closed/);
    await reopen();
    expect((await store.load('doc/a')).updates.map((u) => [...u.data])).toEqual([[1]]);
  });

  it('keeps everything across reopening the database file', async () => {
    const seqs = await Promise.all([1, 2, 3].map((value) => store.append('task/1', bytes(value))));
    await store.compact('task/1', bytes(0xee), seqs[1] as number);
    await store.append('task/1', bytes(4));
    await reopen();

    const loaded = await store.load('task/1');
    expect([...(loaded.snapshot ?? [])]).toEqual([0xee]);
    expect(loaded.updates.map((u) => [...u.data])).toEqual([[3], [4]]);
    // Sequence numbers keep increasing after a reopen (AUTOINCREMENT never reuses them).
    const next = await store.append('task/1', bytes(5));
    expect(next).toBeGreaterThan(loaded.updates.at(-1)?.seq ?? 0);
  });

  it('commits the rows a write brings with it in the same transaction', async () => {
    const seq = await store.append('doc/a', bytes(1), claimRow(7));
    expect(seq).toBeGreaterThan(0);
    expect(await clientRows()).toEqual([7]);
  });

  it('a write whose rows fail is not stored, its rows are not either, and the rest of its batch commits', async () => {
    const failing: WriteEffect = async (tx) => {
      await claimRow(8)(tx);
      throw new Error('ownership refused');
    };
    const results = await Promise.allSettled([
      store.append('doc/a', bytes(1)),
      store.append('doc/a', bytes(2), failing),
      store.append('doc/a', bytes(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toHaveProperty('message', 'ownership refused');
    expect((await store.load('doc/a')).updates.map((u) => [...u.data])).toEqual([[1], [3]]);
    expect(await clientRows()).toEqual([]);
  });

  it('a failed commit leaves none of the batch’s rows behind', async () => {
    const claim = claimRow(9);
    await refuseWrites(database, {
      name: 'refuse_fourth',
      table: 'document_updates',
      event: 'insert',
      message: 'refused',
      when: { sqlite: "NEW.data = x'04'", postgres: "NEW.data = '\\x04'::bytea" },
    });
    const results = await Promise.allSettled([store.append('doc/a', bytes(1), claim), store.append('doc/a', bytes(4))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await clientRows()).toEqual([]);
    expect(await countUpdates()).toBe(0);
  });

  it('writes the rows of effects with the same key once per batch', async () => {
    let runs = 0;
    const claimSeven = () => {
      const effect: WriteEffect = async (tx) => {
        runs += 1;
        await claimRow(7)(tx);
      };
      effect.key = 'claim 7';
      return effect;
    };
    const seqs = await Promise.all([1, 2, 3].map((value) => store.append('doc/a', bytes(value), claimSeven())));
    expect(seqs).toHaveLength(3);
    expect(runs).toBe(1);
    expect(await clientRows()).toEqual([7]);
  });

  it('reopening applies no migration twice', async () => {
    await reopen();
    await reopen();
    const applied = await database.db
      .selectFrom('kysely_migration' as 'users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(applied.n)).toBe(Object.keys(await migrationsFor('sqlite').getMigrations()).length);
  });
});
