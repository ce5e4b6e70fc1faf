import { describe, expect, it } from 'vitest';
import { formatDuration, metShare } from './slaReportData.ts';

const minute = 60_000;

describe('SLA report figures as people read them', () => {
  it('writes durations in the largest units that matter', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(20_000)).toBe('< 1 min');
    expect(formatDuration(45 * minute)).toBe('45 min');
    expect(formatDuration(180 * minute)).toBe('3 h');
    expect(formatDuration(200 * minute)).toBe('3 h 20 min');
    expect(formatDuration(239.9 * minute)).toBe('4 h');
    expect(formatDuration(52 * 60 * minute)).toBe('2 d 4 h');
    expect(formatDuration(48 * 60 * minute)).toBe('2 d');
  });

  it('gives the met share of settled clocks only', () => {
    expect(metShare({ met: 0, breached: 0, running: 4, medianMs: null, p90Ms: null })).toBe('—');
    expect(metShare({ met: 3, breached: 1, running: 9, medianMs: null, p90Ms: null })).toBe('75%');
  });
});
