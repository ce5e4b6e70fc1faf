/**
 * The SLA report of a project, a customer organisation or a workspace over a range of days: how many
 * requests met or breached their first-response and resolution targets, the median and 90th
 * percentile of the time each took, and a per-week series for the chart. Every figure comes from the
 * same clocks the requests show (`requestClocks.ts` over the recorded history and the effective
 * policy), so the report never disagrees with a request's own clock.
 *
 * Counting rules, so the numbers can be checked by hand:
 * - A request belongs to the range (and to a week) by when the customer asked (`received_at`); days
 *   and weeks are UTC days and ISO weeks (Monday first).
 * - A clock that stopped within its target is met, past it is breached; a clock still running (or
 *   paused) that has already used up its target is breached too — that is settled — and otherwise it
 *   is counted as running. A clock without a target (the policy sets none) is left out.
 * - Times are the clock's own elapsed time (business hours when the policy says so, pauses while
 *   waiting on the customer excluded), for stopped clocks only. The median of an even count is the
 *   mean of the two middle values; p90 is the nearest-rank percentile (the smallest value with at
 *   least 90% of the values at or below it).
 */

import type { ClockFigures, WeekFigures } from '@atrium/shared/model/slaReport.ts';
import { DateTime } from 'luxon';
import { Invalid } from '../errors.ts';
import type { Db } from '../storage/database.ts';
import { effectivePolicies } from './policyStore.ts';
import { clocksOf, statusHistory } from './requestClocks.ts';
import { eventsOf, type RequestRow } from './requestStore.ts';
import type { Clock } from './slaClock.ts';

/** Inclusive UTC days, `YYYY-MM-DD`. */
export type ReportRange = { from: string; to: string };
export type SlaFigures = {
  requests: number;
  firstResponse: ClockFigures;
  resolution: ClockFigures;
  weeks: WeekFigures[];
};
export type { ClockFigures, WeekFigures };
export type SlaReport = ReportRange & SlaFigures;

/** One request as the report sees it: when it was asked and its two clocks now. */
export type ReportEntry = { receivedAt: number; firstResponse: Clock | null; resolution: Clock | null };
type Outcome = { result: 'met' | 'breached' | 'running'; timeMs: number | null };

export const defaultRangeDays = 30;
export const longestRangeDays = 366;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(text: string, name: 'from' | 'to'): DateTime {
  const day = dayPattern.test(text) ? DateTime.fromISO(text, { zone: 'utc' }) : null;
  if (!day?.isValid) throw Invalid(`“${name}” must be a date written as YYYY-MM-DD, like 2026-03-31; got “${text}”.`);
  return day;
}

/**
 * The range asked for, validated: both days optional (`to` defaults to today, `from` to 30 days up
 * to `to`), `from` not after `to`, at most a year long.
 */
export function reportRange(query: { from?: string | undefined; to?: string | undefined }, now: number): ReportRange {
  const to = query.to ? parseDay(query.to, 'to') : DateTime.fromMillis(now, { zone: 'utc' }).startOf('day');
  const from = query.from ? parseDay(query.from, 'from') : to.minus({ days: defaultRangeDays - 1 });
  if (from > to) throw Invalid('“from” must not be after “to”.');
  if (to.diff(from, 'days').days + 1 > longestRangeDays)
    throw Invalid(`A report covers at most ${longestRangeDays} days; choose a shorter range.`);
  return { from: from.toISODate() as string, to: to.toISODate() as string };
}

/** The range as milliseconds: from the start of `from` up to (not including) the day after `to`. */
export function rangeBounds(range: ReportRange): { start: number; end: number } {
  const start = DateTime.fromISO(range.from, { zone: 'utc' });
  const end = DateTime.fromISO(range.to, { zone: 'utc' }).plus({ days: 1 });
  return { start: start.toMillis(), end: end.toMillis() };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] as number;
  return ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Nearest-rank percentile (`p` in 0–100]. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function outcomeOf(clock: Clock | null): Outcome | null {
  if (!clock) return null;
  if (clock.state === 'met') return { result: 'met', timeMs: clock.elapsedMs };
  if (clock.state === 'missed') return { result: 'breached', timeMs: clock.elapsedMs };
  return { result: clock.level === 'breached' ? 'breached' : 'running', timeMs: null };
}

