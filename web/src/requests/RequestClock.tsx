/**
 * A request's SLA clock as both sides see it: what it measures, the time left (counting down between
 * the server's updates), at-risk and breached colouring, and the pause reason. Reusable anywhere a
 * request shows (the project's requests, a request page, queues, "My requests").
 */
import type { ClockView } from '@atrium/shared/model/requests.ts';
import { formatDateTime, useNow } from '../app/time.ts';
import { readClock } from './clockText.ts';
import './requests.css';

type RequestClockProps = {
  clock: ClockView | null;
  /** Whom a paused clock waits on: "you" for the customer, the customer's name for the team. */
  waitingOn: string;
  /** `compact` is one line for lists; the full form adds the label and the detail line. */
  compact?: boolean;
};

export function RequestClock({ clock, waitingOn, compact = false }: RequestClockProps) {
  const now = useNow();
  if (!clock) return compact ? <span className="muted">—</span> : null;
  const reading = readClock(clock, now, waitingOn);
  const due = clock.state === 'running' && clock.dueAt !== null ? `Due ${formatDateTime(clock.dueAt)}` : undefined;
  const stopped = clock.stoppedAt !== null ? `Stopped ${formatDateTime(clock.stoppedAt)}` : undefined;
  const detail = reading.detail ?? due ?? stopped;
  return (
    <span
      className={`request-clock level-${reading.level} state-${reading.state}${compact ? ' compact' : ''}`}
      data-testid={`clock-${clock.kind}`}
      data-level={reading.level}
      data-state={reading.state}
      title={due}
    >
      <span className="request-clock-label">{reading.label}</span>
      <span className="request-clock-text">{reading.text}</span>
      {!compact && detail && <span className="request-clock-detail">{detail}</span>}
    </span>
  );
}
