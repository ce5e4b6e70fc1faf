import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative } from './time.ts';

describe('relative times', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const ago = (ms: number) => formatRelative(now - ms, now);
  const minute = 60_000;
  const hour = 60 * minute;
  const day = 24 * hour;

  it('say "just now" within the first minute, and for a clock slightly ahead', () => {
    expect(ago(0)).toBe('just now');
    expect(ago(59_000)).toBe('just now');
    expect(ago(-30_000)).toBe('just now');
  });

  it('count minutes, hours and days back', () => {
    expect(ago(minute)).toBe('1 minute ago');
    expect(ago(5 * minute + 30_000)).toBe('5 minutes ago');
    expect(ago(59 * minute)).toBe('59 minutes ago');
    expect(ago(hour)).toBe('1 hour ago');
    expect(ago(23 * hour)).toBe('23 hours ago');
    expect(ago(day)).toBe('yesterday');
    expect(ago(6 * day)).toBe('6 days ago');
  });

  it('give the date and time from a week back', () => {
    expect(ago(7 * day)).toBe(formatDateTime(now - 7 * day));
    expect(ago(400 * day)).toBe(formatDateTime(now - 400 * day));
  });
});
