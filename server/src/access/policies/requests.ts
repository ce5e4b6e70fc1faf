/**
 * Policies on requests, over the caller's standing in the project (or role in the workspace). The
 * customer's collaborators raise requests and, once the team resolved one, close or reopen it
 * within the policy's window; viewers only read; the team works them — routing, priority, type,
 * links, decisions — and sees the routing, which never reaches a customer (`requestViews.ts`).
 */
import { isInternal, type ProjectStanding, type WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { isReopen, type RequestStatus, requestMoves, statusLabels } from '@atrium/shared/model/requests.ts';
import { allowed, conflict, type Decision, forbidden } from './decision.ts';
import { mayReadProject, mayWorkInProject } from './projects.ts';
import { mayAdministerWorkspace, mayReadWorkspace } from './workspaces.ts';

export { mayRaiseRequest } from './projects.ts';

/** Anyone on the project reads its requests (a customer: without the team's routing). */
export const mayListRequests = mayReadProject;

/** Recording a request on someone's behalf (who asked, through which channel, when) is the team's. */
export function mayRaiseOnBehalf(standing: ProjectStanding): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  return isInternal(standing) ? allowed : forbidden('Only the provider team records requests on someone’s behalf.');
}

/** Priority, type, assignee, owner team, links and decisions: the team's. */
export const mayWorkRequest = mayWorkInProject;

/** Whether the caller sees the team's routing (team, assignee, escalations, internal events). */
export function maySeeRouting(standing: ProjectStanding): boolean {
  return isInternal(standing);
}

export type RequestMove = { from: RequestStatus; to: RequestStatus; reopenUntil: number | null; now: number };

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * A status change: the team along the team's moves; a collaborator only closes a resolved request
 * or reopens a resolved or closed one, and only until the reopen window ends; a viewer never.
 */
export function mayMoveRequest(standing: ProjectStanding, move: RequestMove): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  const words = `from “${statusLabels[move.from]}” to “${statusLabels[move.to]}”`;
  if (isInternal(standing))
    return requestMoves('team', move.from).includes(move.to) ? allowed : conflict(`A request cannot move ${words}.`);
  if (standing.projectRole !== 'collaborator')
    return forbidden('You can view this project but not change its requests.');
  if (!requestMoves('customer', move.from).includes(move.to))
    return forbidden(`Only the provider team can move a request ${words}.`);
  if (isReopen(move.from, move.to) && move.reopenUntil !== null && move.now > move.reopenUntil)
    return conflict(
      `This request can no longer be reopened (that was possible until ${day.format(move.reopenUntil)}); raise a new request instead.`,
    );
  return allowed;
}

/** The team's queue across a workspace's projects. */
export function mayReadRequestQueue(role: WorkspaceRole | null): Decision {
  return mayReadWorkspace(role);
}

/** Request types and SLA policies are set by workspace owners and admins; the team reads them. */
export const mayConfigureRequests = mayAdministerWorkspace;
export const mayReadRequestSettings = mayReadWorkspace;
