/**
 * The embedded engine's file: DATA_DIR/atrium.db, opened with the pragmas Atrium relies on. One
 * file holds documents and relational data, so a backup is one file and a transaction spans both.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateLegacy } from './legacyMigrations.ts';

export type SqliteDatabase = Database.Database;

export type SqliteOptions = { dataDir: string; sync: 'normal' | 'full' };

export function openSqliteFile({ dataDir, sync }: SqliteOptions): SqliteDatabase {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'atrium.db'));
  // WAL: readers never block the writer, and a commit is one sequential append. With
  // synchronous=NORMAL a committed transaction survives the process being killed (it is in the
  // OS's page cache); FULL adds an fsync per commit so it also survives a power loss.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  // The admin CLI may write while the server runs; wait for the lock instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // A file from before the shared migrations finishes its own numbered ones first.
  migrateLegacy(db);
  return db;
}
