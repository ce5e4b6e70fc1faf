import { describe, expect, it } from 'vitest';
import { formatMinutes, knownTimeZones, parseDates, parseMinutes } from './slaPolicyForm.ts';

describe('SLA targets as people type them', () => {
  it('reads minutes, hours, days and combinations', () => {
    expect(parseMinutes('45m')).toBe(45);
    expect(parseMinutes('4h')).toBe(240);
    expect(parseMinutes('1h 30m')).toBe(90);
    expect(parseMinutes('2d 4h')).toBe(3120);
    expect(parseMinutes('1.5h')).toBe(90);
    expect(parseMinutes('120')).toBe(120);
    expect(parseMinutes('  ')).toBeNull();
  });

  it('refuses what it cannot read rather than guessing', () => {
    expect(parseMinutes('soon')).toBe('invalid');
    expect(parseMinutes('4 hours')).toBe('invalid');
    expect(parseMinutes('4h later')).toBe('invalid');
  });

  it('writes minutes back the way they are typed', () => {
    expect(formatMinutes(90)).toBe('1h 30m');
    expect(formatMinutes(1440)).toBe('1d');
    expect(formatMinutes(3120)).toBe('2d 4h');
    expect(formatMinutes(null)).toBe('');
    for (const minutes of [1, 59, 60, 61, 480, 2880, 7200, 10_081])
      expect(parseMinutes(formatMinutes(minutes))).toBe(minutes);
  });
});

describe('holiday dates', () => {
  it('splits on commas, spaces and lines, sorted and each once', () => {
    expect(parseDates('2026-12-24, 2026-12-31\n2026-12-24')).toEqual(['2026-12-24', '2026-12-31']);
    expect(parseDates('')).toEqual([]);
  });
});

describe('time zones', () => {
  it('offers the zones the runtime knows, UTC among them', () => {
    const zones = knownTimeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Berlin');
  });
});
