/**
 * A discussion thread: messages with author and time, edits, deletion and resolved state, and a
 * composer (Enter sends, Shift+Enter is a new line). People edit and delete their own messages; the team may also remove anyone's in the
 * client thread (the server enforces the same rules).
 */
import { readMessage, Thread } from '@atrium/shared/model/thread.ts';
import { type FormEvent, useState } from 'react';
import type * as Y from 'yjs';
import type { Person } from '../app/api.ts';
import { initials, personColor } from '../app/colors.ts';
import { useTypeValue } from '../app/replicaHooks.ts';
import { RelativeTime } from '../components/RelativeTime.tsx';
import { SendHint, sendOnEnter } from '../components/SendOnEnter.tsx';
import { FeedbackControl } from '../feedback/FeedbackControl.tsx';

type ThreadViewProps = {
  doc: Y.Doc;
  arrayName: 'clientThread' | 'internalThread';
  me: string;
  people: Person[];
  moderator: boolean;
  readOnly: boolean;
  title: string;
  note?: string;
  internal?: boolean;
  /** The customer's reaction control on the team's messages (the client thread of this item). */
  feedback?: { projectId: string; itemId: string };
};

export function ThreadView({
  doc,
  arrayName,
  me,
  people,
  moderator,
  readOnly,
  title,
  note,
  internal,
  feedback,
}: ThreadViewProps) {
  const messages = useTypeValue(
    doc.getArray<Y.Map<unknown>>(arrayName),
    (array) => array.toArray().map(readMessage),
    [],
  );
  const thread = new Thread(doc.getArray(arrayName));
  const [editing, setEditing] = useState<string | null>(null);
  const nameOf = (id: string) => people.find((person) => person.userId === id)?.name ?? 'Former member';

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = String(new FormData(form).get('body') ?? '').trim();
    if (!body) return;
    thread.add({ id: crypto.randomUUID(), authorId: me, body });
    form.reset();
  }

  const headingId = `${arrayName}-title`;
  return (
    <section
      className={`thread${internal ? ' thread-internal' : ''}`}
      aria-labelledby={headingId}
      data-testid={arrayName}
    >
      <h3 id={headingId}>{title}</h3>
      {note && <p className="thread-note">{note}</p>}
      {messages.length === 0 && <p className="empty-inline">No messages yet.</p>}
      <ol className="messages">
        {messages.map((message) => (
          <li key={message.id} className={`message${message.resolved ? ' resolved' : ''}`}>
            <span className="avatar small" style={{ background: personColor(message.authorId) }} aria-hidden="true">
              {initials(nameOf(message.authorId))}
            </span>
            <div className="message-main">
              <div className="message-head">
                <strong>{nameOf(message.authorId)}</strong>
                <RelativeTime at={message.createdAt} />
                {message.editedAt && !message.deleted && <span className="muted">(edited)</span>}
                {message.resolved && <span className="pill ok">Resolved</span>}
              </div>
              {message.deleted ? (
                <p className="muted">Message deleted</p>
              ) : editing === message.id ? (
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    const body = String(new FormData(event.currentTarget).get('body') ?? '').trim();
                    if (body) thread.edit(message.id, body);
                    setEditing(null);
                  }}
                >
                  <textarea
                    name="body"
                    defaultValue={message.body}
                    aria-label="Edit message"
                    rows={3}
                    onKeyDown={sendOnEnter}
                  />
                  <div className="row">
                    <button type="submit" className="small">
                      Save
                    </button>
                    <button type="button" className="small secondary" onClick={() => setEditing(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <p className="message-body">{message.body}</p>
              )}
              {!message.deleted && (
                <Reactions
                  reactions={message.reactions}
                  me={me}
                  nameOf={nameOf}
                  readOnly={readOnly}
                  onToggle={(emoji, mine) =>
                    mine ? thread.unreact(message.id, me, emoji) : thread.react(message.id, me, emoji)
                  }
                />
              )}
              {feedback && !message.deleted && message.authorId !== me && (
                <FeedbackControl {...feedback} on="message" targetId={message.id} compact />
              )}
              {!readOnly && !message.deleted && editing !== message.id && (
                <div className="message-actions">
                  {message.authorId === me && (
                    <button type="button" className="link-button" onClick={() => setEditing(message.id)}>
                      Edit
                    </button>
                  )}
                  {(message.authorId === me || moderator) && (
                    <button type="button" className="link-button" onClick={() => thread.delete(message.id)}>
                      Delete
                    </button>
                  )}
                  {(message.authorId === me || moderator) && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => thread.setResolved(message.id, !message.resolved)}
                    >
                      {message.resolved ? 'Reopen' : 'Resolve'}
                    </button>
                  )}
                </div>
              )}
            </div>
          </li>
        ))}
      </ol>
      {!readOnly && (
        <form className="composer" onSubmit={send}>
          <textarea
            name="body"
            rows={2}
            placeholder={internal ? 'Write to your team…' : 'Write a message…'}
            aria-label={`Message to ${title}`}
            aria-describedby={`${arrayName}-hint`}
            onKeyDown={sendOnEnter}
          />
          <button type="submit">Send</button>
          <SendHint id={`${arrayName}-hint`} />
        </form>
      )}
    </section>
  );
}

const quickReactions: Array<[emoji: string, label: string]> = [
  ['👍', 'thumbs up'],
  ['✅', 'done'],
  ['👀', 'looking'],
  ['🎉', 'celebrate'],
  ['❓', 'question'],
];

function Reactions({
  reactions,
  me,
  nameOf,
  readOnly,
  onToggle,
}: {
  reactions: Record<string, string[]>;
  me: string;
  nameOf: (id: string) => string;
  readOnly: boolean;
  onToggle: (emoji: string, mine: boolean) => void;
}) {
  const [picking, setPicking] = useState(false);
  const present = Object.entries(reactions).filter(([, people]) => people.length > 0);
  if (readOnly && present.length === 0) return null;
  const label = (emoji: string) => quickReactions.find(([e]) => e === emoji)?.[1] ?? emoji;
  return (
    <div className="reactions">
      {present.map(([emoji, people]) => {
        const mine = people.includes(me);
        return (
          <button
            key={emoji}
            type="button"
            className={`reaction${mine ? ' mine' : ''}`}
            aria-pressed={mine}
            disabled={readOnly}
            title={people.map(nameOf).join(', ')}
            aria-label={`${label(emoji)}: ${people.map(nameOf).join(', ')}`}
            onClick={() => onToggle(emoji, mine)}
          >
            <span aria-hidden="true">{emoji}</span> {people.length}
          </button>
        );
      })}
      {!readOnly &&
        (picking ? (
          quickReactions.map(([emoji, name]) => (
            <button
              key={emoji}
              type="button"
              className="reaction"
              aria-label={`React with ${name}`}
              onClick={() => {
                onToggle(emoji, (reactions[emoji] ?? []).includes(me));
                setPicking(false);
              }}
            >
              <span aria-hidden="true">{emoji}</span>
            </button>
          ))
        ) : (
          <button type="button" className="link-button" onClick={() => setPicking(true)}>
            React
          </button>
        ))}
    </div>
  );
}
