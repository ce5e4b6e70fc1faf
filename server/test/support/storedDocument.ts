/**
 * Reads what a server has committed, straight from its database over a connection of its own
 * (read-only on SQLite, alongside the running server), so tests can check "acknowledged means
 * stored" without trusting the server. Nothing is migrated or locked: the server made the schema.
 */
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import * as Y from 'yjs';
import type { Db } from '../../src/storage/database.ts';
import type { Schema } from '../../src/storage/schema.ts';
import { existingTestDatabaseUrl } from './testDatabase.ts';

export type StoredRows = { updates: Uint8Array[]; snapshot: Uint8Array | null };

export async function readStoredRows(dataDir: string, documentName: string): Promise<StoredRows> {
  return withReader(dataDir, async (db) => {
    const updates = await db
      .selectFrom('document_updates')
      .select('data')
      .where('document', '=', documentName)
      .orderBy('seq')
      .execute();
    const snapshot = await db
      .selectFrom('document_snapshots')
      .select('data')
      .where('document', '=', documentName)
      .executeTakeFirst();
    return {
      updates: updates.map((row) => new Uint8Array(row.data)),
      snapshot: snapshot ? new Uint8Array(snapshot.data) : null,
    };
  });
}

/** The document as the stored snapshot plus log would rebuild it. */
export async function storedState(dataDir: string, documentName: string): Promise<Uint8Array> {
  const { updates, snapshot } = await readStoredRows(dataDir, documentName);
  const parts = snapshot ? [snapshot, ...updates] : updates;
  return parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts);
}

async function withReader<T>(dataDir: string, read: (db: Db) => Promise<T>): Promise<T> {
  const url = existingTestDatabaseUrl(dataDir);
  const db = new Kysely<Schema>({
    dialect: url
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) })
      : new SqliteDialect({
          database: new Sqlite(path.join(dataDir, 'atrium.db'), { readonly: true, fileMustExist: true }),
        }),
  });
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}
