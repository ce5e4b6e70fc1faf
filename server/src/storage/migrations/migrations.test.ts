/**
 * The migrations give both engines the same schema (same tables, same columns, same nullability),
 * and a SQLite file made by an Atrium from before the shared migrations opens with its data intact.
 * The comparison needs PostgreSQL: it runs under `npm run test:postgres` (part of `npm test`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/engines.ts';
import { dropTestDatabase } from '../../../test/support/testDatabase.ts';
import { type Database as DataLayer, openDatabase } from '../database.ts';
import { migrations as legacyMigrations } from '../sqlite/legacyMigrations.ts';
import { migrationsFor } from './migrations.ts';

const opened: DataLayer[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-migrations-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  for (const dir of dirs.splice(0)) {
    await dropTestDatabase(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Table → column → whether it may be null (Kysely's own bookkeeping left out). SQLite reports a
 * primary key that is not an INTEGER as nullable (a quirk of its history); Atrium never writes a
 * null key, so keys count as not null on both.
 */
async function shape(database: DataLayer): Promise<Record<string, Record<string, boolean>>> {
  const tables = (await database.db.introspection.getTables()).filter((table) => !table.name.startsWith('kysely_'));
  const entries: Array<[string, Record<string, boolean>]> = [];
  for (const table of tables) {
    const keys = new Set<string>();
    if (database.engine === 'sqlite') {
      const info = await sql<{
        name: string;
        pk: number;
      }>`select name, pk from pragma_table_info(${table.name})`.execute(database.db);
      for (const column of info.rows) if (column.pk > 0) keys.add(column.name);
    }
    const columns = table.columns.map((column) => [column.name, column.isNullable && !keys.has(column.name)]);
    entries.push([table.name, Object.fromEntries(columns)]);
  }
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe('migrations', () => {
  it.skipIf(!process.env.ATRIUM_TEST_DATABASE_URL)(
    'give SQLite and PostgreSQL the same tables and columns',
    async () => {
      const sqlite = await openDatabase({ dataDir: tempDir(), sqliteSync: 'normal' });
      opened.push(sqlite);
      const postgres = await openTestDatabase(tempDir());
      opened.push(postgres);
      expect(postgres.engine).toBe('postgres');
      const [fromSqlite, fromPostgres] = [await shape(sqlite), await shape(postgres)];
      expect(Object.keys(fromSqlite).length).toBeGreaterThan(15);
      expect(fromPostgres).toEqual(fromSqlite);
    },
  );

  it('open a SQLite file from before the shared migrations with its data, and number its deletions in order', async () => {
    const dataDir = tempDir();
    const legacy = new Database(path.join(dataDir, 'atrium.db'));
    for (const migration of legacyMigrations) legacy.exec(migration.sql);
    legacy.pragma(`user_version = ${legacyMigrations.at(-1)?.version}`);
    legacy.exec(`
      INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('usr_1', 'Old@Example.com', 'Old', 'x', 1);
      INSERT INTO document_deletions (document, client_id, clock, length, user_id, at) VALUES
        ('project/p/item/i', 7, 10, 3, 'usr_1', 100), ('project/p/item/i', 7, 2, 1, 'usr_1', 100);
    `);
    legacy.close();

    const database = await openDatabase({ dataDir, sqliteSync: 'normal' });
    opened.push(database);
    expect(await database.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'Old@Example.com' }]);
    const deletions = await database.db
      .selectFrom('document_deletions')
      .select(['id', 'clock'])
      .orderBy('id')
      .execute();
    expect(deletions.map((row) => row.clock)).toEqual([10, 2]);
    // Tables added since (the access epoch) exist too.
    expect(await database.db.selectFrom('access_epoch').select('epoch').execute()).toEqual([{ epoch: 0 }]);
  });

  it('run once: opening again applies nothing twice', async () => {
    const dataDir = tempDir();
    opened.push(await openTestDatabase(dataDir));
    const again = await openTestDatabase(dataDir);
    opened.push(again);
    const applied = await again.db
      .selectFrom('kysely_migration' as 'users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(applied.n)).toBe(Object.keys(await migrationsFor('sqlite').getMigrations()).length);
  });
});
