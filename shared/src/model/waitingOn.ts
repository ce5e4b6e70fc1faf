/**
 * What waits on one of the customer's people in a project, and why: an open item assigned to them
 * ("Assigned to you"), or an item the workflow hands to the customer (waiting for their answer or
 * approval). Derived from the portal only — the shared items — so an assignment on an internal
 * item never reaches the person: the portal does not carry that item at all (`Portal.deriveFrom`).
 * Requests keep their assignee in the request record rather than in the plan, so the ids of open
 * requests assigned to the person (from `GET /api/me/requests`) are passed in.
 */
import { isClosed, type Workflow } from './workflow.ts';

export type WaitingReason = 'assigned' | 'answer';
export type WaitingItem = { id: string; status: string; assignees: readonly string[]; waitingOnCustomer: boolean };
export type Waiting<T> = { item: T; reason: WaitingReason };

export type WaitingPerson = {
  userId: string;
  /** A viewer only reads: nothing waits on them. */
  canAct: boolean;
  /** Open requests assigned to them in this project. */
  assignedRequestIds?: ReadonlySet<string>;
};

/** Every item waiting on the person, each once: an assignment wins over "waiting for your answer". */
export function waitingOnPerson<T extends WaitingItem>(
  items: readonly T[],
  workflow: Workflow,
  person: WaitingPerson,
): Array<Waiting<T>> {
  if (!person.canAct) return [];
  return items.flatMap((item): Array<Waiting<T>> => {
    const assignedRequest = person.assignedRequestIds?.has(item.id) ?? false;
    const assignedItem = item.assignees.includes(person.userId) && !isClosed(workflow, item.status);
    if (assignedRequest || assignedItem) return [{ item, reason: 'assigned' }];
    return item.waitingOnCustomer ? [{ item, reason: 'answer' }] : [];
  });
}
