/**
 * The team's feedback inbox (`/w/:workspaceId/feedback`, `?project=` for one project): customers'
 * reactions newest first, filtered by state (unanswered by default), sentiment and service team.
 * Each entry can be routed to a service team, answered (the customer who gave it sees the answer),
 * or turned into a request in one action — which then links to the new request. New feedback shows
 * up on its own every few seconds while the page is open.
 */
import {
  type FeedbackView,
  feedbackSentiments,
  maxFeedbackAnswer,
  type ServiceTeam,
  sentimentEmoji,
  sentimentLabels,
} from '@atrium/shared/model/feedback.ts';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../app/api.ts';
import { useRefetch } from '../app/refetch.ts';
import { useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { LengthNotice } from '../components/LengthLimit.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';
import './feedback.css';
import { requestPath } from '../requests/requestApi.ts';

/** New feedback appears this quickly while the inbox is open. */
const inboxRefreshMs = 5_000;

const targetWords = { item: 'the item', request: 'the request', message: 'a message', comment: 'a comment' } as const;

type RequestType = { key: string; name: string; archived: boolean };

export function FeedbackInbox() {
  const { workspaceId = '' } = useParams();
  const { me } = useSignedIn();
  const workspace = me.workspaces.find((candidate) => candidate.id === workspaceId);
  const [params, setParams] = useSearchParams();
  const filter = {
    state: params.get('state') ?? 'unanswered',
    sentiment: params.get('sentiment') ?? '',
    team: params.get('team') ?? '',
    project: params.get('project') ?? '',
  };
  const [entries, setEntries] = useState<FeedbackView[] | null>(null);
  const [teams, setTeams] = useState<ServiceTeam[]>([]);
  const [types, setTypes] = useState<RequestType[]>([]);
  const [error, setError] = useState<unknown>(null);
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== '')).toString();

  // Entries acted on here stay in view (with the answer or the new request's link) even once the
  // filter — "unanswered", say — no longer matches them, until the filter changes.
  const touched = useRef({ query, entries: new Map<string, FeedbackView>() });
  const load = useCallback(() => {
    if (touched.current.query !== query) touched.current = { query, entries: new Map() };
    api<{ feedback: FeedbackView[] }>('GET', `/workspaces/${workspaceId}/feedback?${query}`).then((result) => {
      const fetched = new Set(result.feedback.map((entry) => entry.id));
      const kept = [...touched.current.entries.values()].filter((entry) => !fetched.has(entry.id));
      setEntries([...result.feedback, ...kept].sort((a, b) => b.createdAt - a.createdAt));
      setError(null);
    }, setError);
  }, [workspaceId, query]);
  useEffect(load, [load]);
  useRefetch(load, inboxRefreshMs);
  useEffect(() => {
    if (!workspace) return;
    api<ServiceTeam[]>('GET', `/workspaces/${workspaceId}/teams`).then(setTeams, setError);
    api<{ types: RequestType[] }>('GET', `/workspaces/${workspaceId}/request-types`).then(
      (result) => setTypes(result.types.filter((type) => !type.archived)),
      setError,
    );
  }, [workspace, workspaceId]);

  if (!workspace)
    return (
      <main className="page narrow">
        <h1>Feedback inbox not available</h1>
        <p>Only the provider’s team sees customers’ feedback.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );

  const projects = me.projects.filter((project) => project.workspaceId === workspaceId && project.side === 'team');
  const project = projects.find((candidate) => candidate.id === filter.project);
  const setFilter = (name: keyof typeof filter, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };
  const replace = (changed: FeedbackView) => {
    touched.current.entries.set(changed.id, changed);
    setEntries((list) => list?.map((entry) => (entry.id === changed.id ? changed : entry)) ?? null);
  };
  const liveTeams = teams.filter((team) => !team.archived);

  return (
    <main className="page feedback-inbox">
      <p className="eyebrow">
        {project ? <Link to={`/p/${project.id}`}>← {project.name}</Link> : <Link to="/">← {workspace.name}</Link>}
      </p>
      <h1>Feedback inbox{project ? ` — ${project.name}` : ''}</h1>
      <p className="lead">What customers told you with one click. Answer them, route them, or make them requests.</p>
      <fieldset className="filters" aria-label="Filter feedback">
        <label className="inline-label">
          Show
          <select value={filter.state} onChange={(event) => setFilter('state', event.target.value)}>
            <option value="unanswered">Unanswered</option>
            <option value="handled">Answered or made a request</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="inline-label">
          Reaction
          <select value={filter.sentiment} onChange={(event) => setFilter('sentiment', event.target.value)}>
            <option value="">Any</option>
            {feedbackSentiments.map((sentiment) => (
              <option key={sentiment} value={sentiment}>
                {sentimentLabels[sentiment]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          Team
          <select value={filter.team} onChange={(event) => setFilter('team', event.target.value)}>
            <option value="">Any</option>
            <option value="none">Not routed</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          Project
          <select value={filter.project} onChange={(event) => setFilter('project', event.target.value)}>
            <option value="">All projects</option>
            {projects.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <FormError error={error} />
      {entries === null && !error && <p role="status">Loading…</p>}
      {entries?.length === 0 && (
        <div className="empty-state">
          <h2>Nothing here</h2>
          <p>No feedback matches these filters.</p>
        </div>
      )}
      <ol className="feedback-list">
        {entries?.map((entry) => (
          <FeedbackCard key={entry.id} entry={entry} teams={liveTeams} types={types} onChange={replace} />
        ))}
      </ol>
    </main>
  );
}

function FeedbackCard({
  entry,
  teams,
  types,
  onChange,
}: {
  entry: FeedbackView;
  teams: ServiceTeam[];
  types: RequestType[];
  onChange: (entry: FeedbackView) => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [answering, setAnswering] = useState(false);
  const [answer, setAnswer] = useState(entry.answer ?? '');
  const [type, setType] = useState(entry.sentiment === 'concern' ? 'issue' : 'question');
  const answerId = useId();
  const noticeId = useId();
  const base = `/projects/${entry.projectId}/feedback/${entry.id}`;

  async function act(action: () => Promise<FeedbackView>) {
    setError(null);
    setBusy(true);
    try {
      onChange(await action());
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const route = (teamId: string) => act(() => api('PUT', `${base}/team`, { teamId: teamId || null }));
  async function sendAnswer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await act(() => api('PUT', `${base}/answer`, { answer: answer.trim() }))) setAnswering(false);
  }
  const turn = () =>
    act(async () => (await api<{ feedback: FeedbackView }>('POST', `${base}/request`, { type })).feedback);

  return (
    <li className={`feedback-card card sentiment-${entry.sentiment}`} data-testid="feedback-entry">
      <div className="feedback-card-head">
        <span className={`feedback-badge sentiment-${entry.sentiment}`}>
          <span aria-hidden="true">{sentimentEmoji[entry.sentiment]}</span> {sentimentLabels[entry.sentiment]}
        </span>
        <strong>{entry.authorName}</strong>
        <span className="muted">
          {entry.customerName ?? 'Internal project'} · {entry.projectName}
        </span>
        <RelativeTime at={entry.createdAt} />
      </div>
      <p className="feedback-about">
        On {targetWords[entry.targetKind]}
        {entry.targetKind === 'message' || entry.targetKind === 'comment' ? ' of ' : ' '}
        <Link to={`/p/${entry.projectId}/i/${entry.itemId}`}>“{entry.itemTitle || 'an item'}”</Link>
      </p>
      {entry.note ? <p className="feedback-note-text">{entry.note}</p> : <p className="muted">No note.</p>}
      {entry.answer && !answering && (
        <p className="feedback-answer">
          <strong>{entry.answeredByName ?? 'The team'} answered:</strong> {entry.answer}
        </p>
      )}
      {entry.requestId && (
        <p className="feedback-answer">
          Made into{' '}
          <Link to={requestPath(entry.projectId, entry.requestId)}>
            request{entry.requestNumber ? ` #${entry.requestNumber}` : ''}
          </Link>
        </p>
      )}
      {answering ? (
        <form className="stack feedback-answer-form" onSubmit={(event) => void sendAnswer(event)}>
          <label htmlFor={answerId}>Your answer (the customer who gave this feedback sees it)</label>
          <textarea
            id={answerId}
            rows={3}
            value={answer}
            required
            aria-describedby={noticeId}
            onChange={(event) => setAnswer(event.target.value)}
          />
          <LengthNotice id={noticeId} length={answer.length} max={maxFeedbackAnswer} />
          <div className="row">
            <button type="submit" className="small" disabled={busy || answer.length > maxFeedbackAnswer}>
              Send answer
            </button>
            <button type="button" className="small secondary" onClick={() => setAnswering(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="row wrap feedback-actions">
          <label className="inline-label">
            Team
            <select value={entry.teamId ?? ''} disabled={busy} onChange={(event) => void route(event.target.value)}>
              <option value="">Not routed</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
              {entry.teamId && !teams.some((team) => team.id === entry.teamId) && (
                <option value={entry.teamId}>{entry.teamName ?? 'Archived team'}</option>
              )}
            </select>
          </label>
          <button type="button" className="small secondary" disabled={busy} onClick={() => setAnswering(true)}>
            {entry.answer ? 'Change answer' : 'Answer'}
          </button>
          {!entry.requestId && (
            <span className="row">
              <select aria-label="Request type" value={type} disabled={busy} onChange={(e) => setType(e.target.value)}>
                {types.map((candidate) => (
                  <option key={candidate.key} value={candidate.key}>
                    {candidate.name}
                  </option>
                ))}
              </select>
              <button type="button" className="small" disabled={busy} onClick={() => void turn()}>
                Turn into request
              </button>
            </span>
          )}
        </div>
      )}
      <FormError error={error} />
    </li>
  );
}
