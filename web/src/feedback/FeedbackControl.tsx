/**
 * A customer's one-click reaction — positive, neutral or concern — on something they can see: a
 * shared item (`on="item"`), a message of its client thread, or a client comment. One click sends
 * it; a note field then opens for whatever they want to add (optional). The control shows their
 * latest reaction on that target, the team's answer once there is one, and the request it became.
 * Until the team acts on it, clicking another reaction changes it rather than adding another.
 * Which service team handles it is internal and never shown here (the server does not send it).
 */
import {
  type FeedbackSentiment,
  feedbackSentiments,
  maxFeedbackNote,
  sentimentEmoji,
  sentimentLabels,
} from '@atrium/shared/model/feedback.ts';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { FormError } from '../components/FormError.tsx';
import { LengthNotice } from '../components/LengthLimit.tsx';
import { isHandled, latestOn, react, useItemFeedback } from './itemFeedback.ts';
import './feedback.css';
import { requestPath } from '../requests/requestApi.ts';

type FeedbackControlProps = {
  projectId: string;
  itemId: string;
  on: 'item' | 'message' | 'comment';
  /** The message's or comment's id; the item's own for `item`. */
  targetId?: string;
  /** Emoji-only buttons (on messages and comments); the item panel shows the words too. */
  compact?: boolean;
};

const what = { item: 'this item', message: 'this message', comment: 'this comment' } as const;

export function FeedbackControl({ projectId, itemId, on, targetId = itemId, compact }: FeedbackControlProps) {
  const { list } = useItemFeedback(projectId, itemId);
  const latest = latestOn(list, on, targetId);
  const open = latest && !isHandled(latest) ? latest : undefined;
  const [noting, setNoting] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const noteId = useId();
  const noticeId = useId();

  async function choose(sentiment: FeedbackSentiment) {
    setError(null);
    setBusy(true);
    try {
      const saved = await react(projectId, itemId, { on, targetId }, { sentiment }, latest);
      setNote(saved.note);
      setNoting(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function sendNote(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await react(projectId, itemId, { on, targetId }, { note: note.trim() }, latest);
      setNoting(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const current = open?.sentiment;
  return (
    <fieldset className={`feedback-control${compact ? ' compact' : ''}`} data-testid={`feedback-${on}`}>
      <legend className="visually-hidden">Your feedback on {what[on]}</legend>
      <div className="feedback-buttons">
        <span className="feedback-prompt">{compact ? 'Feedback:' : `How is ${what[on]} for you?`}</span>
        {feedbackSentiments.map((sentiment) => (
          <button
            key={sentiment}
            type="button"
            className={`feedback-button sentiment-${sentiment}${current === sentiment ? ' chosen' : ''}`}
            aria-pressed={current === sentiment}
            aria-label={`${sentimentLabels[sentiment]} — feedback on ${what[on]}`}
            title={`${sentimentLabels[sentiment]}: tell the team`}
            disabled={busy}
            onClick={() => void choose(sentiment)}
          >
            <span aria-hidden="true">{sentimentEmoji[sentiment]}</span>
            {!compact && <span>{sentimentLabels[sentiment]}</span>}
          </button>
        ))}
      </div>
      {open && noting && (
        <form className="feedback-note" onSubmit={(event) => void sendNote(event)}>
          <label htmlFor={noteId} className="hint">
            {sentimentLabels[open.sentiment]} sent to the team. Add a note (optional):
          </label>
          <textarea
            id={noteId}
            rows={2}
            value={note}
            aria-invalid={note.length > maxFeedbackNote || undefined}
            aria-describedby={noticeId}
            placeholder="What would you like the team to know?"
            onChange={(event) => setNote(event.target.value)}
          />
          <LengthNotice id={noticeId} length={note.length} max={maxFeedbackNote} />
          <div className="row">
            <button type="submit" className="small" disabled={busy || note.length > maxFeedbackNote}>
              Send note
            </button>
            <button type="button" className="small secondary" onClick={() => setNoting(false)}>
              Done
            </button>
          </div>
        </form>
      )}
      {latest && !(open && noting) && (
        <div className="feedback-status" role="status">
          <span>
            You said: <strong>{sentimentLabels[latest.sentiment]}</strong>
            {latest.note && <> — “{latest.note}”</>}
          </span>
          {open && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setNote(open.note);
                setNoting(true);
              }}
            >
              {open.note ? 'Edit note' : 'Add a note'}
            </button>
          )}
          {latest.answer && (
            <p className="feedback-answer">
              <strong>{latest.answeredByName ?? 'The team'} answered:</strong> {latest.answer}
            </p>
          )}
          {latest.requestId && (
            <p className="feedback-answer">
              The team took this up as{' '}
              <Link to={requestPath(projectId, latest.requestId)}>
                request{latest.requestNumber ? ` #${latest.requestNumber}` : ''}
              </Link>
              .
            </p>
          )}
        </div>
      )}
      <FormError error={error} />
    </fieldset>
  );
}
