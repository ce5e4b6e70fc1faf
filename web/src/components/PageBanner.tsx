/**
 * A page's own banner (the "view as customer" preview, say) shown in the app's chrome: the sticky
 * block at the top that also holds the top bar and any refusals. Everything in the chrome stays
 * visible and clickable, because panels start below it (`--chrome-height`, set by `useChromeHeight`).
 */
import { createContext, type ReactNode, type RefObject, useContext, useEffect } from 'react';
import { createPortal } from 'react-dom';

/** Where page banners go: an element inside the chrome (null until it is mounted). */
export const PageBannerSlot = createContext<HTMLElement | null>(null);

export function PageBanner({ children }: { children: ReactNode }) {
  const slot = useContext(PageBannerSlot);
  // Outside a Layout (no chrome), the banner stays where the page put it.
  return slot ? createPortal(children, slot) : children;
}

/**
 * Keeps `--chrome-height` on the document equal to the chrome's height as it changes (a refusal
 * appears, the top bar wraps on a phone), so fixed panels begin where the chrome ends.
 */
export function useChromeHeight(chrome: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = chrome.current;
    if (!element) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty('--chrome-height', `${element.getBoundingClientRect().height}px`);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--chrome-height');
    };
  }, [chrome]);
}
