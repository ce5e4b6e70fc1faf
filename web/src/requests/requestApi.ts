/**
 * The request resource as the web app reads it over REST (`RequestSummary` is shared with the server):
 * summaries for lists, the detail with its events, the project's request types, and raising one.
 * The routing fields (team, assignee, escalation) are present only in answers to the team.
 */
import type {
  RequestChannel,
  RequestEventView,
  RequestPriority,
  RequestStatus,
  RequestSummary,
} from '@atrium/shared/model/requests.ts';
import { api } from '../app/api.ts';

export type { RequestSummary };
export type RequestEvent = RequestEventView;

export type RequestDetail = RequestSummary & { events: RequestEvent[] };

export type RequestType = { key: string; name: string };
/** A workspace's type as its settings list it: archived ones too, in their order. */
export type WorkspaceRequestType = RequestType & { position: number; archived: boolean };
export type RequestList = { requests: RequestSummary[] };

export type RaiseRequest = {
  type: string;
  title: string;
  body: string;
  priority: RequestPriority;
  aboutItemId?: string;
  requestedBy?: string;
  channel?: RequestChannel;
  receivedAt?: number;
};

const base = (projectId: string) => `/projects/${projectId}/requests`;

export async function listRequests(projectId: string, state: 'open' | 'closed' | 'all'): Promise<RequestSummary[]> {
  return (await api<{ requests: RequestSummary[] }>('GET', `${base(projectId)}?state=${state}`)).requests;
}

export function getRequestDetail(projectId: string, requestId: string): Promise<RequestDetail> {
  return api<RequestDetail>('GET', `${base(projectId)}/${requestId}`);
}

export async function requestsOfItem(projectId: string, itemId: string): Promise<RequestSummary[]> {
  return (await api<{ requests: RequestSummary[] }>('GET', `/projects/${projectId}/items/${itemId}/requests`)).requests;
}

export async function requestTypes(projectId: string): Promise<RequestType[]> {
  return (await api<{ types: RequestType[] }>('GET', `/projects/${projectId}/request-types`)).types;
}

export function raiseRequest(projectId: string, input: RaiseRequest): Promise<RequestSummary> {
  return api<RequestSummary>('POST', base(projectId), input);
}

export function moveRequest(projectId: string, requestId: string, status: RequestStatus): Promise<RequestSummary> {
  return api<RequestSummary>('PUT', `${base(projectId)}/${requestId}/status`, { status });
}

export type RequestPatch = {
  priority?: RequestPriority;
  type?: string;
  assigneeId?: string | null;
  teamId?: string | null;
};

export function patchRequest(projectId: string, requestId: string, patch: RequestPatch): Promise<RequestSummary> {
  return api<RequestSummary>('PATCH', `${base(projectId)}/${requestId}`, patch);
}

export function linkItem(projectId: string, requestId: string, itemId: string): Promise<RequestSummary> {
  return api<RequestSummary>('POST', `${base(projectId)}/${requestId}/links`, { itemId });
}

export function unlinkItem(projectId: string, requestId: string, itemId: string): Promise<RequestSummary> {
  return api<RequestSummary>('DELETE', `${base(projectId)}/${requestId}/links/${itemId}`);
}

export function decideRequest(
  projectId: string,
  requestId: string,
  decision: 'accepted' | 'declined',
): Promise<RequestSummary> {
  return api<RequestSummary>('PUT', `${base(projectId)}/${requestId}/decision`, { decision });
}

/** Where a request's own page is. */
export function requestPath(projectId: string, requestId: string): string {
  return `/p/${projectId}/r/${requestId}`;
}

export function requestsPath(projectId: string): string {
  return `/p/${projectId}/requests`;
}

/** The "New request" form, optionally about one item. */
export function newRequestPath(projectId: string, aboutItemId?: string): string {
  return `/p/${projectId}/requests/new${aboutItemId ? `?about=${encodeURIComponent(aboutItemId)}` : ''}`;
}