function clockFigures(outcomes: Outcome[]): ClockFigures {
  const times = outcomes.flatMap((outcome) => (outcome.timeMs === null ? [] : [outcome.timeMs]));
  return {
    met: outcomes.filter((outcome) => outcome.result === 'met').length,
    breached: outcomes.filter((outcome) => outcome.result === 'breached').length,
    running: outcomes.filter((outcome) => outcome.result === 'running').length,
    medianMs: median(times),
    p90Ms: percentile(times, 90),
  };
}

const weekOf = (at: number) => DateTime.fromMillis(at, { zone: 'utc' }).startOf('week').toISODate() as string;

/** Every ISO week the range touches, oldest first, empty ones included (the chart's axis). */
function weeksOf(range: ReportRange): WeekFigures[] {
  const weeks: WeekFigures[] = [];
  const last = DateTime.fromISO(range.to, { zone: 'utc' });
  for (let week = DateTime.fromISO(range.from, { zone: 'utc' }).startOf('week'); week <= last; ) {
    weeks.push({
      weekStart: week.toISODate() as string,
      firstResponseMet: 0,
      firstResponseBreached: 0,
      resolutionMet: 0,
      resolutionBreached: 0,
    });
    week = week.plus({ weeks: 1 });
  }
  return weeks;
}

/** The figures of the entries asked within the range (entries outside it are ignored). */
export function slaFigures(entries: readonly ReportEntry[], range: ReportRange): SlaFigures {
  const { start, end } = rangeBounds(range);
  const inRange = entries.filter((entry) => entry.receivedAt >= start && entry.receivedAt < end);
  const weeks = weeksOf(range);
  const byWeek = new Map(weeks.map((week) => [week.weekStart, week]));
  const first: Outcome[] = [];
  const resolution: Outcome[] = [];
  for (const entry of inRange) {
    const week = byWeek.get(weekOf(entry.receivedAt)) as WeekFigures;
    const firstOutcome = outcomeOf(entry.firstResponse);
    const resolutionOutcome = outcomeOf(entry.resolution);
    if (firstOutcome) {
      first.push(firstOutcome);
      if (firstOutcome.result === 'met') week.firstResponseMet += 1;
      if (firstOutcome.result === 'breached') week.firstResponseBreached += 1;
    }
    if (resolutionOutcome) {
      resolution.push(resolutionOutcome);
      if (resolutionOutcome.result === 'met') week.resolutionMet += 1;
      if (resolutionOutcome.result === 'breached') week.resolutionBreached += 1;
    }
  }
  return { requests: inRange.length, firstResponse: clockFigures(first), resolution: clockFigures(resolution), weeks };
}

/**
 * The report over the given projects' requests asked within the range, with their clocks as of
 * `now` (the caller has already decided the projects may be reported to whoever asked).
 */
export async function slaReport(
  db: Db,
  projects: ReadonlyArray<{ id: string; workspaceId: string }>,
  range: ReportRange,
  now = Date.now(),
): Promise<SlaReport> {
  const { start, end } = rangeBounds(range);
  const rows: RequestRow[] =
    projects.length === 0
      ? []
      : await db
          .selectFrom('requests')
          .selectAll()
          .where(
            'project_id',
            'in',
            projects.map((project) => project.id),
          )
          .where('received_at', '>=', start)
          .where('received_at', '<', end)
          .execute();
  const [events, policies] = await Promise.all([
    eventsOf(
      db,
      rows.map((row) => row.id),
      ['status'],
    ),
    effectivePolicies(
      db,
      projects.map((project) => ({ projectId: project.id, workspaceId: project.workspaceId })),
    ),
  ]);
  const entries = rows.flatMap((row): ReportEntry[] => {
    const policy = policies.get(row.project_id);
    if (!policy) return [];
    const clocks = clocksOf(row, statusHistory(row, events.get(row.id) ?? []), policy, now);
    return [{ receivedAt: row.received_at, ...clocks }];
  });
  return { ...range, ...slaFigures(entries, range) };
}
