import { describe, expect, it } from 'vitest';
import { type Clock, requestClocks } from './slaClock.ts';
import { defaultSlaPolicy } from './slaPolicy.ts';
import { median, percentile, type ReportEntry, reportRange, slaFigures } from './slaReport.ts';

const minute = 60_000;
const at = (iso: string) => Date.parse(iso);

function clock(kind: Clock['kind'], state: Clock['state'], elapsedMinutes: number, targetMinutes = 60): Clock {
  const elapsedMs = elapsedMinutes * minute;
  return {
    kind,
    targetMinutes,
    state,
    level: elapsedMs > targetMinutes * minute ? 'breached' : 'ok',
    elapsedMs,
    remainingMs: targetMinutes * minute - elapsedMs,
    dueAt: null,
    atRiskAt: null,
    pausedReason: state === 'paused' ? 'waiting_on_customer' : null,
    stoppedAt: null,
    cycle: 0,
  };
}

const entry = (
  receivedAt: string,
  first: [Clock['state'], number] | null,
  resolution: [Clock['state'], number] | null,
): ReportEntry => ({
  receivedAt: at(receivedAt),
  firstResponse: first && clock('first_response', ...first),
  resolution: resolution && clock('resolution', ...resolution),
});

describe('median and p90', () => {
  it('are null without values', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 90)).toBeNull();
  });

  it('median: the middle value of an odd count, the mean of the two middle ones of an even count', () => {
    expect(median([7])).toBe(7);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('p90 is the nearest rank: the smallest value with at least 90% at or below it', () => {
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2], 90)).toBe(2);
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile([...ten, 11], 90)).toBe(10);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        90,
      ),
    ).toBe(18);
  });
});

describe('the report range', () => {
  const now = at('2026-12-07T13:00:00Z');

  it('defaults to the last 30 days up to today (UTC)', () => {
    expect(reportRange({}, now)).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(reportRange({ to: '2026-02-10' }, now)).toEqual({ from: '2026-01-12', to: '2026-02-10' });
  });

  it('refuses invalid days, from after to and ranges over a year', () => {
    expect(() => reportRange({ from: 'yesterday' }, now)).toThrow(/“from” must be a date/);
    expect(() => reportRange({ to: '2026-02-30' }, now)).toThrow(/“to” must be a date/);
    expect(() => reportRange({ from: '2026-12-08', to: '2026-12-07' }, now)).toThrow(/must not be after/);
    expect(() => reportRange({ from: '2025-01-01', to: '2026-12-07' }, now)).toThrow(/at most 366 days/);
    expect(reportRange({ from: '2026-12-07', to: '2026-12-07' }, now)).toEqual({
      from: '2026-12-07',
      to: '2026-12-07',
    });
  });
});

describe('SLA figures', () => {
  const range = { from: '2026-11-02', to: '2026-11-15' }; // two ISO weeks, Monday to Sunday

  it('counts met, breached (stopped late, or running past the target) and running, per clock', () => {
    const figures = slaFigures(
      [
        entry('2026-11-02T09:00:00Z', ['met', 10], ['met', 50]),
        entry('2026-11-03T09:00:00Z', ['missed', 90], ['running', 20]),
        entry('2026-11-04T09:00:00Z', ['met', 30], ['running', 75]), // running past its target: breached
        entry('2026-11-10T09:00:00Z', ['paused', 5], ['paused', 5]),
        entry('2026-11-11T09:00:00Z', null, null), // the policy sets no target
      ],
      range,
    );
    expect(figures.requests).toBe(5);
    expect(figures.firstResponse).toEqual({
      met: 2,
      breached: 1,
      running: 1,
      medianMs: 30 * minute,
      p90Ms: 90 * minute,
    });
    expect(figures.resolution).toEqual({ met: 1, breached: 1, running: 2, medianMs: 50 * minute, p90Ms: 50 * minute });
    expect(figures.weeks).toEqual([
      {
        weekStart: '2026-11-02',
        firstResponseMet: 2,
        firstResponseBreached: 1,
        resolutionMet: 1,
        resolutionBreached: 1,
      },
      {
        weekStart: '2026-11-09',
        firstResponseMet: 0,
        firstResponseBreached: 0,
        resolutionMet: 0,
        resolutionBreached: 0,
      },
    ]);
  });

  it('takes requests by when they were asked: the first and last day are in, the days around are out', () => {
    const figures = slaFigures(
      [
        entry('2026-11-01T23:59:59Z', ['met', 1], null),
        entry('2026-11-02T00:00:00Z', ['met', 2], null),
        entry('2026-11-15T23:59:59Z', ['missed', 61], null),
        entry('2026-11-16T00:00:00Z', ['met', 4], null),
      ],
      range,
    );
    expect(figures.requests).toBe(2);
    expect(figures.firstResponse).toMatchObject({ met: 1, breached: 1, medianMs: 31.5 * minute, p90Ms: 61 * minute });
    expect(figures.weeks.map((week) => [week.firstResponseMet, week.firstResponseBreached])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('lists every week the range touches, empty ones included, starting on the Monday', () => {
    const figures = slaFigures([], { from: '2026-11-04', to: '2026-11-23' });
    expect(figures.weeks.map((week) => week.weekStart)).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
    expect(figures.firstResponse).toEqual({ met: 0, breached: 0, running: 0, medianMs: null, p90Ms: null });
  });

  it('agrees with the request clocks: a pause while waiting on the customer is not counted', () => {
    const receivedAt = at('2026-11-03T10:00:00Z');
    const policy = { ...defaultSlaPolicy, hours: 'calendar' as const };
    const clocks = requestClocks({
      history: [
        { at: receivedAt, status: 'new' },
        { at: receivedAt + 20 * minute, status: 'waiting_on_customer' },
        { at: receivedAt + 500 * minute, status: 'in_progress' },
        { at: receivedAt + 530 * minute, status: 'resolved' },
      ],
      firstResponseAt: receivedAt + 15 * minute,
      target: { firstResponseMinutes: 60, resolutionMinutes: 120 },
      policy,
      now: receivedAt + 600 * minute,
    });
    const figures = slaFigures([{ receivedAt, ...clocks }], range);
    expect(figures.firstResponse).toMatchObject({ met: 1, medianMs: 15 * minute });
    expect(figures.resolution).toMatchObject({ met: 1, breached: 0, medianMs: 50 * minute });
  });
});
