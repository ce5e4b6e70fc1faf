/**
 * The SQLite-only migrations from before the shared data layer, numbered by SQLite's
 * `user_version`. Frozen: new schema changes go to storage/migrations/ (both engines). A file
 * created by an older Atrium (user_version 1–6) is brought to version 7 here; a new file (version
 * 0) is left to the shared migrations, whose first one creates the same tables.
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
  {
    version: 2,
    name: 'people, workspaces, projects, invites, audit',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        ip TEXT,
        user_agent TEXT
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE workspace_members (
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE INDEX workspace_members_by_user ON workspace_members (user_id);
      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX customers_by_workspace ON customers (workspace_id);
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        customer_id TEXT REFERENCES customers (id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX projects_by_workspace ON projects (workspace_id);
      CREATE TABLE project_members (
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('member', 'collaborator', 'viewer')),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, user_id)
      );
      CREATE INDEX project_members_by_user ON project_members (user_id);
      CREATE TABLE invites (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        project_id TEXT REFERENCES projects (id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        created_by TEXT NOT NULL REFERENCES users (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        max_uses INTEGER NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        revoked_at INTEGER
      );
      CREATE INDEX invites_by_workspace ON invites (workspace_id);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        workspace_id TEXT,
        actor_id TEXT,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        details TEXT,
        ip TEXT
      );
      CREATE INDEX audit_by_workspace ON audit_log (workspace_id, id);
    `,
  },
  {
    version: 3,
    name: 'item visibility and Yjs client ownership',
    sql: `
      -- Mirror of the plan's visibility flags, written by the server whenever the plan changes, so
      -- the access decision for an item's documents never needs the plan loaded.
      CREATE TABLE item_visibility (
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        title TEXT NOT NULL,
        shared INTEGER NOT NULL,
        PRIMARY KEY (project_id, item_id)
      );
      -- Which user wrote with which Yjs clientID in which document: nobody may write as someone else.
      CREATE TABLE document_clients (
        document TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        PRIMARY KEY (document, client_id)
      );
    `,
  },
  {
    version: 4,
    name: 'document versions',
    sql: `
      -- Versions of an item's shareable part (named, at submission and approval, at quiet points,
      -- before a restore): the whole Yjs state, so any version opens and restores exactly.
      CREATE TABLE document_versions (
        id TEXT PRIMARY KEY,
        document TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_by TEXT,
        created_at INTEGER NOT NULL,
        state BLOB NOT NULL
      );
      CREATE INDEX document_versions_by_document ON document_versions (document, created_at);
    `,
  },
  {
    version: 5,
    name: 'document deletions',
    sql: `
      -- Who deleted which content of an item's shareable part (Yjs records only what was deleted):
      -- with document_clients, a comparison of versions says who added and who removed text.
      CREATE TABLE document_deletions (
        document TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        clock INTEGER NOT NULL,
        length INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX document_deletions_by_document ON document_deletions (document);
    `,
  },
  {
    version: 6,
    name: 'files',
    sql: `
      -- Files attached to an item's shareable or internal part. The bytes live under
      -- DATA_DIR/files; the attachment entry in the part's Yjs document is written by the server.
      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        part TEXT NOT NULL CHECK (part IN ('shared', 'internal')),
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        uploaded_by TEXT NOT NULL,
        uploaded_at INTEGER NOT NULL,
        removed_at INTEGER
      );
      CREATE INDEX files_by_item ON files (project_id, item_id);
    `,
  },
  {
    version: 7,
    name: 'item sharing periods',
    sql: `
      -- When each item was shared with its customer (unshared_at NULL while it still is): customers
      -- see only the history of an item's shareable part from these periods (access/itemHistory.ts).
      CREATE TABLE item_sharing_periods (
        project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        shared_at INTEGER NOT NULL,
        unshared_at INTEGER,
        PRIMARY KEY (project_id, item_id, shared_at)
      );
      -- When a Yjs clientID first wrote in a document; NULL for rows older than this column, which
      -- are shown to the team only.
      ALTER TABLE document_clients ADD COLUMN claimed_at INTEGER;
      -- Past periods, from the audit log: every share and unshare was audited with its time.
      INSERT OR IGNORE INTO item_sharing_periods (project_id, item_id, shared_at, unshared_at)
        SELECT json_extract(s.details, '$.projectId'), s.target_id, s.at,
          (SELECT MIN(u.at) FROM audit_log u
            WHERE u.action = 'item.unshared' AND u.target_type = 'item' AND u.target_id = s.target_id
              AND json_extract(u.details, '$.projectId') = json_extract(s.details, '$.projectId') AND u.id > s.id)
        FROM audit_log s
        WHERE s.action = 'item.shared' AND s.target_type = 'item'
          AND json_extract(s.details, '$.projectId') IN (SELECT id FROM projects);
      -- The mirror is what access follows: a period it does not confirm ends now, and an item shared
      -- without a recorded start gets a period from now on (its earlier history stays the team's).
      UPDATE item_sharing_periods SET unshared_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        WHERE unshared_at IS NULL AND NOT EXISTS (
          SELECT 1 FROM item_visibility v
          WHERE v.project_id = item_sharing_periods.project_id AND v.item_id = item_sharing_periods.item_id
            AND v.shared = 1);
      INSERT OR IGNORE INTO item_sharing_periods (project_id, item_id, shared_at)
        SELECT v.project_id, v.item_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
        FROM item_visibility v
        WHERE v.shared = 1 AND NOT EXISTS (
          SELECT 1 FROM item_sharing_periods p
          WHERE p.project_id = v.project_id AND p.item_id = v.item_id AND p.unshared_at IS NULL);
    `,
  },
];

export function migrateLegacy(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current === 0) return;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
