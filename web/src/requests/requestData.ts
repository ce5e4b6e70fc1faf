/**
 * Requests as the web app reads them over REST: the summary the server answers for a queue, a
 * project's list or a customer's own (`server/src/api/requestSchemas.ts`), the workspace's request
 * types and SLA policy. The clocks inside are the server's; the browser only counts down from them.
 */
import type { ClockView, RequestChannel, RequestPriority, RequestStatus } from '@atrium/shared/model/requests.ts';

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
  receivedAt: number;
  createdAt: number;
  updatedAt: number;
  decision: 'accepted' | 'declined' | null;
  linkedItemIds: string[];
  firstResponse: ClockView | null;
  resolution: ClockView | null;
  reopenUntil: number | null;
  /** The team's routing: only in the team's answers. */
  teamId?: string | null;
  teamName?: string | null;
  assigneeId?: string | null;
  assigneeName?: string | null;
  escalation?: 'at_risk' | 'breached' | null;
};

export type RequestList = { requests: RequestSummary[] };

export type RequestType = { key: string; name: string; position: number; archived: boolean };

/** A request's own page: its item in the project (a request is an item with the same id). */
export function requestHref(request: Pick<RequestSummary, 'projectId' | 'id'>): string {
  return `/p/${request.projectId}/i/${request.id}`;
}
