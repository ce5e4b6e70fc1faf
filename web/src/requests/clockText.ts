/**
 * How an SLA clock reads on screen. The server computes every clock (`ClockView`); between its
 * answers the browser only counts down towards `dueAt` and turns the level when `atRiskAt` or
 * `dueAt` passes, so a list left open stays truthful without asking the server every second.
 *
 * In business hours `remainingMs` is working time left, which is never more than the wall-clock
 * time until `dueAt`: the smaller of the two is what is left now (overnight the working time stands
 * still; in the last working stretch both agree).
 */
import type { ClockView } from '@atrium/shared/model/requests.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A length of time, short: "under a minute", "45m", "2h 05m", "3d 4h". */
export function formatDuration(ms: number): string {
  const length = Math.abs(ms);
  if (length < minute) return 'under a minute';
  if (length < hour) return `${Math.floor(length / minute)}m`;
  if (length < day) {
    const minutes = Math.floor((length % hour) / minute);
    return `${Math.floor(length / hour)}h ${String(minutes).padStart(2, '0')}m`;
  }
  const hours = Math.floor((length % day) / hour);
  return hours === 0 ? `${Math.floor(length / day)}d` : `${Math.floor(length / day)}d ${hours}h`;
}

/** Time left on a clock ("2h 05m left"), or how far past its target it is ("1h 10m overdue"). */
export function formatRemaining(ms: number): string {
  return ms > 0 ? `${formatDuration(ms)} left` : `${formatDuration(ms)} overdue`;
}

/**
 * ok → at risk (yellow) → critical (orange: under a tenth of the target left) → breached (red);
 * paused, met and missed clocks stand still.
 */
export type ClockTone = 'ok' | 'at_risk' | 'critical' | 'breached' | 'paused' | 'met' | 'missed';

export type ClockReading = { tone: ClockTone; text: string; remainingMs: number };

/** What a clock says at `now`; `side` words the pause for whoever reads it. */
export function readClock(clock: ClockView, now: number, side: 'team' | 'customer'): ClockReading {
  if (clock.state === 'met') return { tone: 'met', text: 'Met', remainingMs: clock.remainingMs };
  if (clock.state === 'missed')
    return { tone: 'missed', text: `Missed by ${formatDuration(clock.remainingMs)}`, remainingMs: clock.remainingMs };
  if (clock.state === 'paused') {
    const who = side === 'team' ? 'customer' : 'you';
    const left = clock.remainingMs > 0 ? ` (${formatRemaining(clock.remainingMs)})` : '';
    return { tone: 'paused', text: `Paused — waiting on ${who}${left}`, remainingMs: clock.remainingMs };
  }
  const remainingMs = clock.dueAt === null ? clock.remainingMs : Math.min(clock.remainingMs, clock.dueAt - now);
  return { tone: runningTone(clock, remainingMs, now), text: formatRemaining(remainingMs), remainingMs };
}

function runningTone(clock: ClockView, remainingMs: number, now: number): ClockTone {
  if (remainingMs <= 0 || clock.level === 'breached') return 'breached';
  if (remainingMs < clock.targetMinutes * minute * 0.1) return 'critical';
  if (clock.level === 'at_risk' || (clock.atRiskAt !== null && now >= clock.atRiskAt)) return 'at_risk';
  return 'ok';
}

/** The clock that matters most now: the first response while it runs, else the resolution. */
export function leadingClock(clocks: { firstResponse: ClockView | null; resolution: ClockView | null }) {
  const { firstResponse, resolution } = clocks;
  if (firstResponse && (firstResponse.state === 'running' || firstResponse.state === 'paused')) return firstResponse;
  return resolution ?? firstResponse;
}
