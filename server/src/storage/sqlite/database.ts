/**
 * Opens the SQLite database under DATA_DIR and brings its schema up to date. One file holds
 * documents and (later) the relational data, so a backup is one file and a transaction can span
 * both.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

export type SqliteDatabase = Database.Database;

export type OpenOptions = { dataDir: string; sync: 'normal' | 'full' };

export function openDatabase({ dataDir, sync }: OpenOptions): SqliteDatabase {
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
  migrate(db);
  return db;
}
