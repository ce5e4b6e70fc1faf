/**
 * What a request's SLA clock says at a moment. The server computes each clock (`ClockView`); between
 * its updates the browser only counts down to the clock's `dueAt` and turns it at risk or breached
 * when `atRiskAt` or `dueAt` pass — it never recomputes business hours or pauses itself.
 */
import type { ClockView } from '@atrium/shared/model/requests.ts';

export type ClockLevel = ClockView['level'];

export type ClockReading = {
  /** "First response" or "Resolution". */
  label: string;
  level: ClockLevel;
  state: ClockView['state'];
  /** The short status: "2h 15m left", "Breached 40m ago", "Met", "Paused — waiting on you". */
  text: string;
  /** One more line where it helps: the time left while paused, or when it was met. */
  detail: string | null;
};

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const levelRank: Record<ClockLevel, number> = { ok: 0, at_risk: 1, breached: 2 };

export const clockLabels: Record<ClockView['kind'], string> = {
  first_response: 'First response',
  resolution: 'Resolution',
};

/** A span of time as people say it on a clock face: "3d 4h", "2h 15m", "45m", "under a minute". */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < minute) return 'under a minute';
  const days = Math.floor(abs / day);
  const hours = Math.floor((abs % day) / hour);
  const minutes = Math.floor((abs % hour) / minute);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}

/** The time left on a running clock now: from its due time, else from what the server computed. */
export function remainingAt(clock: ClockView, now: number): number {
  if (clock.state !== 'running') return clock.remainingMs;
  return clock.dueAt !== null ? clock.dueAt - now : clock.remainingMs - (now - clock.computedAt);
}

/** The level now: the server's, raised (never lowered) as the due and at-risk moments pass. */
export function levelAt(clock: ClockView, now: number): ClockLevel {
  if (clock.state !== 'running') return clock.level;
  let local: ClockLevel = 'ok';
  if (remainingAt(clock, now) < 0) local = 'breached';
  else if (clock.atRiskAt !== null && now >= clock.atRiskAt) local = 'at_risk';
  return levelRank[local] > levelRank[clock.level] ? local : clock.level;
}

/** `side` words the pause: the customer reads "waiting on you", the team "waiting on <customer>". */
export function readClock(clock: ClockView, now: number, waitingOn: string): ClockReading {
  const label = clockLabels[clock.kind];
  const level = levelAt(clock, now);
  const base = { label, level, state: clock.state };
  switch (clock.state) {
    case 'met':
      return { ...base, text: 'Met', detail: null };
    case 'missed':
      return { ...base, text: 'Missed', detail: `Target was ${formatSpan(clock.targetMinutes * minute)}` };
    case 'paused':
      return {
        ...base,
        text: `Paused — waiting on ${waitingOn}`,
        detail:
          clock.remainingMs >= 0
            ? `${formatSpan(clock.remainingMs)} left when it resumes`
            : `Breached ${formatSpan(clock.remainingMs)} over target`,
      };
    case 'running': {
      const left = remainingAt(clock, now);
      return {
        ...base,
        text: left >= 0 ? `${formatSpan(left)} left` : `Breached ${formatSpan(left)} ago`,
        detail: null,
      };
    }
  }
}
