/** How urgent something due is, for the colors of "Waiting on you" and the board's due dates. */

export type Urgency = 'overdue' | 'soon' | 'later';

/** Overdue before today; due soon within three days; later otherwise (or no date). */
export function urgencyOf(dueDate: string | null, today = localToday()): Urgency {
  if (!dueDate) return 'later';
  if (dueDate < today) return 'overdue';
  return dueDate <= addDays(today, 3) ? 'soon' : 'later';
}

/** Today in the person's own time zone, as `YYYY-MM-DD` — the day every due date is compared with. */
export function localToday(): string {
  return isoDate(new Date());
}

/** The calendar day `days` after `day` (both `YYYY-MM-DD`), counted in local days, never in UTC. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + days);
  return isoDate(date);
}

function isoDate(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

export function formatDue(dueDate: string | null): string {
  if (!dueDate) return 'No due date';
  const date = new Date(`${dueDate}T00:00:00`);
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}
