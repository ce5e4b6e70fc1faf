/**
 * How message boxes send, the same everywhere (threads, comments, replies): Enter sends, Shift+Enter
 * starts a new line, Ctrl/⌘+Enter also sends; a visible hint says so. Enter while an input method
 * is composing (Japanese, Chinese…) confirms the composition instead of sending half a word.
 */
import type { KeyboardEvent } from 'react';

export function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
  if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}

export const sendHint = 'Enter to send · Shift+Enter for a new line';

export function SendHint({ id }: { id: string }) {
  return (
    <p id={id} className="send-hint">
      {sendHint}
    </p>
  );
}
