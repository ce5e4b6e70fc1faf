/**
 * A moment shown the way people say it ("5 minutes ago"), aging as time passes, with the exact date
 * and time on hover and for machines (`<time dateTime>`).
 */
import { formatDateTime, formatRelative, useNow } from '../app/time.ts';

export function RelativeTime({ at }: { at: number }) {
  const now = useNow();
  return (
    <time dateTime={new Date(at).toISOString()} title={formatDateTime(at)}>
      {formatRelative(at, now)}
    </time>
  );
}
