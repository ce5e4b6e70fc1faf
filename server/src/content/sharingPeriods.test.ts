/**
 * Sharing periods on the data layer (SQLite, or PostgreSQL under `npm run test:postgres`), the
 * history clock, and the legacy SQLite migration that built the first periods from the audit log.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase, insertProject } from '../../test/support/engines.ts';
import type { Database as DataLayer, Db } from '../storage/database.ts';
import type { Schema } from '../storage/schema.ts';
import { migrateLegacy as migrate, migrations } from '../storage/sqlite/legacyMigrations.ts';
import { duringSharing, historyNow, recordSharing, sharingPeriods } from './sharingPeriods.ts';

let dispose: () => Promise<void>;
let database: DataLayer;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('periods'));
  await insertProject(database.db);
});

afterEach(async () => {
  await dispose();
});

describe('sharing periods', () => {
  it('history times never repeat nor go back', () => {
    const times = Array.from({ length: 1000 }, () => historyNow());
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThan(times[i - 1] as number);
  });

  it('a moment is during sharing only strictly inside a period; an open period runs on', () => {
    const periods = [
      { sharedAt: 10, unsharedAt: 20 },
      { sharedAt: 30, unsharedAt: null },
    ];
    expect([5, 10, 11, 19, 20, 25, 30, 31, 1e15].map((at) => duringSharing(periods, at))).toEqual([
      false,
      false,
      true,
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('sharing opens a period and unsharing closes it; repeating either changes nothing', async () => {
    const { db } = database;
    await recordSharing(db, 'prj', 'itm', true);
    await recordSharing(db, 'prj', 'itm', true);
    const between = historyNow();
    await recordSharing(db, 'prj', 'itm', false);
    await recordSharing(db, 'prj', 'itm', false);
    const after = historyNow();
    await recordSharing(db, 'prj', 'itm', true);
    const periods = await sharingPeriods(db, 'prj', 'itm');
    expect(periods).toHaveLength(2);
    expect(periods[1]?.unsharedAt).toBeNull();
    expect([between, after, historyNow()].map((at) => duringSharing(periods, at))).toEqual([true, false, true]);
  });

  // The legacy SQLite schema's own migration (files from before the data layer): SQLite only.
  it('the migration takes past periods from the audit log and follows the mirror where they disagree', async () => {
    const db = new Database(':memory:');
    for (const migration of migrations.filter((m) => m.version < 7)) db.exec(migration.sql);
    db.pragma('user_version = 6');
    db.exec(`
      INSERT INTO workspaces (id, name, created_at) VALUES ('wsp', 'W', 0);
      INSERT INTO projects (id, workspace_id, name, created_at) VALUES ('prj', 'wsp', 'P', 0);
      INSERT INTO item_visibility VALUES ('prj', 'twice', 'T', 1), ('prj', 'noaudit', 'N', 1), ('prj', 'gone', 'G', 0);
      INSERT INTO document_clients (document, client_id, user_id) VALUES ('project/prj/item/twice', 1, 'usr');
    `);
    const audit = db.prepare(
      "INSERT INTO audit_log (at, action, target_type, target_id, details) VALUES (?, ?, 'item', ?, ?)",
    );
    const details = JSON.stringify({ projectId: 'prj', title: 'x' });
    audit.run(100, 'item.shared', 'twice', details);
    audit.run(200, 'item.unshared', 'twice', details);
    audit.run(300, 'item.shared', 'twice', details);
    audit.run(150, 'item.shared', 'gone', details); // the mirror says it is no longer shared
    migrate(db);
    const layer: Db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: db }) });

    expect(await sharingPeriods(layer, 'prj', 'twice')).toEqual([
      { sharedAt: 100, unsharedAt: 200 },
      { sharedAt: 300, unsharedAt: null },
    ]);
    const [gone] = await sharingPeriods(layer, 'prj', 'gone');
    expect(gone?.sharedAt).toBe(150);
    expect(gone?.unsharedAt).toBeGreaterThan(150);
    // Shared with no recorded start: shared from the migration on, nothing before.
    const [noaudit] = await sharingPeriods(layer, 'prj', 'noaudit');
    expect(noaudit?.unsharedAt).toBeNull();
    expect(noaudit?.sharedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(db.prepare('SELECT claimed_at FROM document_clients').get()).toEqual({ claimed_at: null });
  });
});
