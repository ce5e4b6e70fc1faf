/**
 * A project's documents — requirements, specifications, meeting notes, deliverables — searchable
 * by title. The team creates them (internal until shared) and renames them in place; the customer
 * sees the shared ones.
 */
import { Plan } from '@atrium/shared/model/plan.ts';
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../app/api.ts';
import { useDocValue, useReplica } from '../app/replicaHooks.ts';
import { FormError } from '../components/FormError.tsx';
import { LimitedInput, titleLimit } from '../components/LengthLimit.tsx';
import {
  emptyProject,
  formatDue,
  kindLabel,
  projectIndexName,
  readProject,
  useProject,
} from '../project/projectData.ts';

const documentKinds = new Set(['document', 'deliverable']);

export function DocumentsList() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const navigate = useNavigate();
  const side = project?.side ?? 'customer';
  const { replica, synced } = useReplica(project ? projectIndexName(side, projectId) : null);
  const view = useDocValue(replica?.doc, (doc) => readProject(side, doc), emptyProject);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const documents = useMemo(
    () =>
      view.items
        .filter((item) => documentKinds.has(item.kind))
        .filter((item) => item.title.toLowerCase().includes(query.trim().toLowerCase()))
        .sort((a, b) => a.title.localeCompare(b.title)),
    [view.items, query],
  );
  if (!project)
    return (
      <main className="page narrow">
        <h1>Project not found</h1>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  const team = side === 'team';
  const statusName = (id: string) => view.workflow.statuses.find((s) => s.id === id)?.name ?? id;

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(null);
    try {
      const created = await api<{ id: string }>('POST', `/projects/${projectId}/items`, {
        title: data.get('title'),
        kind: data.get('kind'),
      });
      navigate(`/p/${projectId}/d/${created.id}`);
    } catch (failure) {
      setError(failure);
    }
  }

  function rename(event: FormEvent<HTMLFormElement>, itemId: string) {
    event.preventDefault();
    const title = String(new FormData(event.currentTarget).get('title') ?? '').trim();
    if (title && replica) new Plan(replica.doc).updateItem(itemId, { title });
    setRenaming(null);
  }

  return (
    <main className="page documents-page">
      <p className="eyebrow">
        <Link to={`/p/${projectId}`}>← {project.name}</Link>
      </p>
      <h1>Documents</h1>
      <div className="toolbar">
        {team && (
          <form className="new-item" onSubmit={(event) => void create(event)} aria-label="New document">
            <LimitedInput
              name="title"
              aria-label="New document title"
              placeholder="Requirements, meeting notes…"
              required
              limit={titleLimit}
            />
            <select name="kind" aria-label="Kind" defaultValue="document">
              <option value="document">Document</option>
              <option value="deliverable">Deliverable (needs approval)</option>
            </select>
            <button type="submit">Create document</button>
          </form>
        )}
        <input
          type="search"
          aria-label="Search documents by title"
          placeholder="Search by title"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <FormError error={error} />
      </div>
      {!synced && documents.length === 0 ? (
        <p role="status" className="loading">
          Loading…
        </p>
      ) : documents.length === 0 ? (
        <div className="empty-state">
          <h2>{query ? 'No document matches' : 'No documents yet'}</h2>
          <p>
            {query
              ? 'Try another word of its title.'
              : team
                ? 'Create the first one above: requirements, a specification, meeting notes or a deliverable.'
                : `${project.workspaceName} has not shared any documents with you yet.`}
          </p>
        </div>
      ) : (
        <ul className="document-list" data-testid="document-list">
          {documents.map((item) => (
            <li key={item.id} className={`card${team && !item.shared ? ' internal' : ''}`}>
              {renaming === item.id ? (
                <form className="row" onSubmit={(event) => rename(event, item.id)}>
                  <LimitedInput
                    name="title"
                    aria-label="New title"
                    defaultValue={item.title}
                    required
                    limit={titleLimit}
                  />
                  <button type="submit" className="small">
                    Rename
                  </button>
                  <button type="button" className="small secondary" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <Link to={`/p/${projectId}/d/${item.id}`} className="document-link">
                  {item.title}
                </Link>
              )}
              <span className="muted">
                {kindLabel[item.kind]} · {statusName(item.status)} · {formatDue(item.dueDate)}
              </span>
              {team && (
                <span className="row">
                  {item.shared ? (
                    <span className="visibility shared">Shared</span>
                  ) : (
                    <span className="visibility internal-mark">Internal</span>
                  )}
                  {renaming !== item.id && (
                    <button type="button" className="link-button" onClick={() => setRenaming(item.id)}>
                      Rename
                    </button>
                  )}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
