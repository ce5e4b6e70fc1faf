/**
 * Document access, the one entry point for the server: the shared decision
 * (`shared/src/access/documentAccess.ts`: standing × document × sharing → none | read | write,
 * the same function the web app's expectations are written against) and "view as customer" on top.
 * The sync policy asks here for every subscription; the item routes through `itemParts.ts`.
 */
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import { type AccessQuestion, decideDocumentAccess } from '@atrium/shared/access/documentAccess.ts';
import { isInternal, type ProjectStanding } from '@atrium/shared/access/roles.ts';

export type { AccessQuestion };

export function documentAccess(question: AccessQuestion): AccessLevel {
  return decideDocumentAccess(question);
}

/** Only the team may preview, and only as someone on the customer side of the project. */
export function mayViewAsCustomer(viewer: ProjectStanding, customer: ProjectStanding): boolean {
  return isInternal(viewer) && !isInternal(customer);
}

/**
 * A view-as socket's access to a document: exactly what the customer's own connection gets
 * (`customer.level`, decided by `documentAccess` for them), capped at read — a preview never writes.
 */
export function viewAsAccess(
  viewer: ProjectStanding,
  customer: { standing: ProjectStanding; level: AccessLevel },
): AccessLevel {
  if (!mayViewAsCustomer(viewer, customer.standing)) return 'none';
  return customer.level === 'none' ? 'none' : 'read';
}
