/**
 * Text fields with a limit say so instead of cutting text off: no `maxLength` (which silently drops
 * whatever a paste brings past it), a counter once the text nears the limit, and past it a message
 * and a field the form refuses to submit. The limits are the server's (`entityName` in
 * server/src/api/schemas.ts), so what the form accepts the server accepts.
 */
import { type InputHTMLAttributes, useEffect, useId, useRef, useState } from 'react';

/** Titles and names of items, documents, projects and customers: the server's `entityName`. */
export const titleLimit = 200;

/** What to tell the person about a text's length: nothing, a counter, or that it is too long. */
export function lengthNotice(length: number, max: number): { text: string; over: boolean } | null {
  if (length > max)
    return { text: `Too long: ${length} characters, at most ${max}. Shorten it by ${length - max}.`, over: true };
  if (length >= Math.floor(max * 0.9)) return { text: `${length} / ${max} characters`, over: false };
  return null;
}

export function LengthNotice({ id, length, max }: { id: string; length: number; max: number }) {
  const notice = lengthNotice(length, max);
  // Always rendered so that screen readers hear the counter appear (a live region must exist first).
  return (
    <span id={id} className={`length-notice${notice?.over ? ' over' : ''}`} aria-live="polite">
      {notice?.text}
    </span>
  );
}

/**
 * An uncontrolled text input with a limit (forms read it with FormData): shows the notice, and
 * blocks submitting while too long (`setCustomValidity`, so the browser says why as well).
 */
export function LimitedInput({ limit: max, ...props }: InputHTMLAttributes<HTMLInputElement> & { limit: number }) {
  const input = useRef<HTMLInputElement>(null);
  const noticeId = useId();
  const [length, setLength] = useState(String(props.defaultValue ?? '').length);
  const over = length > max;
  useEffect(() => {
    input.current?.setCustomValidity(over ? (lengthNotice(length, max)?.text ?? '') : '');
  }, [over, length, max]);
  useEffect(() => {
    // `form.reset()` changes the value without an input event.
    const form = input.current?.form;
    const reset = () => setLength(String(props.defaultValue ?? '').length);
    form?.addEventListener('reset', reset);
    return () => form?.removeEventListener('reset', reset);
  }, [props.defaultValue]);
  return (
    <>
      <input
        {...props}
        ref={input}
        aria-invalid={over || undefined}
        aria-describedby={noticeId}
        onInput={(event) => setLength(event.currentTarget.value.length)}
      />
      <LengthNotice id={noticeId} length={length} max={max} />
    </>
  );
}
