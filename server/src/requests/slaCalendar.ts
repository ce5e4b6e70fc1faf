/**
 * How much SLA time lies between two instants under a policy, and when a given amount of it will have
 * elapsed. Calendar mode is plain wall-clock time; business mode counts only each working day's working
 * hours in the policy's time zone, skipping the country/region's public holidays and the listed dates.
 * Pure: instants are epoch milliseconds passed in, never read from the clock, so the SLA clocks built on
 * this are reproducible (the server recomputes them from history, across restarts).
 *
 * Working intervals are built per local day with Luxon, so a DST change moves the UTC instants of
 * 09:00–17:00 but never the eight hours between them; holidays come from date-holidays, not a hand list.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { SlaPolicy } from './slaPolicy.ts';

export type BusinessCalendar = {
  /** Milliseconds of SLA time in [fromMs, toMs); 0 when toMs <= fromMs. */
  elapsed(fromMs: number, toMs: number): number;
  /**
   * The earliest instant at which durationMs of SLA time has elapsed since fromMs; null when that lies
   * more than three years ahead (a policy whose working days are all holidays would otherwise loop forever).
   */
  addTime(fromMs: number, durationMs: number): number | null;
};

const searchLimitMs = 3 * 366 * 24 * 60 * 60 * 1000;

// Constructing a date-holidays instance parses the country's rules; share one per (country, region) and
// the set of its public holiday dates per year across every calendar in the process.
const holidayInstances = new Map<string, Holidays>();
const publicHolidayDates = new Map<string, ReadonlySet<string>>();

function publicHolidays(country: string, region: string | null, year: number): ReadonlySet<string> {
  const key = `${country}/${region ?? ''}`;
  const cached = publicHolidayDates.get(`${key}/${year}`);
  if (cached) return cached;
  let instance = holidayInstances.get(key);
  if (!instance) {
    instance = region === null ? new Holidays(country) : new Holidays(country, region);
    holidayInstances.set(key, instance);
  }
  // A holiday's `date` is its local calendar date ('YYYY-MM-DD hh:mm:ss'); banks' and schools' days off
  // and observances are not days the team is off, so only 'public' ones pause business time.
  const dates = new Set(
    instance
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .map((holiday) => holiday.date.slice(0, 10)),
  );
  publicHolidayDates.set(`${key}/${year}`, dates);
  return dates;
}

const minutesOfDay = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

// One calendar (and so one memo of its days) per policy object: the clocks of every request under a
// policy, loaded together, share it.
const calendars = new WeakMap<SlaPolicy, BusinessCalendar>();

export function businessCalendar(policy: SlaPolicy): BusinessCalendar {
  let calendar = calendars.get(policy);
  if (!calendar) {
    calendar = buildCalendar(policy);
    calendars.set(policy, calendar);
  }
  return calendar;
}

function buildCalendar(policy: SlaPolicy): BusinessCalendar {
  if (policy.hours === 'calendar') {
    return {
      elapsed: (fromMs, toMs) => Math.max(0, toMs - fromMs),
      addTime: (fromMs, durationMs) => fromMs + Math.max(0, durationMs),
    };
  }
  const zone = policy.timeZone;
  const startMinute = minutesOfDay(policy.workingHours.start);
  const endMinute = minutesOfDay(policy.workingHours.end);
  const workingDays = new Set(policy.workingDays);
  const extraHolidays = new Set(policy.holidays.dates);
  const { country, region } = policy.holidays;

  const isWorkingDay = (day: DateTime): boolean => {
    if (!workingDays.has(day.weekday)) return false;
    const date = day.toISODate() ?? '';
    if (extraHolidays.has(date)) return false;
    return country === null || !publicHolidays(country, region, day.year).has(date);
  };

  // The local instant `minute` minutes into `day`; Luxon resolves a time inside a DST gap forward, and
  // 24:00 is the next day's midnight.
  const atMinute = (day: DateTime, minute: number): number =>
    minute === 24 * 60
      ? day.plus({ days: 1 }).startOf('day').toMillis()
      : day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();

  /**
   * A local day by its first instant: its working interval (null on a day off) and the next day's
   * first instant. Memoised per calendar: a queue computes thousands of clocks over the same few weeks
   * of days, and Luxon's zone arithmetic per day is what costs.
   */
  type Day = { interval: [number, number] | null; next: number };
  const days = new Map<number, Day>();
  const dayAt = (startMs: number): Day => {
    let known = days.get(startMs);
    if (!known) {
      const day = DateTime.fromMillis(startMs, { zone });
      known = {
        interval: isWorkingDay(day) ? [atMinute(day, startMinute), atMinute(day, endMinute)] : null,
        next: day.plus({ days: 1 }).startOf('day').toMillis(),
      };
      days.set(startMs, known);
    }
    return known;
  };

  // Each day's working interval lies within that local day, so walking days from the one holding fromMs
  // visits every interval that can overlap [fromMs, …). Yields each day's first instant.
  function* daysFrom(fromMs: number): Generator<{ start: number; day: Day }> {
    let start = DateTime.fromMillis(fromMs, { zone }).startOf('day').toMillis();
    while (true) {
      const day = dayAt(start);
      yield { start, day };
      start = day.next;
    }
  }

  return {
    elapsed(fromMs, toMs) {
      let total = 0;
      for (const { start, day } of daysFrom(fromMs)) {
        if (start >= toMs) break;
        const interval = day.interval;
        if (!interval) continue;
        const overlap = Math.min(interval[1], toMs) - Math.max(interval[0], fromMs);
        if (overlap > 0) total += overlap;
      }
      return total;
    },
    addTime(fromMs, durationMs) {
      if (durationMs <= 0) return fromMs;
      let remaining = durationMs;
      for (const { start: dayStart, day } of daysFrom(fromMs)) {
        if (dayStart - fromMs > searchLimitMs) return null;
        const interval = day.interval;
        if (!interval) continue;
        const start = Math.max(interval[0], fromMs);
        const available = interval[1] - start;
        if (available <= 0) continue;
        if (remaining <= available) return start + remaining;
        remaining -= available;
      }
      return null; // unreachable: daysFrom never ends; the limit above returns first
    },
  };
}
