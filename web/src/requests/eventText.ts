/**
 * A request's events as sentences ("Pat moved it from New to In progress"). Ids in an event (people,
 * teams, items) are named through the lookups the screen has; the server already left out what a
 * customer must not see (routing and escalations).
 */
import {
  priorityLabels,
  type RequestPriority,
  type RequestStatus,
  statusLabels,
} from '@atrium/shared/model/requests.ts';
import { clockLabels } from './clockText.ts';
import type { RequestEvent } from './requestApi.ts';

export type EventNames = {
  person: (id: string) => string;
  item: (id: string) => string;
  team: (id: string) => string;
  type: (key: string) => string;
  /** Who asked: a request the team logged for someone says so. */
  requester: string;
};

/** Routing and escalations: the team's history, shown apart from what both sides see. */
export const routingKinds: ReadonlySet<string> = new Set(['assignee', 'team', 'escalation']);

const status = (value: string | null) => (value ? (statusLabels[value as RequestStatus] ?? value) : '—');
const priority = (value: string | null) => (value ? (priorityLabels[value as RequestPriority] ?? value) : '—');

export function eventText(event: RequestEvent, names: EventNames): string {
  const who = event.actorName || 'Atrium';
  switch (event.kind) {
    case 'created':
      return who === names.requester ? `${who} raised it` : `${who} logged it for ${names.requester}`;
    case 'status':
      return `${who} moved it from ${status(event.from)} to ${status(event.to)}`;
    case 'priority':
      return `${who} changed the priority from ${priority(event.from)} to ${priority(event.to)}`;
    case 'type':
      return `${who} changed the type from ${event.from ? names.type(event.from) : '—'} to ${event.to ? names.type(event.to) : '—'}`;
    case 'decision':
      return event.to === 'accepted' ? `${who} accepted the change` : `${who} declined the change`;
    case 'link':
      return `${who} linked ${event.to ? names.item(event.to) : 'an item'}`;
    case 'unlink':
      return `${who} unlinked ${event.from ? names.item(event.from) : 'an item'}`;
    case 'first_response':
      return `${who} answered first`;
    case 'assignee':
      return event.to ? `${who} assigned it to ${names.person(event.to)}` : `${who} unassigned it`;
    case 'team':
      return event.to ? `${who} routed it to ${names.team(event.to)}` : `${who} removed the owner team`;
    case 'escalation': {
      const clock =
        event.from === 'first_response' || event.from === 'resolution' ? clockLabels[event.from] : 'A clock';
      return `${clock} ${event.to === 'breached' ? 'breached its target' : 'is at risk'} — escalated`;
    }
    default:
      return `${who}: ${event.kind}`;
  }
}
