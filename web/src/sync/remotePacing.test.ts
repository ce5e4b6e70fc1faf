import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PacingClock, RemotePacing } from './remotePacing.ts';

const timing = { idleMs: 50, typingMs: 250, typingWindowMs: 1000 };

/** A clock whose frames are drawn when the test says so. */
function testClock(): PacingClock & { paint(): void } {
  let frames: Array<() => void> = [];
  return {
    now: () => Date.now(),
    afterNextPaint(run) {
      frames.push(run);
      return () => {
        frames = frames.filter((frame) => frame !== run);
      };
    },
    paint() {
      for (const run of frames.splice(0)) run();
    },
  };
}

describe('RemotePacing', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws what arrives while the person is idle once, after a short gathering', () => {
    const pacing = new RemotePacing(timing, testClock());
    const draw = vi.fn();
    pacing.later(draw);
    pacing.later(draw);
    vi.advanceTimersByTime(timing.idleMs - 1);
    expect(draw).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it("while the person types, draws others' work right after the frame that shows their keystroke", () => {
    const clock = testClock();
    const pacing = new RemotePacing(timing, clock);
    const draw = vi.fn();
    pacing.localEdit();
    pacing.later(draw);
    vi.advanceTimersByTime(timing.idleMs);
    expect(draw).not.toHaveBeenCalled(); // typing: not on the idle schedule

    pacing.localEdit(); // the next keystroke
    expect(draw).not.toHaveBeenCalled(); // not inside the keystroke
    clock.paint();
    expect(draw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(timing.typingMs);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('holds nothing back longer than typingMs, even if no frame is drawn', () => {
    const pacing = new RemotePacing(timing, testClock());
    const draw = vi.fn();
    pacing.localEdit();
    pacing.later(draw);
    pacing.localEdit();
    vi.advanceTimersByTime(timing.typingMs);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('goes back to the idle schedule once the person stopped typing', () => {
    const pacing = new RemotePacing(timing, testClock());
    const draw = vi.fn();
    pacing.localEdit();
    vi.advanceTimersByTime(timing.typingWindowMs);
    pacing.later(draw);
    vi.advanceTimersByTime(timing.idleMs);
    expect(draw).toHaveBeenCalledTimes(1);
  });

  it('a draw that throws does not keep the others from being drawn', () => {
    const pacing = new RemotePacing(timing, testClock());
    const after = vi.fn();
    pacing.later(() => {
      throw new Error('a broken view');
    });
    pacing.later(after);
    expect(() => pacing.flush()).toThrow('a broken view');
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('draws everything at once on flush, and nothing that was forgotten or stopped', () => {
    const clock = testClock();
    const pacing = new RemotePacing(timing, clock);
    const [kept, forgotten, stopped] = [vi.fn(), vi.fn(), vi.fn()];
    pacing.later(kept);
    pacing.later(forgotten);
    pacing.forget(forgotten);
    pacing.flush();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(forgotten).not.toHaveBeenCalled();

    pacing.localEdit();
    pacing.later(stopped);
    pacing.localEdit();
    pacing.stop();
    clock.paint();
    vi.advanceTimersByTime(timing.typingMs);
    expect(stopped).not.toHaveBeenCalled();
  });
});
