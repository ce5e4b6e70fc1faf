/** How urgent something due is, for the colors of "Waiting on you" and the board's due dates. */

export type Urgency = 'overdue' | 'soon' | 'later';

/** Overdue before today; due soon within three days; later otherwise (or no date). */
export function urgencyOf(dueDate: string | null, today = localToday()): Urgency {
  if (!dueDate) return 'later';
  if (dueDate < today) return 'overdue';
  const soon = new Date(`${today}T00:00:00`);
  soon.setDate(soon.getDate() + 3);
  return dueDate <= isoDate(soon) ? 'soon' : 'later';
}

export function localToday(): string {
  return isoDate(new Date());
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
