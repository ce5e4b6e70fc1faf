/**
 * Roles. Workspace roles are the provider's team (owner, admin, member). Project roles add people
 * to one project: an internal `member` (a contractor outside the workspace), or the customer's
 * people as `collaborator` (edits what is shared) or `viewer` (reads what is shared).
 */
export const workspaceRoles = ['owner', 'admin', 'member'] as const;
export type WorkspaceRole = (typeof workspaceRoles)[number];

export const projectRoles = ['member', 'collaborator', 'viewer'] as const;
export type ProjectRole = (typeof projectRoles)[number];

/** Someone's standing in one project, from their workspace role and their project role. */
export type ProjectStanding = { workspaceRole: WorkspaceRole | null; projectRole: ProjectRole | null };

/** Internal means the provider's side: any workspace role, or an internal project member. */
export function isInternal(standing: ProjectStanding): boolean {
  return standing.workspaceRole !== null || standing.projectRole === 'member';
}

/** Admins manage members, invites, workflow and the audit log. */
export function isWorkspaceAdmin(role: WorkspaceRole | null): boolean {
  return role === 'owner' || role === 'admin';
}
