/**
 * Policies on informal feedback, service teams and customer health. Feedback is the customer's
 * voice: their people on the project (collaborators and viewers alike — a reaction changes nothing
 * in the plan) leave it on what they can see and change their own until the team has acted on it;
 * the team reads every entry, routes it to a service team, answers it and turns it into a request.
 * Service teams and customer health are the provider's business: the team reads them, owners and
 * admins change the teams; customers get the 404 of a workspace they are not on.
 */
import { isInternal, type ProjectStanding, type WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { allowed, conflict, type Decision, forbidden, notFound } from './decision.ts';
import { mayReadProject, mayWorkInProject } from './projects.ts';
import { mayAdministerWorkspace, mayReadWorkspace } from './workspaces.ts';

/** A reaction on something of the project: the customer's people only. */
export function mayLeaveFeedback(standing: ProjectStanding): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  if (isInternal(standing))
    return forbidden('Feedback is the customer’s to give; the team answers it or turns it into a request.');
  return allowed;
}

/** Anyone on the project lists feedback: the team all of it, a customer's person only their own. */
export const mayListFeedback = mayReadProject;

export type OwnFeedback = { authorId: string; answered: boolean; turnedIntoRequest: boolean };

/**
 * Changing a reaction or its note: its author only (anyone else gets the 404 of a missing entry, as
 * they cannot see it), and only until the team answered it or turned it into a request — after that
 * the team acted on what was said.
 */
export function mayChangeFeedback(standing: ProjectStanding, userId: string, entry: OwnFeedback): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  if (isInternal(standing)) return forbidden('Only the person who gave feedback can change it.');
  if (entry.authorId !== userId) return notFound('Feedback not found.');
  if (entry.answered || entry.turnedIntoRequest)
    return conflict('The team has already acted on this feedback; leave a new reaction instead.');
  return allowed;
}

/** Routing to a service team, answering, turning into a request: the team's. */
export const mayWorkFeedback = mayWorkInProject;

/** The team's feedback inbox across a workspace's projects, and its customers' health. */
export function mayReadFeedbackInbox(role: WorkspaceRole | null): Decision {
  return mayReadWorkspace(role);
}
export const mayReadCustomerHealth = mayReadFeedbackInbox;

/** Service teams: the workspace team sees them (to route work); owners and admins change them. */
export const mayReadServiceTeams = mayReadWorkspace;
export const mayManageServiceTeams = mayAdministerWorkspace;
