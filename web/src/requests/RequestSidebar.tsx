/**
 * Beside a request: its status and the moves this side may make (a customer closes a resolved
 * request or reopens it until the window ends), the two clocks, who asked and how, the team's
 * routing fields, and the history — what both sides see, and for the team the routing apart.
 */
import {
  channelLabels,
  isOpenRequest,
  type RequestStatus,
  type RoutingView,
  requestMoves,
  statusLabels,
} from '@atrium/shared/model/requests.ts';
import { useState } from 'react';
import type { MeProject, Person } from '../app/api.ts';
import { formatDateTime } from '../app/time.ts';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import type { BoardItem } from '../project/projectData.ts';
import { type EventNames, eventText, routingKinds } from './eventText.ts';
import { RequestClock } from './RequestClock.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { RequestTeamFields } from './RequestTeamFields.tsx';
import { moveRequest, type RequestEvent, type RequestSummary } from './requestApi.ts';
import { mayWork, waitingOnName } from './requestSides.ts';

type SidebarProps = {
  project: MeProject;
  request: RequestSummary;
  events: RequestEvent[];
  routing: RoutingView | null;
  people: Person[];
  items: BoardItem[];
  onChanged: () => void;
};

export function RequestSidebar(props: SidebarProps) {
  const { project, request, events, routing, people, items, onChanged } = props;
  const team = project.side === 'team';
  const waitingOn = waitingOnName(project);
  const names: EventNames = {
    person: (id) => people.find((person) => person.userId === id)?.name ?? 'a former member',
    item: (id) => {
      const item = items.find((candidate) => candidate.id === id);
      return item ? `“${item.title}”` : 'an item';
    },
    team: (id) => (routing?.teamId === id && routing.teamName ? routing.teamName : 'another team'),
    type: (key) => (key === request.typeKey ? request.typeName : key.replaceAll('_', ' ')),
    requester: request.requesterName,
  };
  const shared = events.filter((event) => !routingKinds.has(event.kind));
  const routingEvents = events.filter((event) => routingKinds.has(event.kind));
  return (
    <aside className="request-side" aria-label="About this request">
      <section className="card" aria-labelledby="request-status-title">
        <h2 id="request-status-title">Status</h2>
        <RequestStatusBadge status={request.status} waitingOn={waitingOn} />
        <StatusMoves project={project} request={request} onChanged={onChanged} />
      </section>
      <section className="card" aria-labelledby="request-clocks-title">
        <h2 id="request-clocks-title">Promised times</h2>
        <div className="request-clock-stack">
          <RequestClock clock={request.firstResponse} waitingOn={waitingOn} />
          <RequestClock clock={request.resolution} waitingOn={waitingOn} />
          {!request.firstResponse && !request.resolution && (
            <p className="hint">No time was promised for this request.</p>
          )}
        </div>
      </section>
      <section className="card" aria-labelledby="request-asked-title">
        <h2 id="request-asked-title">Asked</h2>
        <p data-testid="request-asked">
          {request.channel === 'portal'
            ? `Asked by ${request.requesterName} in the portal`
            : `Asked by ${request.requesterName} by ${channelLabels[request.channel].toLowerCase()}`}
          , <RelativeTime at={request.receivedAt} />
        </p>
      </section>
      {team && mayWork(project) && (
        <RequestTeamFields
          project={project}
          request={request}
          routing={routing}
          people={people}
          onChanged={onChanged}
        />
      )}
      <section className="card" aria-labelledby="request-history-title">
        <h2 id="request-history-title">History</h2>
        <EventList events={shared} names={names} label="History" />
      </section>
      {team && (
        <section className="card thread-internal" aria-labelledby="request-routing-title">
          <h2 id="request-routing-title">Routing — internal</h2>
          {routingEvents.length === 0 ? (
            <p className="hint">Not reassigned or escalated yet.</p>
          ) : (
            <EventList events={routingEvents} names={names} label="Routing history" />
          )}
        </section>
      )}
    </aside>
  );
}

function EventList({ events, names, label }: { events: RequestEvent[]; names: EventNames; label: string }) {
  return (
    <ol className="request-history" aria-label={label}>
      {events.map((event) => (
        <li key={`${event.at}-${event.kind}-${event.from}-${event.to}`}>
          {eventText(event, names)} · <RelativeTime at={event.at} />
        </li>
      ))}
    </ol>
  );
}

/** The words of a move, for whoever makes it. */
function moveLabel(from: RequestStatus, to: RequestStatus, team: boolean, customerName: string): string {
  if (to === 'in_progress')
    return isOpenRequest(from) ? (from === 'new' ? 'Start' : 'Back to in progress') : 'Reopen request';
  if (to === 'waiting_on_customer') return `Wait on ${customerName}`;
  if (to === 'resolved') return 'Mark resolved';
  return team ? 'Close' : 'Close — it is solved';
}

function StatusMoves({
  project,
  request,
  onChanged,
}: {
  project: MeProject;
  request: RequestSummary;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const team = project.side === 'team';
  if (!team && project.role !== 'collaborator') return null;
  const now = Date.now();
  const reopenOver = request.reopenUntil !== null && now > request.reopenUntil;
  const moves = requestMoves(team ? 'team' : 'customer', request.status).filter(
    (to) => team || !(reopenOver && to === 'in_progress'),
  );
  async function move(to: RequestStatus) {
    setBusy(true);
    setError(null);
    try {
      await moveRequest(project.id, request.id, to);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  const customerName = project.customerName ?? 'the customer';
  return (
    <>
      {moves.length > 0 && (
        <div className="request-moves">
          {moves.map((to) => (
            <button
              key={to}
              type="button"
              className={to === 'resolved' || (to === 'closed' && !team) ? 'small' : 'small secondary'}
              disabled={busy}
              onClick={() => void move(to)}
              title={`Move to ${statusLabels[to]}`}
            >
              {moveLabel(request.status, to, team, customerName)}
            </button>
          ))}
        </div>
      )}
      {!team && request.reopenUntil !== null && (
        <p className="hint" data-testid="reopen-until">
          {reopenOver
            ? `It could be reopened until ${formatDateTime(request.reopenUntil)}; raise a new request instead.`
            : `You can reopen it until ${formatDateTime(request.reopenUntil)}.`}
        </p>
      )}
      <FormError error={error} />
    </>
  );
}
