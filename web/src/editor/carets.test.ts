import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RemotePacing } from '../sync/remotePacing.ts';
import { caretAwareness } from './carets.ts';

const publishEveryMs = 100;
const pacingTiming = { idleMs: 50, typingMs: 250, typingWindowMs: 1000 };
/** Frames are never drawn here: what is paced is drawn on its timers. */
const noFrames = { now: () => Date.now(), afterNextPaint: () => () => {} };

/** Another person's awareness, with its state copied into ours the way the sync socket does. */
function someoneElse(into: Awareness, cursor: unknown) {
  const theirs = new Awareness(new Y.Doc());
  theirs.setLocalStateField('user', { name: 'Remote', color: '#0f766e' });
  theirs.setLocalStateField('cursor', cursor);
  applyAwarenessUpdate(into, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'socket');
  return theirs;
}

describe('caretAwareness', () => {
  let awareness: Awareness;
  let sent: number;
  let pacing: RemotePacing;

  beforeEach(() => {
    vi.useFakeTimers();
    awareness = new Awareness(new Y.Doc());
    awareness.setLocalStateField('user', { name: 'Local', color: '#1d4ed8' });
    sent = 0;
    pacing = new RemotePacing(pacingTiming, noFrames);
    awareness.on('update', ({ updated }: { updated: number[] }, origin: unknown) => {
      if (origin === 'local' && updated.includes(awareness.clientID)) sent += 1;
    });
  });
  afterEach(() => {
    awareness.destroy();
    vi.useRealTimers();
  });

  it('publishes a moving caret once per interval, with its latest position', () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    for (let position = 1; position <= 5; position++) carets.setLocalStateField('cursor', { anchor: position });
    expect(sent).toBe(0);
    vi.advanceTimersByTime(publishEveryMs);
    expect(sent).toBe(1);
    expect(awareness.getLocalState()?.cursor).toEqual({ anchor: 5 });
  });

  it('does not republish a caret that has not moved', () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    carets.setLocalStateField('cursor', { anchor: 3 });
    vi.advanceTimersByTime(publishEveryMs);
    carets.setLocalStateField('cursor', { anchor: 3 });
    vi.advanceTimersByTime(publishEveryMs);
    expect(sent).toBe(1);
  });

  it('hides the caret at once, dropping a position still waiting', () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    carets.setLocalStateField('cursor', { anchor: 3 });
    vi.advanceTimersByTime(publishEveryMs);
    carets.setLocalStateField('cursor', { anchor: 4 });
    carets.setLocalStateField('cursor', null);
    expect(awareness.getLocalState()?.cursor).toBeNull();
    vi.advanceTimersByTime(publishEveryMs);
    expect(awareness.getLocalState()?.cursor).toBeNull();
    expect(sent).toBe(2);
  });

  it('a caret placed and hidden again before it went out never goes out (a quick blur)', () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    carets.setLocalStateField('cursor', { anchor: 3 }); // focus
    expect(carets.getLocalState()?.cursor).toEqual({ anchor: 3 }); // what the plugin checks on blur
    carets.setLocalStateField('cursor', null); // blur
    vi.advanceTimersByTime(publishEveryMs);
    expect(awareness.getLocalState()?.cursor ?? null).toBeNull();
    expect(sent).toBe(0);
  });

  it('passes other fields straight through, after the caret waiting before them', () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    carets.setLocalStateField('cursor', { anchor: 7 });
    carets.setLocalStateField('user', { name: 'Renamed', color: '#1d4ed8' });
    expect(awareness.getLocalState()).toMatchObject({ cursor: { anchor: 7 }, user: { name: 'Renamed' } });
  });

  it("wakes caret listeners only for other people's changes, gathered into one call", () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    const listener = vi.fn();
    carets.on('change', listener);
    carets.setLocalStateField('cursor', { anchor: 1 });
    vi.advanceTimersByTime(publishEveryMs + pacingTiming.idleMs);
    expect(listener).not.toHaveBeenCalled();

    const first = someoneElse(awareness, { anchor: 10 });
    const second = someoneElse(awareness, { anchor: 20 });
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(pacingTiming.idleMs);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(new Set(listener.mock.calls[0]?.[0].added)).toEqual(new Set([first.clientID, second.clientID]));
  });

  it('stops delivering once the listener is removed, including a gathered change', () => {
    const carets = caretAwareness(awareness, pacing, publishEveryMs);
    const listener = vi.fn();
    carets.on('change', listener);
    someoneElse(awareness, { anchor: 10 });
    carets.off('change', listener);
    vi.advanceTimersByTime(pacingTiming.idleMs);
    someoneElse(awareness, { anchor: 11 });
    vi.advanceTimersByTime(pacingTiming.idleMs);
    expect(listener).not.toHaveBeenCalled();
  });
});
