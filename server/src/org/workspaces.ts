/**
 * Workspaces (the provider's organisation) and their internal members with roles owner / admin /
 * member. Every internal member works on every project of the workspace.
 */
import type { WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { newId } from '../identity/secrets.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';

export type Workspace = { id: string; name: string; createdAt: number };
export type WorkspaceMember = { userId: string; name: string; email: string; role: WorkspaceRole };

export function createWorkspace(db: SqliteDatabase, name: string, ownerId: string): Workspace {
  const workspace = { id: newId('wsp'), name: name.trim(), createdAt: Date.now() };
  db.transaction(() => {
    sql(db, 'INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run(
      workspace.id,
      workspace.name,
      workspace.createdAt,
    );
    setWorkspaceRole(db, workspace.id, ownerId, 'owner');
  })();
  return workspace;
}

export function getWorkspace(db: SqliteDatabase, id: string): Workspace | undefined {
  const row = sql<[string], { id: string; name: string; created_at: number }>(
    db,
    'SELECT * FROM workspaces WHERE id = ?',
  ).get(id);
  return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
}

/** Workspaces where the user is on the team, with their role. */
export function listTeamWorkspaces(db: SqliteDatabase, userId: string): Array<Workspace & { role: WorkspaceRole }> {
  return sql<[string], { id: string; name: string; created_at: number; role: WorkspaceRole }>(
    db,
    `SELECT w.id, w.name, w.created_at, m.role FROM workspaces w
     JOIN workspace_members m ON m.workspace_id = w.id WHERE m.user_id = ? ORDER BY w.name`,
  )
    .all(userId)
    .map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, role: row.role }));
}

export function workspaceRole(db: SqliteDatabase, workspaceId: string, userId: string): WorkspaceRole | null {
  return (
    sql<[string, string], { role: WorkspaceRole }>(
      db,
      'SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ?',
    ).get(workspaceId, userId)?.role ?? null
  );
}

export function setWorkspaceRole(db: SqliteDatabase, workspaceId: string, userId: string, role: WorkspaceRole): void {
  sql(
    db,
    `INSERT INTO workspace_members (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role`,
  ).run(workspaceId, userId, role, Date.now());
}

export function removeWorkspaceMember(db: SqliteDatabase, workspaceId: string, userId: string): boolean {
  return (
    sql(db, 'DELETE FROM workspace_members WHERE workspace_id = ? AND user_id = ?').run(workspaceId, userId).changes ===
    1
  );
}

export function listWorkspaceMembers(db: SqliteDatabase, workspaceId: string): WorkspaceMember[] {
  return sql<[string], { user_id: string; name: string; email: string; role: WorkspaceRole }>(
    db,
    `SELECT m.user_id, u.name, u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
     WHERE m.workspace_id = ? ORDER BY u.name`,
  )
    .all(workspaceId)
    .map((row) => ({ userId: row.user_id, name: row.name, email: row.email, role: row.role }));
}

export function countOwners(db: SqliteDatabase, workspaceId: string): number {
  return (
    sql<[string], { n: number }>(
      db,
      "SELECT COUNT(*) AS n FROM workspace_members WHERE workspace_id = ? AND role = 'owner'",
    ).get(workspaceId)?.n ?? 0
  );
}
