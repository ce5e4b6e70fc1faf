/**
 * SLA time under a policy: business hours in the policy's own time zone (through both DST changes),
 * weekends, public and listed holidays, and addTime as the exact inverse of elapsed.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessCalendar } from './slaCalendar.ts';
import { defaultSlaPolicy, type SlaPolicy, SlaPolicySchema } from './slaPolicy.ts';

const hour = 3_600_000;

function policy(change: Partial<SlaPolicy> = {}): SlaPolicy {
  return SlaPolicySchema.parse({ ...defaultSlaPolicy, timeZone: 'Europe/Berlin', ...change });
}

/** An instant given as local wall-clock time in a zone, e.g. at('2026-03-27T16:00', 'Europe/Berlin'). */
const at = (local: string, zone = 'Europe/Berlin'): number => DateTime.fromISO(local, { zone }).toMillis();
const utc = (iso: string): number => Date.parse(iso);

describe('businessCalendar in business hours', () => {
  it('counts eight working hours on the days Berlin springs forward and falls back', () => {
    const everyDay = businessCalendar(policy({ workingDays: [1, 2, 3, 4, 5, 6, 7] }));
    for (const day of ['2026-03-29', '2026-10-25']) {
      expect(everyDay.elapsed(at(`${day}T00:00`), at(`${day}T23:59`))).toBe(8 * hour);
    }
    // 09:00 Berlin is 08:00Z before the change and 07:00Z after it.
    expect(everyDay.addTime(at('2026-03-28T16:00'), 2 * hour)).toBe(utc('2026-03-29T08:00:00Z'));
    expect(everyDay.addTime(at('2026-03-29T16:00'), 2 * hour)).toBe(utc('2026-03-30T08:00:00Z'));
    expect(everyDay.addTime(at('2026-10-24T16:00'), 2 * hour)).toBe(utc('2026-10-25T09:00:00Z'));
  });

  it('skips the weekend, also when a DST change falls on it', () => {
    const weekdays = businessCalendar(policy());
    // Friday 16:00 + 2 working hours = Monday 10:00 local, an hour earlier in UTC after spring forward.
    expect(weekdays.addTime(at('2026-03-27T16:00'), 2 * hour)).toBe(utc('2026-03-30T08:00:00Z'));
    expect(weekdays.elapsed(at('2026-03-27T16:00'), at('2026-03-30T10:00'))).toBe(2 * hour);
    expect(weekdays.elapsed(at('2026-03-28T00:00'), at('2026-03-29T23:59'))).toBe(0);
  });

  it('follows America/New_York across its own DST change', () => {
    const newYork = businessCalendar(policy({ timeZone: 'America/New_York' }));
    // Friday 16:00 EST (21:00Z) + 2h = Monday 10:00 EDT (14:00Z).
    expect(newYork.addTime(at('2026-03-06T16:00', 'America/New_York'), 2 * hour)).toBe(utc('2026-03-09T14:00:00Z'));
    expect(newYork.elapsed(utc('2026-10-30T13:00:00Z'), utc('2026-11-02T22:00:00Z'))).toBe(16 * hour);
  });

  it("skips the country's public holidays: DE 25 and 26 December 2026 and 1 January 2027", () => {
    const germany = businessCalendar(policy({ holidays: { country: 'DE', region: null, dates: [] } }));
    const noHolidays = businessCalendar(policy());
    // Thu 24 Dec is a working day in Germany; Fri 25 Dec is not.
    expect(germany.elapsed(at('2026-12-24T09:00'), at('2026-12-28T09:00'))).toBe(8 * hour);
    expect(noHolidays.elapsed(at('2026-12-24T09:00'), at('2026-12-28T09:00'))).toBe(16 * hour);
    expect(germany.elapsed(at('2026-12-31T09:00'), at('2027-01-04T17:00'))).toBe(16 * hour);
    expect(germany.addTime(at('2026-12-31T16:00'), 2 * hour)).toBe(at('2027-01-04T10:00'));
  });

  it("skips a region's own public holiday and a listed custom date", () => {
    // 6 January (Epiphany) is a public holiday in Bavaria but not in Berlin.
    const bavaria = businessCalendar(policy({ holidays: { country: 'DE', region: 'BY', dates: [] } }));
    const berlin = businessCalendar(policy({ holidays: { country: 'DE', region: 'BE', dates: [] } }));
    expect(bavaria.elapsed(at('2026-01-06T00:00'), at('2026-01-07T00:00'))).toBe(0);
    expect(berlin.elapsed(at('2026-01-06T00:00'), at('2026-01-07T00:00'))).toBe(8 * hour);
    const companyDay = businessCalendar(policy({ holidays: { country: null, region: null, dates: ['2026-12-24'] } }));
    expect(companyDay.elapsed(at('2026-12-24T00:00'), at('2026-12-25T00:00'))).toBe(0);
    expect(companyDay.addTime(at('2026-12-23T16:00'), 2 * hour)).toBe(at('2026-12-25T10:00'));
  });

  it('starts counting at the next working moment when started outside working hours', () => {
    const weekdays = businessCalendar(policy());
    expect(weekdays.addTime(at('2026-06-10T07:00'), hour)).toBe(at('2026-06-10T10:00'));
    expect(weekdays.addTime(at('2026-06-10T18:30'), hour)).toBe(at('2026-06-11T10:00'));
    expect(weekdays.addTime(at('2026-06-06T12:00'), hour)).toBe(at('2026-06-08T10:00'));
    expect(weekdays.elapsed(at('2026-06-10T17:00'), at('2026-06-11T09:00'))).toBe(0);
  });

  it('gives up after three years when no working day ever comes', () => {
    const firstMonday = DateTime.fromISO('2026-01-05', { zone: 'UTC' });
    const mondays = Array.from({ length: 170 }, (_, week) => firstMonday.plus({ weeks: week }).toFormat('yyyy-MM-dd'));
    const never = businessCalendar(policy({ workingDays: [1], holidays: { country: null, region: null, dates: [] } }));
    expect(never.addTime(at('2026-01-01T00:00'), hour)).not.toBeNull();
    const allHolidays = businessCalendar(
      policy({ timeZone: 'UTC', workingDays: [1], holidays: { country: null, region: null, dates: mondays } }),
    );
    expect(allHolidays.addTime(utc('2026-01-01T00:00:00Z'), hour)).toBeNull();
  });
});

