/**
 * One request, for both sides: what was asked, by whom and how, its status with the moves this side
 * may make, both SLA clocks, the history, the client thread and files — and for the team the routing
 * (assignee, owner team, priority, type, escalations), the internal thread and a change request's
 * links and decision. The request item's documents keep it live; REST adds names and events.
 */

import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import {
  changeRequestType,
  readRequestView,
  readRoutingView,
  requestRoot,
  routingRoot,
} from '@atrium/shared/model/requests.ts';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, type MeProject } from '../app/api.ts';
import { useReplica, useTypeValue } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { PresenceList } from '../components/Presence.tsx';
import { Attachments } from '../project/Attachments.tsx';
import { projectIndexName, usePeople, useProject, useProjectView } from '../project/projectData.ts';
import { ThreadView } from '../project/ThreadView.tsx';
import { ChangeRequestPanel } from './ChangeRequestPanel.tsx';
import { RequestSidebar } from './RequestSidebar.tsx';
import { EscalationBadge, RequestPriorityBadge, RequestStatusBadge } from './RequestStatusBadge.tsx';
import { getRequestDetail, type RequestDetail, requestsPath } from './requestApi.ts';
import { useReloadOn, withView } from './requestData.ts';
import { waitingOnName } from './requestSides.ts';
import './requests.css';

const DescriptionEditor = lazy(() =>
  import('../project/DescriptionEditor.tsx').then((m) => ({ default: m.DescriptionEditor })),
);

export function RequestPage() {
  const { projectId = '', requestId = '' } = useParams();
  const project = useProject(projectId);
  if (!project) return <RequestMissing />;
  return <RequestScreen key={requestId} project={project} requestId={requestId} />;
}

function RequestMissing({ project, legacyItemId }: { project?: MeProject; legacyItemId?: string }) {
  return (
    <main className="page narrow">
      <h1>Request not found</h1>
      {project && legacyItemId ? (
        <p>
          This item was raised as a request before requests had their own pages, so it has no status or clock.{' '}
          <Link to={`/p/${project.id}/d/${legacyItemId}`}>Open its description and discussion</Link>.
        </p>
      ) : (
        <p>This request does not exist, or you do not have access to it.</p>
      )}
      <Link to={project ? requestsPath(project.id) : '/'}>
        {project ? 'Back to the requests' : 'Back to your projects'}
      </Link>
    </main>
  );
}

function RequestScreen({ project, requestId }: { project: MeProject; requestId: string }) {
  const { me } = useSignedIn();
  const team = project.side === 'team';
  const readOnly = !team && project.role !== 'collaborator';
  const customerName = project.customerName ?? 'the customer';
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(() => {
    getRequestDetail(project.id, requestId).then(
      (fresh) => {
        setDetail(fresh);
        setLoadError(null);
      },
      (failure: unknown) => setLoadError(failure),
    );
  }, [project.id, requestId]);
  useEffect(load, [load]);

  const shared = useReplica(projectDocumentName.itemShared(project.id, requestId));
  const internal = useReplica(team ? projectDocumentName.itemInternal(project.id, requestId) : null);
  const sharedDoc = shared.replica?.doc;
  const internalDoc = internal.replica?.doc;
  const view = useTypeValue(
    sharedDoc?.getMap(requestRoot),
    () => (sharedDoc ? readRequestView(sharedDoc) : null),
    null,
  );
  const routing = useTypeValue(
    internalDoc?.getMap(routingRoot),
    () => (internalDoc ? readRoutingView(internalDoc) : null),
    null,
  );
  // The documents change first (the server projects every change into them); names and events follow.
  useReloadOn(view, load);
  useReloadOn(routing, load);

  const people = usePeople(project.id);
  const index = useReplica(projectIndexName(project.side, project.id), { shown: false });
  const items = useProjectView(project.side, index.replica?.doc).items;

  if (!detail) {
    if (loadError instanceof ApiError && (loadError.status === 404 || loadError.status === 403))
      return (
        <RequestMissing
          project={project}
          legacyItemId={items.some((item) => item.id === requestId) ? requestId : undefined}
        />
      );
    return (
      <main className="page">
        <FormError error={loadError} />
        {!loadError && (
          <p role="status" className="loading">
            Loading the request…
          </p>
        )}
      </main>
    );
  }
  const request = withView(detail, view);
  const title = items.find((item) => item.id === requestId)?.title ?? detail.title;
  const about = request.aboutItemId ? items.find((item) => item.id === request.aboutItemId) : undefined;
  const files = { people, projectId: project.id, itemId: requestId, canAttach: !readOnly, me: me.user.id };

  return (
    <main className="page request-page">
      <header className="project-header">
        <div>
          <p className="eyebrow">
            <Link to={`/p/${project.id}`}>{project.name}</Link> · <Link to={requestsPath(project.id)}>Requests</Link> ·
            #{request.number} · {request.typeName}
          </p>
          <h1 id="request-title">{title}</h1>
          <div className="row wrap">
            <RequestStatusBadge status={request.status} waitingOn={waitingOnName(project)} />
            <RequestPriorityBadge priority={request.priority} />
            {team && <EscalationBadge level={request.escalation} />}
            {request.aboutItemId && (
              <span className="muted">
                About{' '}
                <Link to={`/p/${project.id}/i/${request.aboutItemId}`}>{about ? `“${about.title}”` : 'an item'}</Link>
              </span>
            )}
          </div>
        </div>
        <PresenceList replica={shared.replica} label="Here now" />
      </header>
      <div className="request-page-grid">
        <div className="stack">
          {request.typeKey === changeRequestType && (
            <ChangeRequestPanel project={project} request={request} items={items} onChanged={load} />
          )}
          <section className="card" aria-labelledby="request-description">
            <h2 id="request-description">Description</h2>
            {shared.replica ? (
              <Suspense fallback={<p role="status">Loading the editor…</p>}>
                <DescriptionEditor
                  key={shared.replica.doc.guid}
                  replica={shared.replica}
                  fragment={new ItemSharedPart(shared.replica.doc).description}
                  readOnly={readOnly}
                  label={`Description of ${title}`}
                  placeholder="More detail, steps to reproduce, links…"
                />
              </Suspense>
            ) : (
              <p role="status">Loading…</p>
            )}
          </section>
          {sharedDoc && (
            <div className="card">
              <Attachments
                {...files}
                doc={sharedDoc}
                part="shared"
                team={team}
                title={team ? `Files — shared with ${customerName}` : 'Files'}
              />
            </div>
          )}
          <div className={`threads${team ? ' two' : ''}`}>
            {sharedDoc && (
              <ThreadView
                doc={sharedDoc}
                arrayName="clientThread"
                me={me.user.id}
                people={people}
                moderator={team}
                readOnly={readOnly}
                title={team ? `Client thread — with ${customerName}` : `Conversation with ${project.workspaceName}`}
              />
            )}
            {team && internalDoc && (
              <div className="internal-column">
                <ThreadView
                  doc={internalDoc}
                  arrayName="internalThread"
                  me={me.user.id}
                  people={people}
                  moderator
                  readOnly={false}
                  title={`Internal — not visible to ${customerName}`}
                  internal
                />
              </div>
            )}
          </div>
        </div>
        <RequestSidebar
          project={project}
          request={request}
          events={detail.events}
          routing={routing}
          people={people}
          items={items}
          onChanged={load}
        />
      </div>
    </main>
  );
}
