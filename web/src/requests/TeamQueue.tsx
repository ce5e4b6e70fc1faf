/**
 * The team's queue: a workspace's open requests across its projects, most urgent first (the server
 * orders them by SLA urgency), filtered in the browser by owner team, assignee, project, type and
 * priority. Breached and at-risk requests stand out; each row opens the request. One GET serves the
 * whole list (no call per row); it is read again every 30 s and when the tab comes back.
 */
import { priorityLabels, requestPriorities, statusLabels } from '@atrium/shared/model/requests.ts';
import { memo, startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../app/api.ts';
import { useRefetch } from '../app/refetch.ts';
import { useSignedIn } from '../app/session.tsx';
import { useNow } from '../app/time.ts';
import { FormError } from '../components/FormError.tsx';
import {
  applyFilters,
  type Choice,
  filterChoices,
  filtersFrom,
  filtersToParams,
  type QueueFilters,
  urgencyOf,
} from './queueFilters.ts';
import { RequestClock } from './RequestClock.tsx';
import { type RequestList, type RequestSummary, requestPath } from './requestApi.ts';
import './requests.css';
import { useWhenNearViewport } from '../components/nearViewport.ts';
import { TeamOnly, useTeamWorkspace } from '../components/TeamWorkspace.tsx';

export function TeamQueue() {
  const workspace = useTeamWorkspace();
  const { me } = useSignedIn();
  if (!workspace)
    return <TeamOnly title="Queue not available" reason="Only the provider’s team sees a workspace’s request queue." />;
  return <QueueScreen workspaceId={workspace.id} workspaceName={workspace.name} me={me.user.id} />;
}

function useOpenRequests(path: string | null) {
  const [requests, setRequests] = useState<RequestSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    if (path === null) return;
    api<RequestList>('GET', path).then(
      (answer) => {
        setRequests(answer.requests);
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
  }, [path]);
  useEffect(load, [load]);
  useRefetch(load);
  return { requests, error };
}

function QueueScreen({ workspaceId, workspaceName, me }: { workspaceId: string; workspaceName: string; me: string }) {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(query)), [query]);
  const all = useOpenRequests(`/workspaces/${workspaceId}/requests?state=open`);
  const mine = useOpenRequests(
    filters.team === 'mine' ? `/workspaces/${workspaceId}/requests?state=open&team=mine` : null,
  );
  const mineIds = useMemo(() => (mine.requests ? new Set(mine.requests.map((r) => r.id)) : null), [mine.requests]);
  const choices = useMemo(() => filterChoices(all.requests ?? []), [all.requests]);
  const shown = useMemo(
    () => (all.requests ? applyFilters(all.requests, filters, { me, mine: mineIds }) : null),
    [all.requests, filters, me, mineIds],
  );
  const setFilter = (key: keyof QueueFilters, value: string) =>
    setParams(filtersToParams({ ...filters, [key]: value } as QueueFilters), { replace: true });
  const waitingForMine = filters.team === 'mine' && mineIds === null;

  return (
    <main className="page queue">
      <div className="queue-header">
        <div>
          <p className="eyebrow">{workspaceName}</p>
          <h1>Request queue</h1>
        </div>
        {shown && (
          <p className="muted" role="status" data-testid="queue-count">
            {shown.length === all.requests?.length
              ? `${shown.length} open ${shown.length === 1 ? 'request' : 'requests'}, most urgent first`
              : `${shown.length} of ${all.requests?.length ?? 0} open requests`}
          </p>
        )}
      </div>
      <fieldset className="queue-filters">
        <legend className="visually-hidden">Filter the queue</legend>
        <FilterSelect
          label="Team"
          value={filters.team}
          onChange={(value) => setFilter('team', value)}
          any="Every team"
          choices={[{ value: 'mine', label: 'My teams and me' }, { value: 'none', label: 'No team' }, ...choices.teams]}
        />
        <FilterSelect
          label="Assignee"
          value={filters.assignee}
          onChange={(value) => setFilter('assignee', value)}
          any="Anyone"
          choices={[
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'Unassigned' },
          ]}
        />
        <FilterSelect
          label="Project"
          value={filters.project}
          onChange={(value) => setFilter('project', value)}
          any="Every project"
          choices={choices.projects}
        />
        <FilterSelect
          label="Type"
          value={filters.type}
          onChange={(value) => setFilter('type', value)}
          any="Every type"
          choices={choices.types}
        />
        <FilterSelect
          label="Priority"
          value={filters.priority}
          onChange={(value) => setFilter('priority', value)}
          any="Every priority"
          choices={[...requestPriorities]
            .reverse()
            .map((priority) => ({ value: priority, label: priorityLabels[priority] }))}
        />
        {params.size > 0 && (
          <button type="button" className="secondary small" onClick={() => setParams({}, { replace: true })}>
            Clear filters
          </button>
        )}
      </fieldset>
      <FormError error={all.error ?? mine.error} />
      {shown === null || waitingForMine ? (
        !all.error && (
          <p className="loading" role="status">
            Loading the queue…
          </p>
        )
      ) : shown.length === 0 ? (
        <div className="empty-state">
          <h2>{all.requests?.length ? 'No request matches these filters' : 'No open requests'}</h2>
          <p>{all.requests?.length ? 'Clear a filter to see more.' : 'Every request in this workspace is answered.'}</p>
        </div>
      ) : (
        <QueueTable requests={shown} />
      )}
    </main>
  );
}

