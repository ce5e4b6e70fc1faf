/**
 * Requests: a customer's question, change request, issue or complaint, with a priority, a status in
 * the request workflow, an owner team and assignee, and SLA clocks. The server's `requests` table is
 * the source of truth; the server projects what each side may see into the request item's documents
 * so both sides see a change at once:
 *
 * - shareable part (`project/<p>/item/<r>`), map `request`: type, priority, status, who asked and
 *   through which channel, the item asked about, a change request's decision, the clocks and the
 *   status history — what the customer may see;
 * - internal part (`…/internal`), map `routing`: owner team, assignee, escalations and the full
 *   history — the team's only.
 *
 * Only the server writes either map (`server/src/access/writeRules.ts` refuses both from clients).
 * Readers here never trust the stored shape: anything malformed reads as absent.
 */
import type * as Y from 'yjs';

export const requestStatuses = ['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const requestPriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type RequestPriority = (typeof requestPriorities)[number];

export const requestChannels = ['portal', 'email', 'phone', 'meeting'] as const;
export type RequestChannel = (typeof requestChannels)[number];

export const defaultRequestTypes = [
  { key: 'question', name: 'Question' },
  { key: 'change_request', name: 'Change request' },
  { key: 'issue', name: 'Issue' },
  { key: 'complaint', name: 'Complaint' },
] as const;

/** The type whose requests can be linked to plan items and accepted or declined. */
export const changeRequestType = 'change_request';

export const statusLabels: Record<RequestStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const priorityLabels: Record<RequestPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const channelLabels: Record<RequestChannel, string> = {
  portal: 'Portal',
  email: 'Email',
  phone: 'Phone',
  meeting: 'Meeting',
};

export function isOpenRequest(status: RequestStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

/**
 * Where each side may move a request. The team works it; the customer may close a resolved request
 * (accepting the resolution) or reopen it within the policy's reopen window (`reopenDays` after it
 * was resolved or closed, decided by the server with the time). A customer's reply while the request
 * waits on them moves it back to in progress by itself (the server does that, not this table).
 */
const teamMoves: Record<RequestStatus, RequestStatus[]> = {
  new: ['in_progress', 'waiting_on_customer', 'resolved', 'closed'],
  in_progress: ['waiting_on_customer', 'resolved', 'closed'],
  waiting_on_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: ['in_progress'],
};
const customerMoves: Record<RequestStatus, RequestStatus[]> = {
  new: [],
  in_progress: [],
  waiting_on_customer: [],
  resolved: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export function requestMoves(side: 'team' | 'customer', from: RequestStatus): RequestStatus[] {
  return (side === 'team' ? teamMoves : customerMoves)[from];
}

/** Whether moving from `from` to `to` reopens the request (its resolution clock runs again). */
export function isReopen(from: RequestStatus, to: RequestStatus): boolean {
  return !isOpenRequest(from) && isOpenRequest(to);
}

export type ClockView = {
  kind: 'first_response' | 'resolution';
  targetMinutes: number;
  state: 'running' | 'paused' | 'met' | 'missed';
  level: 'ok' | 'at_risk' | 'breached';
  /** SLA time left when the server computed it (negative once breached); business or calendar time. */
  remainingMs: number;
  /** When it breaches if it keeps running (wall clock); null when paused or stopped. */
  dueAt: number | null;
  /** When it turns at risk if it keeps running; null once at risk, paused or stopped. */
  atRiskAt: number | null;
  pausedReason: 'waiting_on_customer' | null;
  stoppedAt: number | null;
  computedAt: number;
};

export type StatusEntry = { at: number; status: RequestStatus; by: string };

/** What both sides see about a request (the shareable part's `request` map). */
export type RequestView = {
  number: number;
  typeKey: string;
  typeName: string;
  priority: RequestPriority;
  status: RequestStatus;
  requestedBy: string | null;
  requesterName: string;
  channel: RequestChannel;
  aboutItemId: string | null;
  receivedAt: number;
  decision: 'accepted' | 'declined' | null;
  linkedItemIds: string[];
  firstResponse: ClockView | null;
  resolution: ClockView | null;
  history: StatusEntry[];
  /** Until when the customer may reopen it (resolved or closed); null while open. */
  reopenUntil: number | null;
};

export type RoutingEntry = { at: number; by: string; kind: string; from: string | null; to: string | null };

/** What only the team sees (the internal part's `routing` map). */
export type RoutingView = {
  teamId: string | null;
  teamName: string | null;
  assigneeId: string | null;
  escalations: Array<{ clock: 'first_response' | 'resolution'; level: 'at_risk' | 'breached'; at: number }>;
  history: RoutingEntry[];
};

export const requestRoot = 'request';
export const routingRoot = 'routing';

/** Reads the shareable part's request view; null when the item is no request (or it is malformed). */
export function readRequestView(doc: Y.Doc): RequestView | null {
  const value = doc.getMap(requestRoot).get('view');
  return isRequestView(value) ? value : null;
}

export function readRoutingView(doc: Y.Doc): RoutingView | null {
  const value = doc.getMap(routingRoot).get('view');
  return isObject(value) && Array.isArray(value.history) && Array.isArray(value.escalations)
    ? (value as RoutingView)
    : null;
}

/** Server only: replaces the view when it differs (an unchanged view writes nothing). */
export function writeView(doc: Y.Doc, root: typeof requestRoot | typeof routingRoot, view: unknown): boolean {
  const map = doc.getMap(root);
  if (JSON.stringify(map.get('view')) === JSON.stringify(view)) return false;
  map.set('view', view);
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestView(value: unknown): value is RequestView {
  return (
    isObject(value) &&
    typeof value.number === 'number' &&
    typeof value.typeKey === 'string' &&
    (requestStatuses as readonly unknown[]).includes(value.status) &&
    (requestPriorities as readonly unknown[]).includes(value.priority) &&
    Array.isArray(value.history)
  );
}

/**
 * A request as REST answers it (`GET /api/projects/{p}/requests` and the other lists): the record
 * with names joined in; the routing fields only in the team's answers (`server/src/requests/requestViews.ts`
 * decides).
 */
export type RequestSummary = {
  id: string;
  projectId: string;
  projectName: string;
  number: number;
  title: string;
  typeKey: string;
  typeName: string;
  priority: RequestPriority;
  status: RequestStatus;
  requestedBy: string | null;
  requesterName: string;
  channel: RequestChannel;
  aboutItemId: string | null;
  /** The feedback it was turned from ("from feedback"), if any. */
  feedbackId: string | null;
  receivedAt: number;
  createdAt: number;
  updatedAt: number;
  decision: 'accepted' | 'declined' | null;
  linkedItemIds: string[];
  firstResponse: ClockView | null;
  resolution: ClockView | null;
  reopenUntil: number | null;
  teamId?: string | null;
  teamName?: string | null;
  assigneeId?: string | null;
  assigneeName?: string | null;
  escalation?: 'at_risk' | 'breached' | null;
};

export type RequestEventView = {
  at: number;
  actorId: string;
  actorName: string;
  kind: string;
  from: string | null;
  to: string | null;
};
