import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeFilters, applyFilters, type Filters, isFiltering, noFilters } from './boardFilters.ts';
import type { BoardItem } from './projectData.ts';

const item = (id: string, dueDate: string | null): BoardItem => ({
  id,
  title: id,
  dueDate,
  assignees: [],
  shared: true,
  waitingOnCustomer: false,
  status: 'todo',
  order: 'a0',
  kind: 'task',
});
const dueWithinAWeek: Filters = { ...noFilters, due: 'week' };
const ids = (items: BoardItem[]) => items.map((i) => i.id);

describe('the board filter', () => {
  const zone = process.env.TZ;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    process.env.TZ = zone;
  });

  it('counts "within a week" in local days, ahead of UTC (Kiritimati, UTC+14)', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    vi.setSystemTime(new Date('2026-11-23T11:00:00Z')); // 24 November, 01:00 there
    const items = [item('today', '2026-11-24'), item('in7', '2026-12-01'), item('in8', '2026-12-02')];
    expect(ids(applyFilters(items, dueWithinAWeek, 'me'))).toEqual(['today', 'in7']);
  });

  it('counts "within a week" in local days, behind UTC (Los Angeles, UTC−8)', () => {
    process.env.TZ = 'America/Los_Angeles';
    vi.setSystemTime(new Date('2026-11-24T05:00:00Z')); // 23 November, 21:00 there
    const items = [item('today', '2026-11-23'), item('in7', '2026-11-30'), item('in8', '2026-12-01')];
    expect(ids(applyFilters(items, dueWithinAWeek, 'me'))).toEqual(['today', 'in7']);
    expect(
      ids(applyFilters([item('yesterday', '2026-11-22'), ...items], { ...noFilters, due: 'overdue' }, 'me')),
    ).toEqual(['yesterday']);
  });

  it('is not filtering once every filter is cleared by hand', () => {
    expect(isFiltering(noFilters)).toBe(false);
    const typed = { ...noFilters, text: 'logo' };
    expect(isFiltering(typed)).toBe(true);
    expect(isFiltering({ ...typed, text: '' })).toBe(false);
    expect(isFiltering({ ...noFilters, due: 'week' })).toBe(true);
    expect(activeFilters({ ...typed, due: 'week' })).toBe(2);
  });
});
