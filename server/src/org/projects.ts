/**
 * Projects and their per-project members. A person's standing in a project combines their
 * workspace role (the team works on every project) with their project role (contractors, and the
 * customer's collaborators and viewers).
 */
import type { ProjectRole, ProjectStanding, WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { newId } from '../identity/secrets.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';

export type Project = { id: string; workspaceId: string; customerId: string | null; name: string; createdAt: number };
type Row = { id: string; workspace_id: string; customer_id: string | null; name: string; created_at: number };
const toProject = (row: Row): Project => ({
  id: row.id,
  workspaceId: row.workspace_id,
  customerId: row.customer_id,
  name: row.name,
  createdAt: row.created_at,
});

export type ProjectPerson = { userId: string; name: string; email: string; side: 'team' | 'customer'; role: string };

export function createProject(
  db: SqliteDatabase,
  input: { workspaceId: string; customerId: string | null; name: string },
): Project {
  const project = { id: newId('prj'), ...input, name: input.name.trim(), createdAt: Date.now() };
  sql(db, 'INSERT INTO projects (id, workspace_id, customer_id, name, created_at) VALUES (?, ?, ?, ?, ?)').run(
    project.id,
    project.workspaceId,
    project.customerId,
    project.name,
    project.createdAt,
  );
  return project;
}

export function getProject(db: SqliteDatabase, id: string): Project | undefined {
  const row = sql<[string], Row>(db, 'SELECT * FROM projects WHERE id = ?').get(id);
  return row ? toProject(row) : undefined;
}

export function standingIn(
  db: SqliteDatabase,
  userId: string,
  projectId: string,
): ProjectStanding & { project?: Project } {
  const row = sql<
    [string, string, string],
    Row & { workspace_role: WorkspaceRole | null; project_role: ProjectRole | null }
  >(
    db,
    `SELECT p.*, wm.role AS workspace_role, pm.role AS project_role FROM projects p
     LEFT JOIN workspace_members wm ON wm.workspace_id = p.workspace_id AND wm.user_id = ?
     LEFT JOIN project_members pm ON pm.project_id = p.id AND pm.user_id = ?
     WHERE p.id = ?`,
  ).get(userId, userId, projectId);
  if (!row) return { workspaceRole: null, projectRole: null };
  return { workspaceRole: row.workspace_role, projectRole: row.project_role, project: toProject(row) };
}

/** Every project the user can open: all of their team's workspaces, plus those they were added to. */
export function listProjectsFor(
  db: SqliteDatabase,
  userId: string,
): Array<Project & { workspaceName: string; customerName: string | null; side: 'team' | 'customer'; role: string }> {
  return sql<
    [{ userId: string }],
    Row & { workspace_name: string; customer_name: string | null; side: 'team' | 'customer'; role: string }
  >(
    db,
    `SELECT p.*, w.name AS workspace_name, c.name AS customer_name,
            CASE WHEN wm.role IS NOT NULL OR pm.role = 'member' THEN 'team' ELSE 'customer' END AS side,
            COALESCE(wm.role, pm.role) AS role
     FROM projects p JOIN workspaces w ON w.id = p.workspace_id
     LEFT JOIN customers c ON c.id = p.customer_id
     LEFT JOIN workspace_members wm ON wm.workspace_id = p.workspace_id AND wm.user_id = @userId
     LEFT JOIN project_members pm ON pm.project_id = p.id AND pm.user_id = @userId
     WHERE wm.role IS NOT NULL OR pm.role IS NOT NULL
     ORDER BY w.name, p.name`,
  )
    .all({ userId })
    .map((row) => ({
      ...toProject(row),
      workspaceName: row.workspace_name,
      customerName: row.customer_name,
      side: row.side,
      role: row.role,
    }));
}

export function listWorkspaceProjects(db: SqliteDatabase, workspaceId: string): Project[] {
  return sql<[string], Row>(db, 'SELECT * FROM projects WHERE workspace_id = ? ORDER BY name')
    .all(workspaceId)
    .map(toProject);
}

export function setProjectRole(db: SqliteDatabase, projectId: string, userId: string, role: ProjectRole): void {
  sql(
    db,
    `INSERT INTO project_members (project_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role`,
  ).run(projectId, userId, role, Date.now());
}

export function removeProjectMember(db: SqliteDatabase, projectId: string, userId: string): boolean {
  return (
    sql(db, 'DELETE FROM project_members WHERE project_id = ? AND user_id = ?').run(projectId, userId).changes === 1
  );
}

/** The people of one project: the workspace team and the project's own members. */
export function listProjectPeople(db: SqliteDatabase, project: Project): ProjectPerson[] {
  return sql<
    [{ workspaceId: string; projectId: string }],
    { user_id: string; name: string; email: string; side: 'team' | 'customer'; role: string }
  >(
    db,
    `SELECT u.id AS user_id, u.name, u.email, 'team' AS side, wm.role FROM workspace_members wm JOIN users u ON u.id = wm.user_id
       WHERE wm.workspace_id = @workspaceId
     UNION ALL
     SELECT u.id, u.name, u.email, CASE pm.role WHEN 'member' THEN 'team' ELSE 'customer' END, pm.role
       FROM project_members pm JOIN users u ON u.id = pm.user_id
       WHERE pm.project_id = @projectId AND pm.user_id NOT IN (SELECT user_id FROM workspace_members WHERE workspace_id = @workspaceId)
     ORDER BY 4, 2`,
  )
    .all({ workspaceId: project.workspaceId, projectId: project.id })
    .map((row) => ({ userId: row.user_id, name: row.name, email: row.email, side: row.side, role: row.role }));
}
