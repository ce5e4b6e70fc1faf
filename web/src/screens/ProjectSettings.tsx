/**
 * Project settings: the workflow (columns, colors, what each column means — not started, in
 * progress, waiting on the customer, done, cancelled — and which moves customers may make), members
 * and their roles, and invite links (ProjectPeople.tsx). Admins change them; the rest of the team sees them read-only.
 */
import { Plan } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import {
  defaultWorkflow,
  type StatusCategory,
  statusCategories,
  statusCategoryLabels,
  type Workflow,
  WorkflowSchema,
} from '@atrium/shared/model/workflow.ts';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useDocValue, useReplica } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';
import { useProject } from '../project/projectData.ts';
import { ProjectSlaPolicy } from '../requests/ProjectSlaPolicy.tsx';
import { Invites, Members } from './ProjectPeople.tsx';

export function ProjectSettings() {
  const { projectId = '' } = useParams();
  const { me } = useSignedIn();
  const project = useProject(projectId);
  if (project?.side !== 'team')
    return (
      <main className="page narrow">
        <h1>Settings not available</h1>
        <p>Only the provider’s team can change a project’s settings.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  const role = me.workspaces.find((workspace) => workspace.id === project.workspaceId)?.role;
  const admin = role === 'owner' || role === 'admin';
  return (
    <main className="page settings">
      <p className="eyebrow">
        <Link to={`/p/${project.id}`}>← {project.name}</Link>
      </p>
      <h1>Project settings</h1>
      {!admin && <p className="note">Only workspace admins can change these settings. You can see them here.</p>}
      <WorkflowEditor projectId={project.id} admin={admin} />
      <ProjectSlaPolicy projectId={project.id} admin={admin} />
      <Members project={project} admin={admin} />
      {admin && <Invites project={project} />}
    </main>
  );
}

function WorkflowEditor({ projectId, admin }: { projectId: string; admin: boolean }) {
  const { replica } = useReplica(projectDocumentName.plan(projectId));
  const stored = useDocValue(replica?.doc, (doc) => new Plan(doc).workflow(), defaultWorkflow);
  const [draft, setDraft] = useState<Workflow>(stored);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!dirty) setDraft(stored);
  }, [stored, dirty]);

  const edit = (next: Workflow) => {
    setDraft(next);
    setDirty(true);
    setSaved(false);
  };
  const setStatus = (index: number, change: Partial<Workflow['statuses'][number]>) =>
    edit({ ...draft, statuses: draft.statuses.map((s, i) => (i === index ? { ...s, ...change } : s)) });
  const moveStatus = (index: number, by: number) => {
    const statuses = [...draft.statuses];
    const [moved] = statuses.splice(index, 1);
    if (moved) statuses.splice(index + by, 0, moved);
    edit({ ...draft, statuses });
  };
  const removeStatus = (index: number) => {
    const id = draft.statuses[index]?.id;
    edit({
      statuses: draft.statuses.filter((_, i) => i !== index),
      customerTransitions: draft.customerTransitions.filter(([from, to]) => from !== id && to !== id),
    });
  };
  const addStatus = () => {
    let n = draft.statuses.length + 1;
    while (draft.statuses.some((s) => s.id === `status-${n}`)) n += 1;
    edit({
      ...draft,
      statuses: [
        ...draft.statuses,
        { id: `status-${n}`, name: 'New status', color: '#0891b2', category: 'in_progress' },
      ],
    });
  };
  const allows = (from: string, to: string) => draft.customerTransitions.some(([a, b]) => a === from && b === to);
  const toggleMove = (from: string, to: string) =>
    edit({
      ...draft,
      customerTransitions: allows(from, to)
        ? draft.customerTransitions.filter(([a, b]) => !(a === from && b === to))
        : [...draft.customerTransitions, [from, to]],
    });

  function save() {
    const parsed = WorkflowSchema.safeParse(draft);
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => issue.message).join(' '));
      return;
    }
    if (!replica) return;
    new Plan(replica.doc).setWorkflow(parsed.data);
    setError(null);
    setDirty(false);
    setSaved(true);
  }

  return (
    <section className="card settings-section" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Workflow</h2>
      <p className="muted">
        The board’s columns, in order. Customers see the same columns on their portal. What a column means decides
        progress and what waits on whom: items in a column that means “Done” count as finished wherever that column
        stands, and items in a column that means “Waiting on customer” appear in the customer’s “Waiting on you”.
      </p>
      <table className="workflow-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Color</th>
            <th scope="col">Means</th>
            {admin && <th scope="col">Order</th>}
          </tr>
        </thead>
        <tbody>
          {draft.statuses.map((status, index) => (
            <tr key={status.id}>
              <td>
                <input
                  aria-label={`Name of status ${index + 1}`}
                  value={status.name}
                  disabled={!admin}
                  maxLength={60}
                  onChange={(event) => setStatus(index, { name: event.target.value })}
                />
              </td>
              <td>
                <input
                  type="color"
                  aria-label={`Color of ${status.name}`}
                  value={status.color}
                  disabled={!admin}
                  onChange={(event) => setStatus(index, { color: event.target.value })}
                />
              </td>
              <td>
                <select
                  aria-label={`What ${status.name} means`}
                  value={status.category}
                  disabled={!admin}
                  onChange={(event) => setStatus(index, { category: event.target.value as StatusCategory })}
                >
                  {statusCategories.map((category) => (
                    <option key={category} value={category}>
                      {statusCategoryLabels[category]}
                    </option>
                  ))}
                </select>
              </td>
              {admin && (
                <td>
                  <div className="row">
                    <button
                      type="button"
                      className="small secondary"
                      aria-label={`Move ${status.name} up`}
                      disabled={index === 0}
                      onClick={() => moveStatus(index, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="small secondary"
                      aria-label={`Move ${status.name} down`}
                      disabled={index === draft.statuses.length - 1}
                      onClick={() => moveStatus(index, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="small secondary"
                      aria-label={`Remove ${status.name}`}
                      disabled={draft.statuses.length === 1}
                      onClick={() => removeStatus(index)}
                    >
                      Remove
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {admin && (
        <button type="button" className="secondary" onClick={addStatus}>
          Add a status
        </button>
      )}
      <h3>Moves customers may make</h3>
      <p className="muted">
        Tick a box to let the customer’s collaborators move an item from the row’s status to the column’s. Deliverables
        move only by approval: when the customer approves or asks for changes.
      </p>
      <div className="table-scroll">
        <table className="transitions">
          <thead>
            <tr>
              <th scope="col">From ↓ To →</th>
              {draft.statuses.map((to) => (
                <th key={to.id} scope="col">
                  {to.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.statuses.map((from) => (
              <tr key={from.id}>
                <th scope="row">{from.name}</th>
                {draft.statuses.map((to) => (
                  <td key={to.id}>
                    {from.id !== to.id && (
                      <input
                        type="checkbox"
                        aria-label={`Customers may move from ${from.name} to ${to.name}`}
                        checked={allows(from.id, to.id)}
                        disabled={!admin}
                        onChange={() => toggleMove(from.id, to.id)}
                      />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {admin && (
        <div className="row">
          <button type="button" onClick={save} disabled={!dirty}>
            Save workflow
          </button>
          {dirty && (
            <button type="button" className="secondary" onClick={() => setDirty(false)}>
              Discard changes
            </button>
          )}
          {saved && <span role="status">Saved — everyone’s board follows.</span>}
        </div>
      )}
    </section>
  );
}
