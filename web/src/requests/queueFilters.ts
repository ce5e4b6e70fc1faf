/**
 * The team queue's filters — owner team, assignee, project, type, priority — kept in the page's
 * address (so a filtered queue can be bookmarked and shared) and applied in the browser to the one
 * list the server sent, already in SLA-urgency order. "My teams" is the one filter only the server
 * knows (who is in which team): the queue asks for `team=mine` and keeps the ids it gets.
 */
import { type RequestPriority, requestPriorities } from '@atrium/shared/model/requests.ts';
import type { RequestSummary } from './requestApi.ts';

export type QueueFilters = {
  /** '' every team, 'mine' my teams and me, 'none' no owner team, else a team id. */
  team: string;
  /** '' anyone, 'me', 'none' unassigned. */
  assignee: string;
  project: string;
  type: string;
  priority: RequestPriority | '';
};

const keys = ['team', 'assignee', 'project', 'type', 'priority'] as const;

export function filtersFrom(params: URLSearchParams): QueueFilters {
  const priority = params.get('priority') ?? '';
  return {
    team: params.get('team') ?? '',
    assignee: params.get('assignee') ?? '',
    project: params.get('project') ?? '',
    type: params.get('type') ?? '',
    priority: (requestPriorities as readonly string[]).includes(priority) ? (priority as RequestPriority) : '',
  };
}

/** The address's query for these filters: only the ones set, in a stable order. */
export function filtersToParams(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of keys) if (filters[key]) params.set(key, filters[key]);
  return params;
}

export function applyFilters(
  requests: RequestSummary[],
  filters: QueueFilters,
  context: { me: string; mine: ReadonlySet<string> | null },
): RequestSummary[] {
  return requests.filter((request) => {
    if (filters.team === 'mine' && context.mine && !context.mine.has(request.id)) return false;
    if (filters.team === 'none' && request.teamId) return false;
    if (filters.team && filters.team !== 'mine' && filters.team !== 'none' && request.teamId !== filters.team)
      return false;
    if (filters.assignee === 'me' && request.assigneeId !== context.me) return false;
    if (filters.assignee === 'none' && request.assigneeId) return false;
    if (filters.project && request.projectId !== filters.project) return false;
    if (filters.type && request.typeKey !== filters.type) return false;
    if (filters.priority && request.priority !== filters.priority) return false;
    return true;
  });
}

export type Choice = { value: string; label: string };

/** The choices each filter offers, from the queue itself (names sorted; empty ones never offered). */
export function filterChoices(requests: RequestSummary[]): { teams: Choice[]; projects: Choice[]; types: Choice[] } {
  const teams = new Map<string, string>();
  const projects = new Map<string, string>();
  const types = new Map<string, string>();
  for (const request of requests) {
    if (request.teamId) teams.set(request.teamId, request.teamName ?? request.teamId);
    projects.set(request.projectId, request.projectName);
    types.set(request.typeKey, request.typeName);
  }
  const sorted = (map: Map<string, string>) =>
    [...map].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  return { teams: sorted(teams), projects: sorted(projects), types: sorted(types) };
}

/** Whether a request is escalated or a live clock of it is past its target: highlighted in the queue. */
export function urgencyOf(request: RequestSummary, now: number): 'breached' | 'at_risk' | null {
  const live = [request.firstResponse, request.resolution].filter(
    (clock) => clock !== null && (clock.state === 'running' || clock.state === 'paused'),
  );
  const breached = live.some(
    (clock) =>
      clock?.level === 'breached' || (clock?.state === 'running' && clock.dueAt !== null && now >= clock.dueAt),
  );
  if (request.escalation === 'breached' || breached) return 'breached';
  const atRisk = live.some(
    (clock) =>
      clock?.level === 'at_risk' || (clock?.state === 'running' && clock.atRiskAt !== null && now >= clock.atRiskAt),
  );
  return request.escalation === 'at_risk' || atRisk ? 'at_risk' : null;
}
