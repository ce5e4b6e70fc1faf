/**
 * Lists read over REST (people, invite links) go stale while the page is open: someone joins in
 * another browser and nothing tells this one. `useRefetch` reloads such a list when the person
 * comes back to the tab and every so often while it is visible — cheap GETs, no socket needed.
 */
import { useEffect, useRef } from 'react';

export const refetchEveryMs = 30_000;

export function useRefetch(load: () => unknown, everyMs = refetchEveryMs): void {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const run = () => {
      if (document.visibilityState === 'visible') latest.current();
    };
    window.addEventListener('focus', run);
    document.addEventListener('visibilitychange', run);
    const timer = setInterval(run, everyMs);
    return () => {
      window.removeEventListener('focus', run);
      document.removeEventListener('visibilitychange', run);
      clearInterval(timer);
    };
  }, [everyMs]);
}
