/**
 * The team's side of a request: who works it (anyone on the project — the team or one of the
 * customer's people), its priority and type, the owner team (one of the workspace's live service
 * teams, managed at /w/<w>/teams) and the escalations so far. Every change goes through REST and
 * is recorded.
 */
import type { ServiceTeam } from '@atrium/shared/model/feedback.ts';
import {
  priorityLabels,
  type RequestPriority,
  type RoutingView,
  requestPriorities,
} from '@atrium/shared/model/requests.ts';
import { useEffect, useState } from 'react';
import { api, type MeProject, type Person } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { AssigneeOptions } from '../project/AssigneeOptions.tsx';
import { clockLabels } from './clockText.ts';
import { patchRequest, type RequestPatch, type RequestSummary, type RequestType, requestTypes } from './requestApi.ts';

type TeamFieldsProps = {
  project: MeProject;
  request: RequestSummary;
  routing: RoutingView | null;
  people: Person[];
  onChanged: () => void;
};

export function RequestTeamFields({ project, request, routing, people, onChanged }: TeamFieldsProps) {
  const [types, setTypes] = useState<RequestType[]>([]);
  const [teams, setTeams] = useState<ServiceTeam[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    requestTypes(project.id).then(setTypes, setError);
    api<ServiceTeam[]>('GET', `/workspaces/${project.workspaceId}/teams`).then(setTeams, setError);
  }, [project.id, project.workspaceId]);
  const assigneeId = routing?.assigneeId ?? request.assigneeId ?? '';
  const teamId = routing ? routing.teamId : (request.teamId ?? null);
  const teamName = routing ? routing.teamName : request.teamName;
  // An archived team still names this request's own team until someone routes it elsewhere.
  const teamOptions = teams.filter((team) => !team.archived || team.id === teamId);
  const customerName = project.customerName ?? 'Customer';
  // A type no longer in use still names this request's own type.
  const typeOptions = types.some((type) => type.key === request.typeKey)
    ? types
    : [{ key: request.typeKey, name: request.typeName }, ...types];

  async function change(patch: RequestPatch) {
    setError(null);
    try {
      await patchRequest(project.id, request.id, patch);
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card request-team-fields thread-internal" aria-labelledby="request-routing-fields">
      <h2 id="request-routing-fields">Working on it — internal</h2>
      <label>
        Assignee
        <select value={assigneeId} onChange={(event) => void change({ assigneeId: event.target.value || null })}>
          <AssigneeOptions people={people} customerLabel={customerName} />
        </select>
      </label>
      <label>
        Priority
        <select
          value={request.priority}
          onChange={(event) => void change({ priority: event.target.value as RequestPriority })}
        >
          {requestPriorities.map((priority) => (
            <option key={priority} value={priority}>
              {priorityLabels[priority]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select value={request.typeKey} onChange={(event) => void change({ type: event.target.value })}>
          {typeOptions.map((type) => (
            <option key={type.key} value={type.key}>
              {type.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner team
        <select
          data-testid="owner-team"
          value={teamId ?? ''}
          onChange={(event) => void change({ teamId: event.target.value || null })}
        >
          <option value="">No team</option>
          {teamId && !teamOptions.some((team) => team.id === teamId) && <option value={teamId}>{teamName}</option>}
          {teamOptions.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      {routing && routing.escalations.length > 0 && (
        <ul className="request-history" aria-label="Escalations">
          {routing.escalations.map((escalation) => (
            <li key={`${escalation.clock}-${escalation.level}-${escalation.at}`}>
              <span className={`escalation-badge level-${escalation.level}`}>
                {escalation.level === 'breached' ? 'Breached' : 'At risk'}
              </span>{' '}
              {clockLabels[escalation.clock]} · <RelativeTime at={escalation.at} />
            </li>
          ))}
        </ul>
      )}
      <FormError error={error} />
    </section>
  );
}
