/**
 * Loaders for REST resources, asked by the routes: each reads the caller's role or standing and
 * enforces the policy that goes with it (`policies/`), then returns what the caller may use. An
 * outsider gets 404 exactly as for a missing object (so ids cannot be probed), an insider who lacks
 * the role gets 403 — the policies decide which.
 */
import type { ProjectStanding, WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { NotFound } from '../errors.ts';
import type { Project } from '../org/projects.ts';
import { standingIn } from '../org/projects.ts';
import { getWorkspace, type Workspace, workspaceRole } from '../org/workspaces.ts';
import type { Db } from '../storage/database.ts';
import { enforce } from './policies/decision.ts';
import { mayManageProjectMembers, mayReadProject } from './policies/projects.ts';
import { mayAdministerWorkspace, mayReadWorkspace } from './policies/workspaces.ts';

export async function teamWorkspace(
  db: Db,
  userId: string,
  workspaceId: string,
): Promise<{ workspace: Workspace; role: WorkspaceRole }> {
  const role = await workspaceRole(db, workspaceId, userId);
  enforce(mayReadWorkspace(role));
  const workspace = role && (await getWorkspace(db, workspaceId));
  // A workspace that is gone answers as one the caller is not on.
  if (!role || !workspace) throw NotFound('Workspace not found.');
  return { workspace, role };
}

export async function adminWorkspace(
  db: Db,
  userId: string,
  workspaceId: string,
): Promise<{ workspace: Workspace; role: WorkspaceRole }> {
  const found = await teamWorkspace(db, userId, workspaceId);
  enforce(mayAdministerWorkspace(found.role));
  return found;
}

export async function visibleProject(
  db: Db,
  userId: string,
  projectId: string,
): Promise<{ project: Project; standing: ProjectStanding }> {
  const { project, ...standing } = await standingIn(db, userId, projectId);
  enforce(mayReadProject(standing));
  if (!project) throw NotFound('Project not found.');
  return { project, standing };
}

export async function adminProject(
  db: Db,
  userId: string,
  projectId: string,
): Promise<{ project: Project; standing: ProjectStanding }> {
  const found = await visibleProject(db, userId, projectId);
  enforce(mayManageProjectMembers(found.standing));
  return found;
}
