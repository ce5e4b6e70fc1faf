/**
 * A policy is what workspace admins type into settings: a wrong one must be refused with a sentence that
 * names the field, and the defaults must be a valid policy.
 */
import { describe, expect, it } from 'vitest';
import { defaultSlaPolicy, SlaPolicySchema, targetFor } from './slaPolicy.ts';

const valid = {
  timeZone: 'Europe/Berlin',
  hours: 'business',
  workingHours: { start: '09:00', end: '17:00' },
  workingDays: [1, 2, 3, 4, 5],
  holidays: { country: 'DE', region: 'BY', dates: ['2026-12-24'] },
  targets: defaultSlaPolicy.targets,
};

/** The messages of a refused policy with `change` applied over the valid one. */
function refusal(change: Record<string, unknown>): string[] {
  const result = SlaPolicySchema.safeParse({ ...valid, ...change });
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe('SlaPolicySchema', () => {
  it('accepts the defaults and fills the at-risk threshold, reopen window and type overrides', () => {
    expect(SlaPolicySchema.parse(defaultSlaPolicy)).toEqual(defaultSlaPolicy);
    expect(defaultSlaPolicy).toMatchObject({
      timeZone: 'UTC',
      hours: 'business',
      workingDays: [1, 2, 3, 4, 5],
      atRiskPercent: 80,
      reopenDays: 7,
    });
    expect(SlaPolicySchema.parse(valid)).toMatchObject({ atRiskPercent: 80, reopenDays: 7, typeTargets: {} });
  });

  it('refuses an unknown time zone, naming it', () => {
    expect(refusal({ timeZone: 'Mars/Olympus' })).toEqual(['Time zone “Mars/Olympus” is not a known time zone.']);
  });

  it('refuses zero, negative and fractional targets', () => {
    const targets = (firstResponseMinutes: number) => ({
      ...valid.targets,
      urgent: { firstResponseMinutes, resolutionMinutes: 480 },
    });
    expect(refusal({ targets: targets(0) })).toEqual(['Targets must be positive numbers of minutes.']);
    expect(refusal({ targets: targets(-5) })).toEqual(['Targets must be positive numbers of minutes.']);
    expect(refusal({ targets: targets(1.5) })).toEqual(['Targets must be whole numbers of minutes.']);
    expect(refusal({ targets: targets(600_000) })).toEqual(['First-response targets can be at most 525,600 minutes.']);
  });

  it('refuses targets that leave a priority out', () => {
    const { low: _low, ...withoutLow } = valid.targets;
    expect(refusal({ targets: withoutLow }).length).toBeGreaterThan(0);
  });

  it('refuses working hours that end before they start or are not times', () => {
    expect(refusal({ workingHours: { start: '17:00', end: '09:00' } })).toEqual([
      'Working hours must end after they start.',
    ]);
    expect(refusal({ workingHours: { start: '9am', end: '17:00' } })).toEqual([
      'Working hours must start at a time like 09:00.',
    ]);
    expect(SlaPolicySchema.safeParse({ ...valid, workingHours: { start: '00:00', end: '24:00' } }).success).toBe(true);
  });

  it('refuses no working days, a repeated day and a day outside Monday to Sunday', () => {
    expect(refusal({ workingDays: [] })).toEqual(['Choose at least one working day.']);
    expect(refusal({ workingDays: [1, 1] })).toEqual(['Working days must not list a day twice.']);
    expect(refusal({ workingDays: [0] })).toEqual(['Working days are weekdays from 1 (Monday) to 7 (Sunday).']);
  });

  it('refuses an unknown holiday country or region and malformed holiday dates', () => {
    expect(refusal({ holidays: { country: 'XX', region: null, dates: [] } })).toEqual([
      'Holiday country “XX” is not a known country code.',
    ]);
    expect(refusal({ holidays: { country: 'DE', region: 'ZZ', dates: [] } })).toEqual([
      'Holiday region “ZZ” is not a known region of DE.',
    ]);
    expect(refusal({ holidays: { country: null, region: 'BY', dates: [] } })).toEqual([
      'A holiday region needs a holiday country.',
    ]);
    expect(refusal({ holidays: { country: null, region: null, dates: ['24.12.2026'] } })).toEqual([
      'Holiday dates must be dates like 2026-12-24.',
    ]);
  });

  it('refuses an at-risk threshold outside 1–99 percent', () => {
    expect(refusal({ atRiskPercent: 100 })).toEqual(['The at-risk threshold must be between 1 and 99 percent.']);
  });
});

describe('targetFor', () => {
  it("uses a type's own target for the priority and the policy default otherwise", () => {
    const policy = SlaPolicySchema.parse({
      ...valid,
      typeTargets: { complaint: { urgent: { firstResponseMinutes: 15, resolutionMinutes: null } } },
    });
    expect(targetFor(policy, 'complaint', 'urgent')).toEqual({ firstResponseMinutes: 15, resolutionMinutes: null });
    expect(targetFor(policy, 'complaint', 'high')).toEqual({ firstResponseMinutes: 240, resolutionMinutes: 1440 });
    expect(targetFor(policy, 'question', 'urgent')).toEqual({ firstResponseMinutes: 60, resolutionMinutes: 480 });
  });
});
