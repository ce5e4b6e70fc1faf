/**
 * The two SLA clocks of one request (first response, resolution), derived from its recorded status
 * history and first team reply — never from a running timer — so the server can recompute them at any
 * `now`, after a restart, and both sides see the same numbers. Time is counted by the policy's calendar;
 * waiting on the customer pauses both clocks (the pause reason is shown to both sides).
 *
 * The resolution clock is total resolution time: a reopen continues the same clock (the time the request
 * sat resolved does not count) and bumps `cycle`, so escalation, which records one row per
 * (request, kind, level, cycle), can tell a reopened request's thresholds from the first ones.
 */
import { businessCalendar } from './slaCalendar.ts';
import type { SlaPolicy } from './slaPolicy.ts';

export type RequestStatus = 'new' | 'in_progress' | 'waiting_on_customer' | 'resolved' | 'closed';
export type StatusChange = { at: number; status: RequestStatus };
export type ClockInput = {
  /** In order; the first entry is the creation (status 'new', at = receivedAt). */
  history: StatusChange[];
  /** The first team message in the client thread. */
  firstResponseAt: number | null;
  target: { firstResponseMinutes: number | null; resolutionMinutes: number | null };
  policy: SlaPolicy;
  now: number;
};
export type ClockLevel = 'ok' | 'at_risk' | 'breached';
export type Clock = {
  kind: 'first_response' | 'resolution';
  targetMinutes: number;
  state: 'running' | 'paused' | 'met' | 'missed';
  level: ClockLevel;
  elapsedMs: number;
  remainingMs: number;
  /** When elapsed time reaches the target if the clock keeps running (in the past once breached). */
  dueAt: number | null;
  /** When it becomes at risk if it keeps running; null once at risk, or when paused or stopped. */
  atRiskAt: number | null;
  pausedReason: 'waiting_on_customer' | null;
  stoppedAt: number | null;
  cycle: number;
};

type Segment = { from: number; to: number; status: RequestStatus };

const isStopped = (status: RequestStatus) => status === 'resolved' || status === 'closed';
const minuteMs = 60_000;

/** The history as consecutive spans up to `now`; changes recorded after `now` have not happened yet. */
function segmentsUntil(history: StatusChange[], now: number): Segment[] {
  const creation = history[0];
  if (!creation) throw new Error('A request history must start with its creation.');
  const past = history.filter((change) => change.at <= now);
  return past.map((change, index) => ({
    from: change.at,
    to: Math.max(change.at, past[index + 1]?.at ?? now),
    status: change.status,
  }));
}

/** Clips the spans at `stopAt` (the spans after it are dropped, the one holding it is cut). */
function clipAt(segments: Segment[], stopAt: number): Segment[] {
  return segments.filter((s) => s.from < stopAt).map((s) => ({ ...s, to: Math.min(s.to, stopAt) }));
}

function buildClock(
  kind: Clock['kind'],
  targetMinutes: number,
  counted: Segment[],
  current: { state: 'running' | 'paused' | 'stopped'; stoppedAt: number | null; cycle: number },
  input: ClockInput,
): Clock {
  const calendar = businessCalendar(input.policy);
  const targetMs = targetMinutes * minuteMs;
  // 600 · percent per minute: an exact integer, so "at risk" and atRiskAt agree to the millisecond.
  const atRiskMs = targetMinutes * 600 * input.policy.atRiskPercent;
  const running = counted.filter((s) => s.status === 'new' || s.status === 'in_progress');
  const elapsedMs = running.reduce((sum, s) => sum + calendar.elapsed(s.from, s.to), 0);
  const level: ClockLevel = elapsedMs > targetMs ? 'breached' : elapsedMs >= atRiskMs ? 'at_risk' : 'ok';
  const isRunning = current.state === 'running';

  // A breached clock's due instant lies in its history: the moment the running spans used up the target.
  const reachedAt = (amountMs: number): number | null => {
    let used = 0;
    for (const s of running) {
      const span = calendar.elapsed(s.from, s.to);
      if (used + span >= amountMs) return calendar.addTime(s.from, amountMs - used);
      used += span;
    }
    return calendar.addTime(input.now, amountMs - used);
  };

  return {
    kind,
    targetMinutes,
    state: current.state === 'stopped' ? (level === 'breached' ? 'missed' : 'met') : current.state,
    level,
    elapsedMs,
    remainingMs: targetMs - elapsedMs,
    dueAt: isRunning ? reachedAt(targetMs) : null,
    atRiskAt: isRunning && level === 'ok' ? calendar.addTime(input.now, atRiskMs - elapsedMs) : null,
    pausedReason: current.state === 'paused' ? 'waiting_on_customer' : null,
    stoppedAt: current.stoppedAt,
    cycle: current.cycle,
  };
}

function firstResponseClock(input: ClockInput, segments: Segment[], targetMinutes: number): Clock {
  // Resolving or closing a request that was never answered counts as its response: nobody is waiting
  // for a first reply to a request the team has already settled.
  const settledAt = segments.find((s) => isStopped(s.status))?.from ?? null;
  const respondedAt =
    input.firstResponseAt !== null && input.firstResponseAt <= input.now ? input.firstResponseAt : null;
  const candidates = [settledAt, respondedAt].filter((at): at is number => at !== null);
  const stoppedAt = candidates.length > 0 ? Math.max(Math.min(...candidates), segments[0]?.from ?? 0) : null;
  const counted = stoppedAt === null ? segments : clipAt(segments, stoppedAt);
  const last = segments.at(-1);
  const state = stoppedAt !== null ? 'stopped' : last?.status === 'waiting_on_customer' ? 'paused' : 'running';
  return buildClock('first_response', targetMinutes, counted, { state, stoppedAt, cycle: 0 }, input);
}

function resolutionClock(input: ClockInput, segments: Segment[], targetMinutes: number): Clock {
  let cycle = 0;
  let stoppedAt: number | null = null;
  let wasStopped = false;
  for (const s of segments) {
    if (wasStopped && !isStopped(s.status)) cycle += 1; // a reopen continues the same clock
    if (!wasStopped && isStopped(s.status)) stoppedAt = s.from; // resolved → closed keeps the resolve time
    wasStopped = isStopped(s.status);
  }
  const status = segments.at(-1)?.status ?? 'new';
  const state = isStopped(status) ? 'stopped' : status === 'waiting_on_customer' ? 'paused' : 'running';
  return buildClock(
    'resolution',
    targetMinutes,
    segments,
    { state, stoppedAt: state === 'stopped' ? stoppedAt : null, cycle },
    input,
  );
}

export function requestClocks(input: ClockInput): { firstResponse: Clock | null; resolution: Clock | null } {
  const segments = segmentsUntil(input.history, input.now);
  const { firstResponseMinutes, resolutionMinutes } = input.target;
  return {
    firstResponse: firstResponseMinutes === null ? null : firstResponseClock(input, segments, firstResponseMinutes),
    resolution: resolutionMinutes === null ? null : resolutionClock(input, segments, resolutionMinutes),
  };
}
