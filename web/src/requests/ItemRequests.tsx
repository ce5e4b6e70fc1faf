/**
 * On an item's panel: "Ask about this" (opens the New request form about the item) and the requests
 * about the item or linked to it — a change request shows its decision ("Change request #4
 * accepted"), others their status. Re-read when the item's panel opens and every so often.
 */
import { changeRequestType } from '@atrium/shared/model/requests.ts';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { MeProject } from '../app/api.ts';
import { useRefetch } from '../app/refetch.ts';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { newRequestPath, type RequestSummary, requestPath, requestsOfItem } from './requestApi.ts';
import { mayRaise, waitingOnName } from './requestSides.ts';
import './requests.css';

export function ItemRequests({ project, itemId, preview }: { project: MeProject; itemId: string; preview: boolean }) {
  const [requests, setRequests] = useState<RequestSummary[]>([]);
  const load = useCallback(() => {
    requestsOfItem(project.id, itemId).then(setRequests, () => undefined);
  }, [project.id, itemId]);
  useEffect(load, [load]);
  useRefetch(load);
  const canAsk = mayRaise(project) && !preview;
  if (!canAsk && requests.length === 0) return null;
  return (
    <section className="panel-section item-requests" aria-labelledby={`requests-of-${itemId}`}>
      <div className="section-head">
        <h3 id={`requests-of-${itemId}`}>Requests</h3>
        {canAsk && (
          <Link className="button secondary small" to={newRequestPath(project.id, itemId)}>
            Ask about this
          </Link>
        )}
      </div>
      {requests.length > 0 && (
        <ul>
          {requests.map((request) => (
            <li key={request.id} className="row wrap" data-testid="item-request">
              {request.typeKey === changeRequestType && request.linkedItemIds.includes(itemId) && request.decision ? (
                <Link to={requestPath(project.id, request.id)}>
                  <span className={`request-decision ${request.decision}`}>
                    Change request #{request.number} {request.decision}
                  </span>
                </Link>
              ) : (
                <Link to={requestPath(project.id, request.id)}>
                  #{request.number} {request.title}
                </Link>
              )}
              <RequestStatusBadge status={request.status} waitingOn={waitingOnName(project)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
