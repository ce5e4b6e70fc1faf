/**
 * Access checks for REST resources, asked by the routes. Each returns what the caller may use or
 * throws: an outsider gets 404 exactly as for a missing object (so ids cannot be probed), an
 * insider who lacks the role gets 403.
 */
import { isInternal, isWorkspaceAdmin, type ProjectStanding, type WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { Project } from '../org/projects.ts';
import { standingIn } from '../org/projects.ts';
import { getWorkspace, type Workspace, workspaceRole } from '../org/workspaces.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';

export function teamWorkspace(
  db: SqliteDatabase,
  userId: string,
  workspaceId: string,
): { workspace: Workspace; role: WorkspaceRole } {
  const role = workspaceRole(db, workspaceId, userId);
  const workspace = role && getWorkspace(db, workspaceId);
  if (!role || !workspace) throw NotFound('Workspace not found.');
  return { workspace, role };
}

export function adminWorkspace(
  db: SqliteDatabase,
  userId: string,
  workspaceId: string,
): { workspace: Workspace; role: WorkspaceRole } {
  const found = teamWorkspace(db, userId, workspaceId);
  if (!isWorkspaceAdmin(found.role)) throw Forbidden('Only workspace owners and admins can do this.');
  return found;
}

export function visibleProject(
  db: SqliteDatabase,
  userId: string,
  projectId: string,
): { project: Project; standing: ProjectStanding } {
  const { project, ...standing } = standingIn(db, userId, projectId);
  if (!project || (standing.workspaceRole === null && standing.projectRole === null))
    throw NotFound('Project not found.');
  return { project, standing };
}

export function teamProject(
  db: SqliteDatabase,
  userId: string,
  projectId: string,
): { project: Project; standing: ProjectStanding } {
  const found = visibleProject(db, userId, projectId);
  if (!isInternal(found.standing)) throw Forbidden('Only the provider team can do this.');
  return found;
}

export function adminProject(
  db: SqliteDatabase,
  userId: string,
  projectId: string,
): { project: Project; standing: ProjectStanding } {
  const found = visibleProject(db, userId, projectId);
  if (!isWorkspaceAdmin(found.standing.workspaceRole)) {
    if (isInternal(found.standing)) throw Forbidden('Only workspace owners and admins can do this.');
    throw Forbidden('Only the provider team can do this.');
  }
  return found;
}
