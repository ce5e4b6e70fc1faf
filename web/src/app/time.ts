/**
 * Dates and times as people read them: recent moments as "5 minutes ago" (the exact time on hover,
 * see components/RelativeTime.tsx), older ones as a date. One formatter of each kind for the whole
 * app: building an Intl formatter is expensive, and lists of comments or messages format hundreds of
 * times. One clock (`useNow`) ticks for every relative time on screen, so they age together.
 */
import { useSyncExternalStore } from 'react';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;

export function formatDateTime(at: number): string {
  return dateTime.format(at);
}

/**
 * "just now" under a minute, then minutes, hours and days ago; a week or more back, the date and
 * time. A moment slightly in the future (another device's clock running ahead) is "just now".
 */
export function formatRelative(at: number, now: number): string {
  const ago = now - at;
  if (ago < minute) return 'just now';
  if (ago < hour) return relative.format(-Math.floor(ago / minute), 'minute');
  if (ago < day) return relative.format(-Math.floor(ago / hour), 'hour');
  if (ago < 7 * day) return relative.format(-Math.floor(ago / day), 'day');
  return formatDateTime(at);
}

/** How often relative times are redrawn: often enough that "just now" becomes "1 minute ago" on time. */
export const relativeTick = 20 * second;

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    // The clock was stopped (nothing showed a relative time): React re-reads it after subscribing
    // and redraws with the fresh time.
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, relativeTick);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, re-rendering every `relativeTick` while any component shows a relative time. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
