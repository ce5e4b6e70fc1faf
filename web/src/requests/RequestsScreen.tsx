/**
 * A project's requests, for the team and for the customer's people: open and closed tabs, each row
 * with its number, type, priority, status, who asked (and how), and both SLA clocks live. The team
 * also sees escalations and the assignee. Raising a new one opens the "New request" form.
 */
import { channelLabels } from '@atrium/shared/model/requests.ts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MeProject } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { useProject } from '../project/projectData.ts';
import { levelAt } from './clockText.ts';
import { RequestClock } from './RequestClock.tsx';
import { EscalationBadge, RequestPriorityBadge, RequestStatusBadge } from './RequestStatusBadge.tsx';
import { getRequestDetail, newRequestPath, type RequestSummary, requestPath } from './requestApi.ts';
import { useLiveRequestView, useProjectRequests, useReloadOn, withView } from './requestData.ts';
import { mayRaise, waitingOnName } from './requestSides.ts';

export function RequestsScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  if (!project)
    return (
      <main className="page narrow">
        <h1>Project not found</h1>
        <p>This project does not exist, or you are no longer a member of it.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  return <ProjectRequests project={project} />;
}

function ProjectRequests({ project }: { project: MeProject }) {
  const [tab, setTab] = useState<'open' | 'closed'>('open');
  const { requests, error } = useProjectRequests(project.id, project.side, tab);
  const team = project.side === 'team';
  return (
    <main className="page requests-page">
      <header className="project-header">
        <div>
          <p className="eyebrow">
            <Link to={`/p/${project.id}`}>{project.name}</Link>
            {team && project.customerName ? ` · ${project.customerName}` : ` · ${project.workspaceName}`}
          </p>
          <h1>Requests</h1>
        </div>
        {mayRaise(project) && (
          <div className="project-actions">
            <Link className="button" to={newRequestPath(project.id)}>
              {team ? 'Log a request' : 'New request'}
            </Link>
          </div>
        )}
      </header>
      <div className="tabs" role="tablist" aria-label="Which requests">
        <button type="button" role="tab" aria-selected={tab === 'open'} onClick={() => setTab('open')}>
          Open
        </button>
        <button type="button" role="tab" aria-selected={tab === 'closed'} onClick={() => setTab('closed')}>
          Resolved and closed
        </button>
      </div>
      <FormError error={error} />
      {requests === null ? (
        <p role="status" className="loading">
          Loading requests…
        </p>
      ) : requests.length === 0 ? (
        <div className="empty-state">
          <h2>{tab === 'open' ? 'No open requests' : 'No resolved or closed requests yet'}</h2>
          <p>
            {team
              ? `Requests ${project.customerName ?? 'the customer'} raises — and those you log for them — appear here.`
              : `Ask ${project.workspaceName} a question, request a change or report a problem: it appears here with the time they promised to answer.`}
          </p>
        </div>
      ) : (
        <ul className="request-list" aria-label={tab === 'open' ? 'Open requests' : 'Resolved and closed requests'}>
          {requests.map((request) => (
            <RequestRow key={request.id} request={request} project={project} follow={tab === 'open'} />
          ))}
        </ul>
      )}
    </main>
  );
}

/** One request in a list, following its item's live view (reusable by other request lists). */
export function RequestRow({
  request,
  project,
  follow = true,
}: {
  request: RequestSummary;
  project: MeProject;
  /** Follow the request's documents live (open requests); a long closed list reads REST only. */
  follow?: boolean;
}) {
  const view = useLiveRequestView(project.id, follow ? request.id : null);
  // A change in the view (a move, an answer, an escalation) re-reads this row's names and routing.
  const [fresh, setFresh] = useState<RequestSummary | null>(null);
  useReloadOn(view, () => {
    getRequestDetail(project.id, request.id).then(setFresh, () => undefined);
  });
  const live = withView(fresh && fresh.updatedAt >= request.updatedAt ? fresh : request, view);
  const team = project.side === 'team';
  const waitingOn = waitingOnName(project);
  const now = Date.now();
  const levels = [live.firstResponse, live.resolution].map((clock) => (clock ? levelAt(clock, now) : 'ok'));
  const level = levels.includes('breached') ? 'breached' : levels.includes('at_risk') ? 'at_risk' : 'ok';
  return (
    <li className={`request-row level-${level}`} data-testid="request-row">
      <span className="request-number">#{live.number}</span>
      <div className="request-main">
        <Link to={requestPath(project.id, live.id)}>{live.title}</Link>
        <div className="request-meta">
          <span>{live.typeName}</span>
          <RequestPriorityBadge priority={live.priority} />
          <RequestStatusBadge status={live.status} waitingOn={waitingOn} />
          {team && <EscalationBadge level={live.escalation} />}
          <span>
            {live.requestedBy === null && live.channel === 'portal' ? 'Raised' : `Asked by ${live.requesterName}`}
            {live.channel !== 'portal' && ` by ${channelLabels[live.channel].toLowerCase()}`}{' '}
            <RelativeTime at={live.receivedAt} />
          </span>
          {team && <span>{live.assigneeName ? `Assigned to ${live.assigneeName}` : 'Unassigned'}</span>}
        </div>
      </div>
      <div className="request-clocks">
        <RequestClock clock={live.firstResponse} waitingOn={waitingOn} compact />
        <RequestClock clock={live.resolution} waitingOn={waitingOn} compact />
      </div>
    </li>
  );
}
