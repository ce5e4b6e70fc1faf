/**
 * The clocks both sides see, derived from a request's history at a controllable `now`: pauses while
 * waiting on the customer, the first reply stopping only the first-response clock, reopen continuing the
 * resolution clock in a new cycle, and the at-risk / breached levels escalation keys on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClockInput, type RequestStatus, requestClocks, type StatusChange } from './slaClock.ts';
import { defaultSlaPolicy, type SlaPolicy } from './slaPolicy.ts';

const minute = 60_000;
const t0 = Date.parse('2026-06-01T00:00:00Z');
const after = (minutes: number) => t0 + minutes * minute;
const calendarTime: SlaPolicy = { ...defaultSlaPolicy, hours: 'calendar' };

function clocks(change: Partial<ClockInput> & { now: number }) {
  return requestClocks({
    history: [{ at: t0, status: 'new' }],
    firstResponseAt: null,
    target: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    policy: calendarTime,
    ...change,
  });
}
const changes = (...steps: [number, RequestStatus][]): StatusChange[] => [
  { at: t0, status: 'new' },
  ...steps.map(([minutes, status]) => ({ at: after(minutes), status })),
];

describe('requestClocks', () => {
  it('pauses both clocks while waiting on the customer, before and after the first reply', () => {
    const history = changes([10, 'waiting_on_customer'], [70, 'in_progress']);
    const paused = clocks({ history, now: after(50) });
    for (const clock of [paused.firstResponse, paused.resolution]) {
      expect(clock).toMatchObject({ state: 'paused', pausedReason: 'waiting_on_customer', elapsedMs: 10 * minute });
      expect(clock).toMatchObject({ dueAt: null, atRiskAt: null, stoppedAt: null });
    }
    const resumed = clocks({ history, now: after(100) });
    expect(resumed.firstResponse).toMatchObject({ state: 'running', pausedReason: null, elapsedMs: 40 * minute });
    expect(resumed.resolution).toMatchObject({ state: 'running', elapsedMs: 40 * minute, dueAt: after(100 + 440) });
  });

  it('stops only the first-response clock at the first team reply', () => {
    const { firstResponse, resolution } = clocks({ firstResponseAt: after(20), now: after(120) });
    expect(firstResponse).toMatchObject({ state: 'met', level: 'ok', elapsedMs: 20 * minute, stoppedAt: after(20) });
    expect(firstResponse).toMatchObject({ remainingMs: 40 * minute, dueAt: null, atRiskAt: null, cycle: 0 });
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 120 * minute, stoppedAt: null });
    expect(resolution).toMatchObject({ dueAt: after(480), atRiskAt: after(384) });
  });

  it('ignores a reply and status changes recorded after now', () => {
    const history = changes([30, 'resolved']);
    const { firstResponse, resolution } = clocks({ history, firstResponseAt: after(20), now: after(10) });
    expect(firstResponse).toMatchObject({ state: 'running', elapsedMs: 10 * minute });
    expect(resolution).toMatchObject({ state: 'running', elapsedMs: 10 * minute });
  });

  it('treats resolving an unanswered request as its response', () => {
    const { firstResponse, resolution } = clocks({ history: changes([30, 'resolved']), now: after(500) });
    expect(firstResponse).toMatchObject({ state: 'met', elapsedMs: 30 * minute, stoppedAt: after(30) });
    expect(resolution).toMatchObject({ state: 'met', elapsedMs: 30 * minute, stoppedAt: after(30), cycle: 0 });
  });

  it('continues the same resolution clock after a reopen, without the time spent resolved, in cycle 1', () => {
    const history = changes([100, 'resolved'], [200, 'closed'], [1000, 'in_progress']);
    const reopened = clocks({ history, firstResponseAt: after(5), now: after(1100) });
    expect(reopened.resolution).toMatchObject({ state: 'running', elapsedMs: 200 * minute, cycle: 1 });
    expect(reopened.resolution).toMatchObject({ stoppedAt: null, dueAt: after(1100 + 280) });
    expect(reopened.firstResponse).toMatchObject({ state: 'met', stoppedAt: after(5), cycle: 0 });
    // Closing after resolving keeps the resolve time as the stop.
    const closed = clocks({ history: history.slice(0, 3), now: after(300) });
    expect(closed.resolution).toMatchObject({ state: 'met', stoppedAt: after(100), cycle: 0 });
    const again = clocks({ history: [...history, { at: after(1300), status: 'resolved' }], now: after(2000) });
    expect(again.resolution).toMatchObject({ state: 'met', elapsedMs: 400 * minute, stoppedAt: after(1300), cycle: 1 });
  });

  it('is at risk from 80% of the target and breached past it', () => {
    expect(clocks({ now: after(48) - 1 }).firstResponse).toMatchObject({ level: 'ok', atRiskAt: after(48) });
    expect(clocks({ now: after(48) }).firstResponse).toMatchObject({ level: 'at_risk', atRiskAt: null });
    expect(clocks({ now: after(60) }).firstResponse).toMatchObject({ level: 'at_risk', remainingMs: 0 });
    const breached = clocks({ now: after(61) }).firstResponse;
    expect(breached).toMatchObject({ state: 'running', level: 'breached', remainingMs: -minute, dueAt: after(60) });
    const custom = clocks({ policy: { ...calendarTime, atRiskPercent: 50 }, now: after(30) });
    expect(custom.firstResponse?.level).toBe('at_risk');
  });

  it('keeps the level a clock stopped at', () => {
    const atRisk = clocks({ firstResponseAt: after(50), now: after(5000) }).firstResponse;
    expect(atRisk).toMatchObject({ state: 'met', level: 'at_risk', elapsedMs: 50 * minute });
    const late = clocks({ firstResponseAt: after(70), now: after(5000) }).firstResponse;
    expect(late).toMatchObject({ state: 'missed', level: 'breached', remainingMs: -10 * minute });
  });

  it('dates dueAt and atRiskAt in business hours, across the weekend', () => {
    const friday = Date.parse('2026-06-05T16:30:00Z');
    const { firstResponse } = requestClocks({
      history: [{ at: friday, status: 'new' }],
      firstResponseAt: null,
      target: { firstResponseMinutes: 60, resolutionMinutes: null },
      policy: defaultSlaPolicy,
      now: friday + 10 * minute,
    });
    expect(firstResponse).toMatchObject({ elapsedMs: 10 * minute, remainingMs: 50 * minute });
    expect(firstResponse?.dueAt).toBe(Date.parse('2026-06-08T09:30:00Z'));
    expect(firstResponse?.atRiskAt).toBe(Date.parse('2026-06-08T09:18:00Z'));
  });

  it('has no clock for a target of null', () => {
    const none = clocks({ target: { firstResponseMinutes: null, resolutionMinutes: null }, now: after(10) });
    expect(none).toEqual({ firstResponse: null, resolution: null });
  });
});

const statuses: RequestStatus[] = ['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'];
const histories = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 3 * 24 * 60 }), status: fc.constantFrom(...statuses) }), {
    maxLength: 8,
  })
  .map((steps) => {
    let at = t0;
    return [
      { at: t0, status: 'new' as const },
      ...steps.map((step) => {
        at += step.gap * minute;
        return { at, status: step.status };
      }),
    ];
  });
const scenarios = fc.record({
  history: histories,
  firstResponseAt: fc.option(fc.integer({ min: t0, max: after(20 * 24 * 60) })),
  policy: fc.constantFrom(defaultSlaPolicy, calendarTime),
  target: fc.record({
    firstResponseMinutes: fc.integer({ min: 1, max: 2000 }),
    resolutionMinutes: fc.integer({ min: 1, max: 20_000 }),
  }),
});
const laterNows = fc.tuple(fc.integer({ min: 0, max: 30 * 24 * 60 }), fc.integer({ min: 0, max: 10 * 24 * 60 }));

describe('requestClocks properties', () => {
  it('never gives back remaining time as now moves on', () => {
    fc.assert(
      fc.property(scenarios, laterNows, (scenario, [first, more]) => {
        const earlier = requestClocks({ ...scenario, now: after(first) });
        const later = requestClocks({ ...scenario, now: after(first + more) });
        for (const kind of ['firstResponse', 'resolution'] as const) {
          expect(later[kind]?.remainingMs).toBeLessThanOrEqual(earlier[kind]?.remainingMs ?? Number.NaN);
        }
      }),
    );
  });

  it('never counts more than the wall-clock time since creation in calendar mode', () => {
    fc.assert(
      fc.property(scenarios, laterNows, (scenario, [elapsed]) => {
        const now = after(elapsed);
        const { firstResponse, resolution } = requestClocks({ ...scenario, policy: calendarTime, now });
        expect(firstResponse?.elapsedMs).toBeLessThanOrEqual(now - t0);
        expect(resolution?.elapsedMs).toBeLessThanOrEqual(now - t0);
      }),
    );
  });

  it("keeps a paused clock's remaining time while now moves on", () => {
    fc.assert(
      fc.property(scenarios, laterNows, (scenario, [wait, more]) => {
        const last = scenario.history.at(-1)?.at ?? t0;
        const history = [...scenario.history, { at: last, status: 'waiting_on_customer' as const }];
        const input = { ...scenario, history, firstResponseAt: null };
        const earlier = requestClocks({ ...input, now: last + wait * minute });
        const later = requestClocks({ ...input, now: last + (wait + more) * minute });
        for (const kind of ['firstResponse', 'resolution'] as const) {
          if (earlier[kind]?.state !== 'paused') continue;
          expect(later[kind]?.remainingMs).toBe(earlier[kind]?.remainingMs);
        }
        expect(later.resolution?.state).toBe('paused');
      }),
    );
  });
});