function FilterSelect({
  label,
  value,
  onChange,
  any,
  choices,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  any: string;
  choices: Choice[];
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{any}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Rows in the DOM: the first screenful and more as the end of the table comes within a screen of
 * the viewport (or "Show more" is pressed). Two thousand table rows cost seconds of layout and paint
 * on a modest machine; the first hundred, a fraction of that (e2e/perf/queuePerf.ts measures it).
 */
const firstWindow = 100;
const windowStep = 300;

function useGrowingRows(total: number) {
  const [shown, setShown] = useState(firstWindow);
  const more = useCallback(() => startTransition(() => setShown((count) => count + windowStep)), []);
  const moreRef = useWhenNearViewport<HTMLTableRowElement>(more);
  return { shown: Math.min(shown, total), more, moreRef };
}

function QueueTable({ requests }: { requests: RequestSummary[] }) {
  const { shown, more, moreRef } = useGrowingRows(requests.length);
  const hidden = requests.length - shown;
  return (
    <div className="queue-table-wrap">
      <table className="queue-table" data-testid="request-queue">
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">#</th>
            <th scope="col">Request</th>
            <th scope="col">Type</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Requester</th>
            <th scope="col">Assignee</th>
            <th scope="col">Team</th>
            <th scope="col">First response</th>
            <th scope="col">Resolution</th>
          </tr>
        </thead>
        <tbody>
          {requests.slice(0, shown).map((request) => (
            <QueueRow key={request.id} request={request} />
          ))}
          {hidden > 0 && (
            <tr ref={moreRef} key={`more-${shown}`}>
              <td colSpan={11} className="queue-more">
                <button type="button" className="link-button" onClick={more}>
                  Show {Math.min(hidden, windowStep)} more of {hidden}
                </button>
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

const QueueRow = memo(function QueueRow({ request }: { request: RequestSummary }) {
  const now = useNow();
  const urgency = urgencyOf(request, now);
  return (
    <tr className={urgency ? `queue-${urgency}` : undefined} data-testid="queue-row" data-urgency={urgency ?? 'none'}>
      <td>{request.projectName}</td>
      <td className="queue-number">#{request.number}</td>
      <td className="queue-title">
        <Link to={requestPath(request.projectId, request.id)}>{request.title}</Link>
        {request.escalation && (
          <span className={`escalated-flag${request.escalation === 'at_risk' ? ' at-risk' : ''}`}>
            {request.escalation === 'breached' ? 'Escalated' : 'At risk'}
          </span>
        )}
      </td>
      <td>{request.typeName}</td>
      <td className={`priority-${request.priority}`}>{priorityLabels[request.priority]}</td>
      <td>{statusLabels[request.status]}</td>
      <td>{request.requesterName}</td>
      <td>{request.assigneeName ?? <span className="muted">Unassigned</span>}</td>
      <td>{request.teamName ?? <span className="muted">—</span>}</td>
      <td>
        <RequestClock clock={request.firstResponse} waitingOn="the customer" compact />
      </td>
      <td>
        <RequestClock clock={request.resolution} waitingOn="the customer" compact />
      </td>
    </tr>
  );
});