describe('businessCalendar in calendar time', () => {
  it('counts 24 hours across a DST change as 24 hours, whatever the wall clock shows', () => {
    const calendar = businessCalendar(policy({ hours: 'calendar' }));
    const saturdayNoon = at('2026-03-28T12:00');
    expect(calendar.addTime(saturdayNoon, 24 * hour)).toBe(at('2026-03-29T13:00'));
    expect(calendar.elapsed(at('2026-10-24T12:00'), at('2026-10-25T12:00'))).toBe(25 * hour);
    expect(calendar.elapsed(saturdayNoon, saturdayNoon - hour)).toBe(0);
  });
});

const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'UTC'];
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const policies = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    hours: fc.constantFrom('business' as const, 'calendar' as const),
    startMinute: fc.integer({ min: 0, max: 22 * 60 }),
    length: fc.integer({ min: 15, max: 24 * 60 }),
    workingDays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    country: fc.constantFrom(null, 'DE', 'US', 'FR'),
  })
  .map(({ startMinute, length, country, ...rest }) =>
    policy({
      ...rest,
      workingHours: { start: hhmm(startMinute), end: hhmm(Math.min(24 * 60, startMinute + length)) },
      holidays: { country, region: null, dates: [] },
    }),
  );
const instants = fc.integer({ min: utc('2025-01-01T00:00:00Z'), max: utc('2028-12-31T00:00:00Z') });
const durations = fc.integer({ min: 0, max: 5 * 24 * hour });

describe('businessCalendar properties', () => {
  it('addTime is the inverse of elapsed and never goes back in time', () => {
    fc.assert(
      fc.property(policies, instants, durations, (slaPolicy, from, duration) => {
        const calendar = businessCalendar(slaPolicy);
        const end = calendar.addTime(from, duration);
        fc.pre(end !== null);
        expect(end).toBeGreaterThanOrEqual(from);
        expect(calendar.elapsed(from, end as number)).toBe(duration);
      }),
      { numRuns: 150 },
    );
  });

  it('elapsed time adds up over consecutive spans and never exceeds wall-clock time', () => {
    fc.assert(
      fc.property(policies, instants, durations, durations, (slaPolicy, from, first, second) => {
        const calendar = businessCalendar(slaPolicy);
        const [middle, to] = [from + first, from + first + second];
        const total = calendar.elapsed(from, to);
        expect(calendar.elapsed(from, middle) + calendar.elapsed(middle, to)).toBe(total);
        expect(total).toBeLessThanOrEqual(to - from);
      }),
      { numRuns: 150 },
    );
  });
});

describe('businessCalendar shared per policy', () => {
  it('is one calendar per policy object, whose remembered days answer as freshly computed ones', () => {
    const shared = policy({ holidays: { country: 'DE', region: 'BY', dates: ['2026-12-23'] } });
    expect(businessCalendar(shared)).toBe(businessCalendar(shared));
    const warm = businessCalendar(shared);
    // Walk the whole of December once so every day is remembered, then compare with a fresh calendar.
    warm.elapsed(at('2026-12-01T00:00'), at('2027-01-01T00:00'));
    const fresh = businessCalendar(policy({ holidays: { country: 'DE', region: 'BY', dates: ['2026-12-23'] } }));
    expect(fresh).not.toBe(warm);
    for (const [from, to] of [
      ['2026-12-22T10:00', '2026-12-28T12:00'],
      ['2026-12-24T00:00', '2026-12-27T23:00'],
      ['2026-12-01T08:00', '2026-12-31T18:00'],
    ] as const) {
      expect(warm.elapsed(at(from), at(to))).toBe(fresh.elapsed(at(from), at(to)));
      expect(warm.addTime(at(from), 20 * hour)).toBe(fresh.addTime(at(from), 20 * hour));
    }
    // 22 Dec (Tue) 10:00 → 28 Dec (Mon) 12:00: 7 h on the 22nd, the 23rd listed off, 8 h on the 24th (a
    // bank holiday, not a public one), the 25th a public holiday, the weekend, then 3 h on Monday.
    expect(warm.elapsed(at('2026-12-22T10:00'), at('2026-12-28T12:00'))).toBe(18 * hour);
  });
});
