import { describe, expect, it } from 'vitest';
import { formatDue, urgencyOf } from './urgency.ts';

describe('urgency', () => {
  const today = '2026-11-23';

  it('is overdue before today, due soon within three days, later after that or without a date', () => {
    expect(urgencyOf('2026-11-22', today)).toBe('overdue');
    expect(urgencyOf('2026-11-23', today)).toBe('soon');
    expect(urgencyOf('2026-11-26', today)).toBe('soon');
    expect(urgencyOf('2026-11-27', today)).toBe('later');
    expect(urgencyOf(null, today)).toBe('later');
  });

  it('counts days across month and year ends', () => {
    expect(urgencyOf('2027-01-02', '2026-12-31')).toBe('soon');
    expect(urgencyOf('2027-01-04', '2026-12-31')).toBe('later');
  });

  it('says so when there is no due date', () => {
    expect(formatDue(null)).toBe('No due date');
    expect(formatDue('2026-11-23')).toMatch(/23/);
  });
});
