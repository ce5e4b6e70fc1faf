/**
 * Project settings: the workflow (columns, colors, what each column means — not started, in
 * progress, waiting on the customer, done, cancelled — and which moves customers may make), members
 * and their roles, and invite links. Admins change them; the rest of the team sees them read-only.
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
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type Invite, type MeProject, type Person } from '../app/api.ts';
import { useDocValue, useReplica } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { useProject } from '../project/projectData.ts';

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
        progress and what waits on whom: items in a “Done” column count as finished wherever they stand, items in a
        “Waiting on customer” column appear in the customer’s “Waiting on you”.
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
                <td className="row">
                  <button
                    type="button"
                    className="small secondary"
                    aria-label={`Move ${status.name} left`}
                    disabled={index === 0}
                    onClick={() => moveStatus(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="small secondary"
                    aria-label={`Move ${status.name} right`}
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

function Members({ project, admin }: { project: MeProject; admin: boolean }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = () => api<Person[]>('GET', `/projects/${project.id}/people`).then(setPeople, setError);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load only when the project changes
  useEffect(() => {
    void load();
  }, [project.id]);

  async function act(request: Promise<unknown>) {
    setError(null);
    try {
      await request;
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="members-title">
      <h2 id="members-title">People</h2>
      <table className="people">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Side</th>
            <th scope="col">Role</th>
            {admin && <th scope="col">Remove</th>}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.userId}>
              <td>
                {person.name}
                <br />
                <span className="muted">{person.email}</span>
              </td>
              <td>{person.side === 'team' ? 'Your team' : (project.customerName ?? 'Customer')}</td>
              <td>
                {admin && person.side === 'customer' ? (
                  <select
                    aria-label={`Role of ${person.name}`}
                    value={person.role}
                    onChange={(event) =>
                      void act(
                        api('PUT', `/projects/${project.id}/members/${person.userId}`, { role: event.target.value }),
                      )
                    }
                  >
                    <option value="collaborator">Collaborator (can edit shared items)</option>
                    <option value="viewer">Viewer (read-only)</option>
                  </select>
                ) : (
                  person.role
                )}
              </td>
              {admin && (
                <td>
                  {person.side === 'customer' && (
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => void act(api('DELETE', `/projects/${project.id}/members/${person.userId}`))}
                    >
                      Remove
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={error} />
    </section>
  );
}

function Invites({ project }: { project: MeProject }) {
  const [invites, setInvites] = useState<Invite[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    api<Invite[]>('GET', `/workspaces/${project.workspaceId}/invites`).then(
      (all) => setInvites(all.filter((invite) => invite.projectId === project.id)),
      setError,
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load only when the project changes
  useEffect(() => {
    void load();
  }, [project.id]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(null);
    setCopied(false);
    try {
      const invite = await api<Invite & { url: string }>('POST', `/workspaces/${project.workspaceId}/invites`, {
        projectId: project.id,
        role: data.get('role'),
        expiresInHours: Number(data.get('days')) * 24,
        maxUses: Number(data.get('uses')),
      });
      setCreated(`${location.origin}/join/${invite.url.split('/join/')[1] ?? ''}`);
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  async function revoke(id: string) {
    setError(null);
    try {
      await api('DELETE', `/workspaces/${project.workspaceId}/invites/${id}`);
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  const now = Date.now();
  return (
    <section className="card settings-section" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite links</h2>
      <form className="row wrap" onSubmit={(event) => void create(event)}>
        <label>
          Role
          <select name="role" defaultValue="collaborator">
            <option value="collaborator">{project.customerName ?? 'Customer'} collaborator</option>
            <option value="viewer">{project.customerName ?? 'Customer'} viewer (read-only)</option>
            <option value="member">Team member</option>
          </select>
        </label>
        <label>
          Expires after
          <select name="days" defaultValue="7">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </label>
        <label>
          Can be used
          <select name="uses" defaultValue="1">
            <option value="1">once</option>
            <option value="10">10 times</option>
            <option value="100">100 times</option>
          </select>
        </label>
        <button type="submit">Create invite link</button>
      </form>
      {created && (
        <div className="invite-created" role="status">
          <label>
            Send this link (it is shown only now)
            <input readOnly value={created} data-testid="invite-url" onFocus={(event) => event.target.select()} />
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(created).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      <FormError error={error} />
      {invites.length > 0 && (
        <ul className="invites">
          {invites.map((invite) => {
            const state = invite.revokedAt
              ? 'Revoked'
              : invite.expiresAt < now
                ? 'Expired'
                : invite.uses >= invite.maxUses
                  ? 'Used up'
                  : `Active until ${new Date(invite.expiresAt).toLocaleDateString()}`;
            return (
              <li key={invite.id}>
                <span>
                  {invite.role} · used {invite.uses} of {invite.maxUses} · {state}
                </span>
                {!invite.revokedAt && invite.expiresAt >= now && invite.uses < invite.maxUses && (
                  <button type="button" className="small secondary" onClick={() => void revoke(invite.id)}>
                    Revoke
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
