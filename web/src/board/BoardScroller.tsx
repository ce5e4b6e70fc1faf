/**
 * The board's sideways scrolling, made visible: when columns run past an edge, that edge shows a
 * shadow and a button that scrolls by most of a screen (mouse users without a trackpad otherwise
 * see no way to reach the last columns); the scrollbar itself is styled to show (styles.css).
 * Keyboard users reach every column by tabbing through its cards, which scrolls them into view, so
 * the buttons stay out of the tab order.
 */
import { type ReactNode, useCallback, useLayoutEffect, useRef, useState } from 'react';

type Edges = { before: boolean; after: boolean };

export function BoardScroller({ children, testId }: { children: ReactNode; testId: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<Edges>({ before: false, after: false });
  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    // One pixel of slack: scroll positions are fractional on zoomed or high-density screens.
    const before = element.scrollLeft > 1;
    const after = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
    setEdges((current) => (current.before === before && current.after === after ? current : { before, after }));
  }, []);
  // Columns come and go with the workflow, and cards change widths: measure after every render.
  useLayoutEffect(measure);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);
  const scroll = (direction: 1 | -1) => {
    const element = scroller.current;
    element?.scrollBy({ left: direction * element.clientWidth * 0.8, behavior: 'smooth' });
  };
  return (
    <div
      className={`board-scroller${edges.before ? ' more-before' : ''}${edges.after ? ' more-after' : ''}`}
      data-testid={`${testId}-scroller`}
    >
      <div ref={scroller} className="board" data-testid={testId} onScroll={measure}>
        {children}
      </div>
      {edges.before && (
        <button
          type="button"
          className="board-scroll before"
          tabIndex={-1}
          aria-hidden="true"
          onClick={() => scroll(-1)}
          title="Scroll to earlier columns"
        >
          ‹
        </button>
      )}
      {edges.after && (
        <button
          type="button"
          className="board-scroll after"
          tabIndex={-1}
          aria-hidden="true"
          onClick={() => scroll(1)}
          title="Scroll to later columns"
        >
          ›
        </button>
      )}
    </div>
  );
}
