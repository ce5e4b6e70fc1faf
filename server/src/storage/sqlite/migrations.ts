/**
 * Versioned schema migrations, applied in order at start-up inside one transaction each. The
 * applied version is SQLite's `user_version`. Never edit a released migration: add a new one.
 */
import type Database from 'better-sqlite3';

type Migration = { version: number; name: string; sql: string };

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'document log and snapshots',
    sql: `
      CREATE TABLE document_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX document_updates_by_document ON document_updates (document, seq);
      CREATE TABLE document_snapshots (
        document TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        through_seq INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
