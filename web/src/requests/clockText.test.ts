import type { ClockView } from '@atrium/shared/model/requests.ts';
import { describe, expect, it } from 'vitest';
import { formatSpan, levelAt, readClock } from './clockText.ts';

const now = Date.UTC(2026, 0, 5, 10, 0);
const minute = 60_000;

function clock(overrides: Partial<ClockView> = {}): ClockView {
  return {
    kind: 'first_response',
    targetMinutes: 60,
    state: 'running',
    level: 'ok',
    remainingMs: 30 * minute,
    dueAt: now + 30 * minute,
    atRiskAt: now + 18 * minute,
    pausedReason: null,
    stoppedAt: null,
    computedAt: now,
    ...overrides,
  };
}

describe('readClock', () => {
  it('counts a running clock down to its due time', () => {
    expect(readClock(clock(), now, 'you').text).toBe('30m left');
    expect(readClock(clock(), now + 10 * minute, 'you').text).toBe('20m left');
  });

  it('turns at risk when the at-risk moment passes and breached after the due time, without the server', () => {
    expect(levelAt(clock(), now)).toBe('ok');
    expect(levelAt(clock(), now + 20 * minute)).toBe('at_risk');
    const late = readClock(clock(), now + 95 * minute, 'you');
    expect(late.level).toBe('breached');
    expect(late.text).toBe('Breached 1h 5m ago');
  });

  it('never lowers the level the server computed', () => {
    expect(levelAt(clock({ level: 'breached', dueAt: now + hourMs(5) }), now)).toBe('breached');
  });

  it('shows a paused clock with whom it waits on and the time it keeps', () => {
    const paused = readClock(
      clock({ state: 'paused', dueAt: null, atRiskAt: null, pausedReason: 'waiting_on_customer' }),
      now + hourMs(3),
      'Acme Corp',
    );
    expect(paused.text).toBe('Paused — waiting on Acme Corp');
    expect(paused.detail).toBe('30m left when it resumes');
  });

  it('a stopped clock says met or missed and no longer counts', () => {
    expect(readClock(clock({ state: 'met', dueAt: null }), now + hourMs(9), 'you').text).toBe('Met');
    const missed = readClock(clock({ state: 'missed', level: 'breached', dueAt: null }), now, 'you');
    expect(missed.text).toBe('Missed');
    expect(missed.level).toBe('breached');
  });
});

describe('formatSpan', () => {
  it('reads like a clock face', () => {
    expect(formatSpan(20_000)).toBe('under a minute');
    expect(formatSpan(45 * minute)).toBe('45m');
    expect(formatSpan(hourMs(2) + 15 * minute)).toBe('2h 15m');
    expect(formatSpan(hourMs(2))).toBe('2h');
    expect(formatSpan(hourMs(76))).toBe('3d 4h');
    expect(formatSpan(-hourMs(1))).toBe('1h');
  });
});

function hourMs(hours: number): number {
  return hours * 60 * minute;
}
