/**
 * A request's SLA clocks from its recorded history: the adapter between the request rows and the
 * SLA arithmetic (`slaClock.ts`, which this module never re-implements). History is the status
 * path starting at `received_at` (entered on someone's behalf later, it starts when they asked).
 */
import type { ClockView, RequestStatus, StatusEntry } from '@atrium/shared/model/requests.ts';
import { isOpenRequest } from '@atrium/shared/model/requests.ts';
import type { RequestEvent, RequestRow } from './requestStore.ts';
import { type Clock, requestClocks } from './slaClock.ts';
import { type SlaPolicy, targetFor } from './slaPolicy.ts';

export type Clocks = { firstResponse: Clock | null; resolution: Clock | null };

const day = 24 * 3600_000;

/** The status path: created as `new` when the customer asked, then every status event. */
export function statusHistory(row: RequestRow, events: RequestEvent[]): StatusEntry[] {
  const start: StatusEntry = { at: row.received_at, status: 'new', by: row.requested_by ?? row.raised_by };
  const moves = events
    .filter((event) => event.kind === 'status' && event.to)
    .map((event) => ({ at: event.at, status: event.to as RequestStatus, by: event.actorId }));
  return [start, ...moves];
}

export function clocksOf(row: RequestRow, history: StatusEntry[], policy: SlaPolicy, now: number): Clocks {
  return requestClocks({
    history,
    firstResponseAt: row.first_response_at,
    target: targetFor(policy, row.type_key, row.priority),
    policy,
    now,
  });
}

export function clockView(clock: Clock | null, computedAt: number): ClockView | null {
  if (!clock) return null;
  const { elapsedMs: _elapsed, cycle: _cycle, ...view } = clock;
  return { ...view, computedAt };
}

/** Until when the customer may reopen it: `reopenDays` after it last left the open statuses; null while open. */
export function reopenUntil(row: RequestRow, history: StatusEntry[], policy: SlaPolicy): number | null {
  if (isOpenRequest(row.status)) return null;
  let closedAt: number | null = null;
  for (let index = 1; index < history.length; index++) {
    const before = history[index - 1] as StatusEntry;
    const entry = history[index] as StatusEntry;
    if (isOpenRequest(before.status) && !isOpenRequest(entry.status)) closedAt = entry.at;
  }
  return (closedAt ?? row.resolved_at ?? row.closed_at ?? row.updated_at) + policy.reopenDays * day;
}
