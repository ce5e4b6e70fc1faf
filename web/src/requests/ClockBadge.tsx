/**
 * One SLA clock as a coloured badge: time left, at risk (yellow), nearly out (orange), breached
 * (red), paused with the reason, met or missed. Counts down with the app's shared clock (`useNow`).
 */
import type { ClockView } from '@atrium/shared/model/requests.ts';
import { formatDateTime, useNow } from '../app/time.ts';
import { readClock } from './clockText.ts';
import './requests.css';

const kindLabels = { first_response: 'First response', resolution: 'Resolution' } as const;

export function ClockBadge({
  clock,
  side,
  label = false,
}: {
  clock: ClockView | null;
  side: 'team' | 'customer';
  /** Name the clock inside the badge ("First response: 2h 05m left"). */
  label?: boolean;
}) {
  const now = useNow();
  if (!clock) return <span className="muted">No target</span>;
  const reading = readClock(clock, now, side);
  const kind = kindLabels[clock.kind];
  const title = clock.dueAt === null ? kind : `${kind} due ${formatDateTime(clock.dueAt)}`;
  return (
    <span className={`clock-badge clock-${reading.tone}`} title={title} data-tone={reading.tone}>
      {label && <span className="clock-kind">{kind}: </span>}
      {reading.text}
    </span>
  );
}
