/**
 * Policies on a workspace and its team, over the caller's workspace role (null: not on the team,
 * which is every customer). Members, customers, projects, invites and the audit log are the
 * admins'; the owner role is the owners'.
 */
import { isWorkspaceAdmin, type ProjectRole, type WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { allowed, type Decision, forbidden, notFound } from './decision.ts';

type Role = WorkspaceRole | null;

/** The team sees its workspace; anyone else gets the 404 of a workspace that does not exist. */
export function mayReadWorkspace(role: Role): Decision {
  return role ? allowed : notFound('Workspace not found.');
}

/** Owners and admins manage the workspace: customers, projects, members, invites, the audit log. */
export function mayAdministerWorkspace(role: Role): Decision {
  const read = mayReadWorkspace(role);
  if (!read.ok) return read;
  return isWorkspaceAdmin(role) ? allowed : forbidden('Only workspace owners and admins can do this.');
}

/** Changing a team member's role; only an owner grants the owner role or changes an owner's. */
export function maySetWorkspaceRole(role: Role, change: { from: WorkspaceRole; to: WorkspaceRole }): Decision {
  const admin = mayAdministerWorkspace(role);
  if (!admin.ok) return admin;
  if ((change.to === 'owner' || change.from === 'owner') && role !== 'owner')
    return forbidden('Only an owner can grant or change the owner role.');
  return allowed;
}

/**
 * Removing someone from the team: anyone may leave, removing others is the admins'. The route asks
 * once before it looks the person up (so a member learns nothing about who is on the team) and
 * again with the person's role, which only an owner may remove when it is owner.
 */
export function mayRemoveFromWorkspace(role: Role, target: { self: boolean; role?: WorkspaceRole }): Decision {
  const may = target.self ? mayReadWorkspace(role) : mayAdministerWorkspace(role);
  if (!may.ok) return may;
  if (target.role === 'owner' && role !== 'owner') return forbidden('Only an owner can remove an owner.');
  return allowed;
}

export type InviteTarget =
  | { kind: 'workspace'; role: WorkspaceRole }
  | { kind: 'project'; projectId: string; role: ProjectRole };

/** Invite links are the admins'; an invite to become owner, the owners'. */
export function mayCreateInvite(role: Role, target: InviteTarget): Decision {
  const admin = mayAdministerWorkspace(role);
  if (!admin.ok) return admin;
  if (target.kind === 'workspace' && target.role === 'owner' && role !== 'owner')
    return forbidden('Only an owner can invite another owner.');
  return allowed;
}
