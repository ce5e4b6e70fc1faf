/**
 * Policies on a project and the items of its plan, over the caller's standing in the project
 * (workspace role and project role; both null: a stranger). The team works in the plan; a
 * customer's collaborator raises requests and moves shared items where the workflow lets
 * customers; a viewer only looks.
 */
import { isInternal, isWorkspaceAdmin, type ProjectStanding } from '@atrium/shared/access/roles.ts';
import { customerMoves, statusName, type Workflow } from '@atrium/shared/model/workflow.ts';
import { allowed, type Decision, forbidden, notFound } from './decision.ts';

const onlyTheTeam = 'Only the provider team can do this.';

/** Anyone on the project, team or customer, sees it; a stranger gets the 404 of a missing project. */
export function mayReadProject(standing: ProjectStanding): Decision {
  if (standing.workspaceRole === null && standing.projectRole === null) return notFound('Project not found.');
  return allowed;
}

/** The provider team's work on the plan: creating items, sharing and unsharing them. */
export function mayWorkInProject(standing: ProjectStanding): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  return isInternal(standing) ? allowed : forbidden(onlyTheTeam);
}

export const mayCreateItem = mayWorkInProject;
export const mayShareItem = mayWorkInProject;

/** Adding, changing and removing the project's members is for workspace owners and admins. */
export function mayManageProjectMembers(standing: ProjectStanding): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  if (isWorkspaceAdmin(standing.workspaceRole)) return allowed;
  return forbidden(isInternal(standing) ? 'Only workspace owners and admins can do this.' : onlyTheTeam);
}

/** Which customer a project is for is the provider's business. */
export function maySeeProjectCustomer(standing: ProjectStanding): boolean {
  return isInternal(standing);
}

/** Whether a plan item exists for the caller at all: a customer cannot learn an unshared item exists. */
export function maySeeItem(standing: ProjectStanding, item: { shared: boolean }): boolean {
  return mayReadProject(standing).ok && (isInternal(standing) || item.shared);
}

/** Moving items at all (the route asks before it opens the plan): the team and collaborators. */
export function mayMoveItems(standing: ProjectStanding): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  if (isInternal(standing) || standing.projectRole === 'collaborator') return allowed;
  return forbidden('You can view this project but not change it.');
}

/**
 * Moving one item to status `to`: the team anywhere; a collaborator only a shared item, only along
 * the transitions the workflow gives customers, and never a deliverable (its approval moves it).
 */
export function mayMoveItem(
  standing: ProjectStanding,
  item: { kind: string; status: string; shared: boolean },
  to: string,
  workflow: Workflow,
): Decision {
  const may = mayMoveItems(standing);
  if (!may.ok) return may;
  if (isInternal(standing)) return allowed;
  if (!item.shared) return notFound('Item not found.');
  if (item.kind === 'deliverable')
    return forbidden(
      'A deliverable moves when you approve it or ask for changes, once the team has submitted it for your approval.',
    );
  if (!customerMoves(workflow, item).includes(to))
    return forbidden(
      `This project's workflow does not let you move items from “${statusName(workflow, item.status)}” to “${statusName(workflow, to)}”.`,
    );
  return allowed;
}

/** Requests (questions, change requests, issues, complaints): the team and collaborators. */
export function mayRaiseRequest(standing: ProjectStanding): Decision {
  const read = mayReadProject(standing);
  if (!read.ok) return read;
  if (isInternal(standing) || standing.projectRole === 'collaborator') return allowed;
  return forbidden('You can view this project but not raise requests in it.');
}
