/**
 * When other people's work is drawn in a replica: the person's own typing comes first.
 *
 * Every remote edit or caret move applied on its own is a frame of its own. With several people
 * typing, those frames follow one another without a pause, and then each keystroke waits for the
 * next display refresh (up to 16.7 ms at 60 Hz) instead of being drawn at once. So what arrives
 * is gathered and drawn together:
 *
 * - while the person is typing in the document (an edit of theirs within `typingWindowMs`): right
 *   after the frame that shows their keystroke, or `typingMs` after it arrived if that is sooner;
 * - otherwise `idleMs` after it arrived.
 *
 * Nothing is held back for long: a quarter of a second at most, with the defaults.
 */

export type PacingTiming = { idleMs: number; typingMs: number; typingWindowMs: number };

export type PacingClock = {
  now(): number;
  /** Runs `run` once the next frame has been drawn; returns a cancel function. */
  afterNextPaint(run: () => void): () => void;
};

export const defaultPacingTiming: PacingTiming = { idleMs: 50, typingMs: 250, typingWindowMs: 1000 };

const browserClock: PacingClock = {
  now: () => performance.now(),
  afterNextPaint(run) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A task queued from a frame callback runs once that frame's rendering is done.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(run, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  },
};

export class RemotePacing {
  private readonly waiting = new Set<() => void>();
  private lastLocalEdit = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cancelAfterPaint: (() => void) | undefined;

  constructor(
    private readonly timing: PacingTiming = defaultPacingTiming,
    private readonly clock: PacingClock = browserClock,
  ) {}

  /** Runs `draw` with the next batch: once, however often it is asked for before then. */
  later(draw: () => void): void {
    this.waiting.add(draw);
    if (this.timer !== undefined) return;
    const typing = this.clock.now() - this.lastLocalEdit < this.timing.typingWindowMs;
    this.timer = setTimeout(this.flush, typing ? this.timing.typingMs : this.timing.idleMs);
  }

  /** Drops a draw asked for with `later` (its view went away). */
  forget(draw: () => void): void {
    this.waiting.delete(draw);
  }

  /** The person edited the document: what waits is drawn right after their edit is. */
  localEdit(): void {
    this.lastLocalEdit = this.clock.now();
    if (this.waiting.size > 0) this.cancelAfterPaint ??= this.clock.afterNextPaint(this.flush);
  }

  /** Draws everything waiting now. */
  readonly flush = (): void => {
    this.disarm();
    const draws = [...this.waiting];
    this.waiting.clear();
    runAll(draws);
  };

  /** Forgets what waits, for good (its document closed: called by whoever created the pacing). */
  stop(): void {
    this.disarm();
    this.waiting.clear();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.cancelAfterPaint?.();
    this.cancelAfterPaint = undefined;
  }
}

/** Runs every function even if one throws, then throws the first failure (one bad draw loses no other). */
export function runAll(run: Array<() => void>): void {
  let failure: { error: unknown } | undefined;
  for (const one of run) {
    try {
      one();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
