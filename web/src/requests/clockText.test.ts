import type { ClockView } from '@atrium/shared/model/requests.ts';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatRemaining, leadingClock, readClock } from './clockText.ts';

const minute = 60_000;
const hour = 60 * minute;
const now = Date.UTC(2026, 11, 7, 12, 0);

function clock(change: Partial<ClockView> = {}): ClockView {
  return {
    kind: 'first_response',
    targetMinutes: 480,
    state: 'running',
    level: 'ok',
    remainingMs: 5 * hour,
    dueAt: now + 5 * hour,
    atRiskAt: now + 3.4 * hour,
    pausedReason: null,
    stoppedAt: null,
    computedAt: now,
    ...change,
  };
}

describe('formatRemaining', () => {
  it('says minutes, hours with padded minutes, and days with hours', () => {
    expect(formatRemaining(45 * minute)).toBe('45m left');
    expect(formatRemaining(2 * hour + 5 * minute)).toBe('2h 05m left');
    expect(formatRemaining(3 * 24 * hour + 4 * hour + 59 * minute)).toBe('3d 4h left');
    expect(formatRemaining(2 * 24 * hour)).toBe('2d left');
  });

  it('says how far past its target a clock is', () => {
    expect(formatRemaining(-(hour + 10 * minute))).toBe('1h 10m overdue');
    expect(formatRemaining(-30_000)).toBe('under a minute overdue');
  });

  it('never shows seconds: under a minute is said in words', () => {
    expect(formatDuration(59_999)).toBe('under a minute');
    expect(formatDuration(60_000)).toBe('1m');
  });
});

describe('readClock', () => {
  it('counts down towards dueAt between server answers', () => {
    expect(readClock(clock(), now + hour, 'team')).toMatchObject({ tone: 'ok', text: '4h 00m left' });
  });

  it('keeps business time that stands still overnight: the smaller of working time left and time until due', () => {
    const overnight = clock({ remainingMs: 2 * hour, dueAt: now + 16 * hour, atRiskAt: null, level: 'at_risk' });
    expect(readClock(overnight, now + hour, 'team')).toMatchObject({ tone: 'at_risk', text: '2h 00m left' });
  });

  it('turns at risk when atRiskAt passes, orange in the last tenth, and breached at dueAt', () => {
    expect(readClock(clock(), now + 3.5 * hour, 'team').tone).toBe('at_risk');
    expect(readClock(clock(), now + 4.5 * hour, 'team').tone).toBe('critical');
    expect(readClock(clock(), now + 5 * hour, 'team')).toMatchObject({
      tone: 'breached',
      text: 'under a minute overdue',
    });
    expect(readClock(clock(), now + 7 * hour, 'team').text).toBe('2h 00m overdue');
  });

  it('words a pause for the side that reads it and does not count down', () => {
    const paused = clock({ state: 'paused', dueAt: null, atRiskAt: null, pausedReason: 'waiting_on_customer' });
    expect(readClock(paused, now + 10 * hour, 'team').text).toBe('Paused — waiting on customer (5h 00m left)');
    expect(readClock(paused, now + 10 * hour, 'customer').text).toBe('Paused — waiting on you (5h 00m left)');
  });

  it('says met or missed once the clock stopped', () => {
    expect(readClock(clock({ state: 'met', dueAt: null }), now, 'customer').text).toBe('Met');
    const missed = clock({ state: 'missed', level: 'breached', remainingMs: -90 * minute, dueAt: null });
    expect(readClock(missed, now, 'customer')).toMatchObject({ tone: 'missed', text: 'Missed by 1h 30m' });
  });
});

describe('leadingClock', () => {
  it('is the first response while it runs, then the resolution', () => {
    const firstResponse = clock();
    const resolution = clock({ kind: 'resolution' });
    expect(leadingClock({ firstResponse, resolution })).toBe(firstResponse);
    expect(leadingClock({ firstResponse: { ...firstResponse, state: 'met' }, resolution })).toBe(resolution);
    expect(leadingClock({ firstResponse: null, resolution: null })).toBeNull();
  });
});
