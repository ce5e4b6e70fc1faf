/**
 * The order of a team's queue: by SLA urgency — breached first, then at risk, then running clocks
 * by the earliest due time, then requests whose clocks are paused, then the rest; ties by the
 * oldest request first.
 */
import type { ClockView } from '@atrium/shared/model/requests.ts';
import type { RequestSummary } from './requestViews.ts';

function clocks(summary: RequestSummary): ClockView[] {
  return [summary.firstResponse, summary.resolution].filter(
    (clock): clock is ClockView => clock !== null && (clock.state === 'running' || clock.state === 'paused'),
  );
}

function rank(summary: RequestSummary): number {
  const live = clocks(summary);
  if (summary.escalation === 'breached' || live.some((clock) => clock.level === 'breached')) return 0;
  if (summary.escalation === 'at_risk' || live.some((clock) => clock.level === 'at_risk')) return 1;
  if (live.some((clock) => clock.state === 'running')) return 2;
  if (live.length > 0) return 3;
  return 4;
}

function dueAt(summary: RequestSummary): number {
  return Math.min(...clocks(summary).map((clock) => clock.dueAt ?? Number.POSITIVE_INFINITY));
}

export function byUrgency(a: RequestSummary, b: RequestSummary): number {
  return rank(a) - rank(b) || dueAt(a) - dueAt(b) || a.receivedAt - b.receivedAt || a.number - b.number;
}
