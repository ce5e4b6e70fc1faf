/**
 * "My requests" on a customer's home: the requests they asked (or were assigned) in every project
 * of every provider, open ones first with the clock the provider promised, then the recently closed.
 * One GET (`/api/me/requests`), read again every 30 s and when the tab comes back.
 */
import { isOpenRequest, statusLabels } from '@atrium/shared/model/requests.ts';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.ts';
import { useRefetch } from '../app/refetch.ts';
import { useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { RequestClock } from './RequestClock.tsx';
import { type RequestList, type RequestSummary, requestPath } from './requestApi.ts';
import './requests.css';

/** Closed requests shown below the open ones: the latest few, the rest are on each project. */
const recentClosed = 5;

export function MyRequests() {
  const [requests, setRequests] = useState<RequestSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    api<RequestList>('GET', '/me/requests?state=all').then(
      (answer) => {
        setRequests(answer.requests);
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
  }, []);
  useEffect(load, [load]);
  useRefetch(load);
  if (requests === null && !error) return null;
  const open = (requests ?? []).filter((request) => isOpenRequest(request.status));
  const closed = (requests ?? []).filter((request) => !isOpenRequest(request.status)).slice(0, recentClosed);
  return (
    <section className="my-requests" aria-labelledby="my-requests-title">
      <h2 id="my-requests-title">My requests</h2>
      <FormError error={error} />
      {requests && (
        <p className="muted">
          {open.length === 0
            ? 'None of your requests is open.'
            : `${open.length} open — each with the time its provider promised to answer and resolve it.`}
        </p>
      )}
      {open.length > 0 && <RequestRows requests={open} />}
      {closed.length > 0 && (
        <details>
          <summary>Recently resolved or closed ({closed.length})</summary>
          <RequestRows requests={closed} />
        </details>
      )}
    </section>
  );
}

function RequestRows({ requests }: { requests: RequestSummary[] }) {
  const { me } = useSignedIn();
  const providerOf = (projectId: string) => me.projects.find((project) => project.id === projectId)?.workspaceName;
  return (
    <ul className="waiting-list" data-testid="my-requests">
      {requests.map((request) => (
        <li key={request.id} className="my-request">
          <div className="waiting-main">
            <Link to={requestPath(request.projectId, request.id)} className="waiting-title">
              {request.title}
            </Link>
            <span className="waiting-meta">
              #{request.number} · {request.typeName} · {request.projectName}
              {providerOf(request.projectId) ? ` (${providerOf(request.projectId)})` : ''} · asked{' '}
              <RelativeTime at={request.receivedAt} />
            </span>
          </div>
          <span className="status-chip">{statusLabels[request.status]}</span>
          <span className="my-request-clocks">
            {request.firstResponse && <RequestClock clock={request.firstResponse} waitingOn="you" compact />}
            {request.resolution && <RequestClock clock={request.resolution} waitingOn="you" compact />}
          </span>
        </li>
      ))}
    </ul>
  );
}
