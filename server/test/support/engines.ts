/**
 * The data layer in tests, on whichever engine the run uses: SQLite in the test's data directory,
 * or — when ATRIUM_TEST_DATABASE_URL is set (`npm run test:postgres`) — a PostgreSQL database of
 * its own per data directory (testDatabase.ts). Also: making writes fail on purpose, the same way on
 * both engines (a trigger that raises), for tests of what a failed commit leaves behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { newId } from '../../src/identity/secrets.ts';
import { type Database, type Db, openDatabase } from '../../src/storage/database.ts';
import { dropTestDatabase, testDatabaseUrl } from './testDatabase.ts';

export async function openTestDatabase(dataDir: string): Promise<Database> {
  return openDatabase({ dataDir, sqliteSync: 'normal', databaseUrl: await testDatabaseUrl(dataDir), poolSize: 4 });
}

export type Refusal = {
  /** A name for the trigger (letters and underscores). */
  name: string;
  table: string;
  event: 'insert' | 'update' | 'delete';
  message: string;
  /** Only rows matching this condition, per engine (NEW./OLD. refer to the row). */
  when?: { sqlite: string; postgres: string };
};

/** Makes matching writes to `table` fail with `message` until `allow` is called. */
export async function refuseWrites(database: Database, refusal: Refusal): Promise<{ allow(): Promise<void> }> {
  const { name, table, event, message, when } = refusal;
  if (database.engine === 'sqlite') {
    const condition = when ? `WHEN ${when.sqlite}` : '';
    await sql
      .raw(
        `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} ${condition} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
      )
      .execute(database.db);
    return {
      allow: () =>
        sql
          .raw(`DROP TRIGGER ${name}`)
          .execute(database.db)
          .then(() => {}),
    };
  }
  await sql
    .raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`)
    .execute(database.db);
  const condition = when ? `WHEN (${when.postgres})` : '';
  await sql
    .raw(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW ${condition} EXECUTE FUNCTION ${name}()`)
    .execute(database.db);
  return {
    allow: async () => {
      await sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(database.db);
      await sql.raw(`DROP FUNCTION ${name}()`).execute(database.db);
    },
  };
}

/**
 * A data layer of its own for one test: a fresh directory (SQLite) or database (PostgreSQL);
 * `dispose` closes it and removes both.
 */
export async function freshTestDatabase(label: string): Promise<{ database: Database; dispose(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `atrium-${label}-`));
  const database = await openTestDatabase(dataDir);
  return {
    database,
    dispose: async () => {
      await database.close();
      await dropTestDatabase(dataDir);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Workspace `wsp` with project `prj`: the rows a repository test hangs its own on. */
export async function insertProject(db: Db): Promise<void> {
  await db.insertInto('workspaces').values({ id: 'wsp', name: 'W', created_at: 0 }).execute();
  await db
    .insertInto('projects')
    .values({ id: 'prj', workspace_id: 'wsp', customer_id: null, name: 'P', created_at: 0 })
    .execute();
}

/** A person (who cannot sign in), by name; returns their id. */
export async function insertPerson(db: Db, name: string): Promise<string> {
  const id = newId('usr');
  await db
    .insertInto('users')
    .values({ id, email: `${id}@example.test`, name, password_hash: 'x', created_at: Date.now() })
    .execute();
  return id;
}
