/**
 * Dates and times as people read them. One formatter for the whole app: building an
 * Intl.DateTimeFormat is expensive, and lists of comments or messages format hundreds of times.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(at: number): string {
  return dateTime.format(at);
}
