/**
 * Inline comments beside a document: client comments (both sides) and, for the team, internal
 * ones — amber and marked "Internal — not visible to <customer>", stored in the internal part so
 * they never reach a customer. Each shows the words it is on (or "text deleted"), its replies,
 * @mentions, and resolve / reopen. Selecting a comment highlights and selects its words.
 */
import { type Anchor, Comments, type InlineComment, mentionedPeople } from '@atrium/shared/model/comments.ts';
import { type FormEvent, memo, useId, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { Person } from '../app/api.ts';
import { initials, personColor } from '../app/colors.ts';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { SendHint, sendOnEnter } from '../components/SendOnEnter.tsx';
import { FeedbackControl } from '../feedback/FeedbackControl.tsx';
import type { Located } from './commentHighlights.ts';

export type ShownComment = InlineComment & { internal: boolean };

type CommentsPanelProps = {
  comments: ShownComment[];
  located: Located[];
  me: string;
  people: Person[];
  team: boolean;
  readOnly: boolean;
  customerName: string;
  clientDoc: Y.Doc | undefined;
  internalDoc: Y.Doc | undefined;
  /** A selection waiting for its first words, from the toolbar's "Comment". */
  draft: Anchor | null;
  onDraftDone: () => void;
  active: string | null;
  onActivate: (id: string | null) => void;
  /** The customer's reaction control on the team's client comments. */
  feedback?: { projectId: string; itemId: string };
};

export function CommentsPanel(props: CommentsPanelProps) {
  const { comments, located, team, draft, readOnly } = props;
  const [showResolved, setShowResolved] = useState(false);
  const places = useMemo(() => new Map(located.map((place) => [place.id, place])), [located]);
  const position = (id: string) => places.get(id)?.from ?? Number.MAX_SAFE_INTEGER;
  const open = comments.filter((c) => !c.resolved).sort((a, b) => position(a.id) - position(b.id));
  const resolved = comments.filter((c) => c.resolved);
  const list = (shown: typeof comments) => (
    <ol className="comment-list">
      {shown.map((comment) => (
        <CommentCard
          key={comment.id}
          comment={comment}
          place={places.get(comment.id)}
          {...cardProps(props)}
          active={props.active === comment.id}
        />
      ))}
    </ol>
  );
  return (
    <section className="comments-panel" aria-labelledby="comments-title" data-testid="comments">
      <h2 id="comments-title">Comments</h2>
      {draft && !readOnly && <NewComment {...props} anchor={draft} />}
      {open.length === 0 && !draft && (
        <p className="empty-inline">
          {readOnly ? 'No comments yet.' : 'Select words in the document and press “Comment” to discuss them.'}
        </p>
      )}
      {list(open)}
      {resolved.length > 0 && (
        <button type="button" className="link-button" onClick={() => setShowResolved(!showResolved)}>
          {showResolved ? 'Hide' : 'Show'} {resolved.length} resolved
        </button>
      )}
      {showResolved && list(resolved)}
      {team && <p className="hint">Internal comments are amber and stay with your team.</p>}
    </section>
  );
}

function NewComment({
  anchor,
  me,
  team,
  customerName,
  clientDoc,
  internalDoc,
  onDraftDone,
}: CommentsPanelProps & { anchor: Anchor }) {
  const [internal, setInternal] = useState(team);
  const hintId = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = String(new FormData(event.currentTarget).get('body') ?? '').trim();
    const target = internal ? internalDoc : clientDoc;
    if (!body || !target) return;
    Comments.of(target).add({ id: crypto.randomUUID(), authorId: me, body, anchor });
    onDraftDone();
  }
  return (
    <form className={`comment-card new${internal ? ' internal' : ''}`} onSubmit={submit} aria-label="New comment">
      <blockquote className="quote">{anchor.quote}</blockquote>
      {team && (
        <fieldset className="visibility-choice">
          <legend className="visually-hidden">Who sees this comment</legend>
          <label className="checkbox">
            <input type="radio" name="who" checked={internal} onChange={() => setInternal(true)} /> Internal — team only
          </label>
          <label className="checkbox">
            <input type="radio" name="who" checked={!internal} onChange={() => setInternal(false)} /> Visible to{' '}
            {customerName}
          </label>
        </fieldset>
      )}
      <textarea
        name="body"
        rows={3}
        required
        aria-label="Your comment"
        aria-describedby={hintId}
        placeholder="Comment… (@Name to mention)"
        onKeyDown={sendOnEnter}
      />
      <SendHint id={hintId} />
      <div className="row">
        <button type="submit" className="small">
          Comment
        </button>
        <button type="button" className="small secondary" onClick={onDraftDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type CardProps = Pick<
  CommentsPanelProps,
  'me' | 'people' | 'team' | 'readOnly' | 'customerName' | 'clientDoc' | 'internalDoc' | 'onActivate' | 'feedback'
> & { comment: ShownComment; place: Located | undefined; active: boolean };

function cardProps(props: CommentsPanelProps) {
  const { me, people, team, readOnly, customerName, clientDoc, internalDoc, onActivate, feedback } = props;
  return { me, people, team, readOnly, customerName, clientDoc, internalDoc, onActivate, feedback };
}

/** One comment; re-renders only when it, its place or its highlight changes. */
const CommentCard = memo(function CommentCard({
  comment,
  place,
  me,
  people,
  team,
  readOnly,
  customerName,
  clientDoc,
  internalDoc,
  active,
  onActivate,
  feedback,
}: CardProps) {
  const doc = comment.internal ? internalDoc : clientDoc;
  const textDeleted = place?.collapsed ?? false;
  const nameOf = (id: string) => people.find((p) => p.userId === id)?.name ?? 'Former member';
  const mayModerate = comment.authorId === me || team;

  function reply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body || !doc) return;
    Comments.of(doc).reply(comment.id, { id: crypto.randomUUID(), authorId: me, body });
    form.reset();
  }

  return (
    <li
      className={`comment-card${comment.internal ? ' internal' : ''}${active ? ' active' : ''}${comment.resolved ? ' resolved' : ''}`}
      data-testid="comment"
    >
      {comment.internal && <p className="internal-label">Internal — not visible to {customerName}</p>}
      <button type="button" className="quote-button" onClick={() => onActivate(active ? null : comment.id)}>
        <blockquote className="quote">
          {textDeleted ? <em>Text deleted</em> : comment.anchor.quote}
          {textDeleted && <span className="muted"> (was “{comment.anchor.quote}”)</span>}
        </blockquote>
      </button>
      <Entry
        authorId={comment.authorId}
        name={nameOf(comment.authorId)}
        at={comment.createdAt}
        body={comment.body}
        people={people}
      />
      {comment.replies.map((r) => (
        <Entry
          key={r.id}
          authorId={r.authorId}
          name={nameOf(r.authorId)}
          at={r.createdAt}
          body={r.body}
          people={people}
          reply
        />
      ))}
      {feedback && !comment.internal && !comment.deleted && comment.authorId !== me && (
        <FeedbackControl {...feedback} on="comment" targetId={comment.id} compact />
      )}
      {!readOnly && (
        <>
          <form className="reply" onSubmit={reply}>
            <textarea
              name="body"
              rows={1}
              aria-label={`Reply to ${nameOf(comment.authorId)}`}
              placeholder="Reply… (Enter to send)"
              onKeyDown={sendOnEnter}
            />
            <button type="submit" className="small secondary">
              Reply
            </button>
          </form>
          {mayModerate && doc && (
            <button
              type="button"
              className="link-button"
              onClick={() => Comments.of(doc).setResolved(comment.id, !comment.resolved)}
            >
              {comment.resolved ? 'Reopen' : 'Resolve'}
            </button>
          )}
        </>
      )}
    </li>
  );
});

function Entry({
  authorId,
  name,
  at,
  body,
  people,
  reply,
}: {
  authorId: string;
  name: string;
  at: number;
  body: string;
  people: Person[];
  reply?: boolean;
}) {
  const mentioned = mentionedPeople(body, people);
  return (
    <div className={`comment-entry${reply ? ' reply-entry' : ''}`}>
      <span className="avatar small" style={{ background: personColor(authorId) }} aria-hidden="true">
        {initials(name)}
      </span>
      <div>
        <div className="message-head">
          <strong>{name}</strong>
          <RelativeTime at={at} />
        </div>
        <p className="message-body">{body}</p>
        {mentioned.length > 0 && (
          <p className="mentions">Mentions: {mentioned.map((person) => person.name).join(', ')}</p>
        )}
      </div>
    </div>
  );
}
