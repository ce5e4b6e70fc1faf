/**
 * Lists that render a window of their rows and grow it as the end comes near: the board's columns
 * and the team's request queue. The ref goes on a sentinel element that is new after each step
 * (keyed by the count), so a fresh observer reports at once whether it is still within a screen of
 * the viewport, and a tall window keeps filling.
 */
import { useCallback } from 'react';

export function useWhenNearViewport<E extends Element>(
  onNear: () => void,
): (element: E | null) => (() => void) | undefined {
  return useCallback(
    (element: E | null) => {
      if (!element || typeof IntersectionObserver === 'undefined') return;
      const observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          observer.disconnect();
          onNear();
        },
        { rootMargin: '0px 0px 100% 0px' },
      );
      observer.observe(element);
      return () => observer.disconnect();
    },
    [onNear],
  );
}
