/**
 * The team board's filters: by title, assignee, due date and visibility. Due dates are calendar
 * days (`YYYY-MM-DD`) compared with the person's local today, as every due date in the app is.
 */
import type { BoardItem } from './projectData.ts';
import { addDays, localToday } from './urgency.ts';

export type Filters = { text: string; assignee: string; due: string; visibility: string };
export const noFilters: Filters = { text: '', assignee: '', due: '', visibility: '' };

export function applyFilters(items: BoardItem[], filters: Filters, me: string): BoardItem[] {
  const text = filters.text.trim().toLowerCase();
  const today = localToday();
  const weekEnd = addDays(today, 7);
  return items.filter((item) => {
    if (text && !item.title.toLowerCase().includes(text)) return false;
    if (filters.visibility === 'shared' && !item.shared) return false;
    if (filters.visibility === 'internal' && item.shared) return false;
    if (filters.assignee === 'none' && item.assignees.length > 0) return false;
    if (filters.assignee === 'me' && !item.assignees.includes(me)) return false;
    if (filters.assignee && !['none', 'me'].includes(filters.assignee) && !item.assignees.includes(filters.assignee))
      return false;
    if (filters.due === 'overdue' && !(item.dueDate && item.dueDate < today)) return false;
    if (filters.due === 'week' && !(item.dueDate && item.dueDate <= weekEnd)) return false;
    if (filters.due === 'none' && item.dueDate) return false;
    return true;
  });
}

/** How many filters are set, by value: a filter set and cleared by hand is no filter. */
export function activeFilters(filters: Filters): number {
  return (Object.keys(noFilters) as Array<keyof Filters>).filter((key) => filters[key] !== noFilters[key]).length;
}

export function isFiltering(filters: Filters): boolean {
  return activeFilters(filters) > 0;
}
