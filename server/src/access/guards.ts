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
import type { Db } from '../storage/database.ts';

export async function teamWorkspace(
  db: Db,
  userId: string,
  workspaceId: string,
): Promise<{ workspace: Workspace; role: WorkspaceRole }> {
  const role = await workspaceRole(db, workspaceId, userId);
  const workspace = role && (await getWorkspace(db, workspaceId));
  if (!role || !workspace) throw NotFound('Workspace not found.');
  return { workspace, role };
}

export async function adminWorkspace(
  db: Db,
  userId: string,
  workspaceId: string,
): Promise<{ workspace: Workspace; role: WorkspaceRole }> {
  const found = await teamWorkspace(db, userId, workspaceId);
  if (!isWorkspaceAdmin(found.role)) throw Forbidden('Only workspace owners and admins can do this.');
  return found;
}

export async function visibleProject(
  db: Db,
  userId: string,
  projectId: string,
): Promise<{ project: Project; standing: ProjectStanding }> {
  const { project, ...standing } = await standingIn(db, userId, projectId);
  if (!project || (standing.workspaceRole === null && standing.projectRole === null))
    throw NotFound('Project not found.');
  return { project, standing };
}

export async function teamProject(
  db: Db,
  userId: string,
  projectId: string,
): Promise<{ project: Project; standing: ProjectStanding }> {
  const found = await visibleProject(db, userId, projectId);
  if (!isInternal(found.standing)) throw Forbidden('Only the provider team can do this.');
  return found;
}

export async function adminProject(
  db: Db,
  userId: string,
  projectId: string,
): Promise<{ project: Project; standing: ProjectStanding }> {
  const found = await visibleProject(db, userId, projectId);
  if (!isWorkspaceAdmin(found.standing.workspaceRole)) {
    if (isInternal(found.standing)) throw Forbidden('Only workspace owners and admins can do this.');
    throw Forbidden('Only the provider team can do this.');
  }
  return found;
}
