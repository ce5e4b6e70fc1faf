/**
 * Home. For the provider's team: each workspace's customers and their projects, with progress and
 * what is waiting on whom. For a customer's people: one "Waiting on you" list across every project
 * (and provider) they are in, then their projects.
 */
import { waitingOnPerson } from '@atrium/shared/model/waitingOn.ts';
import { isClosed, progressOf } from '@atrium/shared/model/workflow.ts';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, type Me, type MeProject } from '../app/api.ts';
import { useDocValue, useReplica } from '../app/replicaHooks.ts';
import { useSession, useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { LimitedInput, titleLimit } from '../components/LengthLimit.tsx';
import { CustomerHealth } from '../feedback/CustomerHealth.tsx';
import { useAssignedRequests } from '../project/assignedRequests.ts';
import { emptyProject, projectIndexName, readProject, urgencyOf } from '../project/projectData.ts';
import { WaitingList, type WaitingRow, waitingRows } from '../project/WaitingList.tsx';
import { MyRequests } from '../requests/MyRequests.tsx';
import { withoutRequests } from '../requests/requestItems.ts';
import { WorkspaceLinks } from '../requests/WorkspaceLinks.tsx';

export function Home() {
  const { me } = useSignedIn();
  const teamProjects = me.projects.filter((project) => project.side === 'team');
  const customerProjects = me.projects.filter((project) => project.side === 'customer');
  return (
    <main className="page home">
      {customerProjects.length > 0 && <CustomerHome projects={customerProjects} />}
      {me.workspaces.map((workspace) => (
        <WorkspaceSection
          key={workspace.id}
          workspace={workspace}
          projects={teamProjects.filter((project) => project.workspaceId === workspace.id)}
        />
      ))}
      {me.workspaces.length === 0 && customerProjects.length === 0 && <FirstWorkspace />}
    </main>
  );
}

function CustomerHome({ projects }: { projects: MeProject[] }) {
  const { me } = useSignedIn();
  const assignedRequests = useAssignedRequests(me.user.id);
  const [rows, setRows] = useState<Record<string, WaitingRow[]>>({});
  const report = useCallback(
    (projectId: string, projectRows: WaitingRow[]) => setRows((all) => ({ ...all, [projectId]: projectRows })),
    [],
  );
  const all = Object.values(rows).flat();
  const overdue = all.filter((row) => urgencyOf(row.item.dueDate) === 'overdue').length;
  return (
    <>
      <section className="waiting-section" aria-labelledby="waiting-all">
        <h1 id="waiting-all">Waiting on you</h1>
        <p className="lead">
          {all.length === 0
            ? 'Nothing is waiting on you right now.'
            : `${all.length} ${all.length === 1 ? 'thing needs' : 'things need'} you${overdue ? `, ${overdue} overdue` : ''}.`}
        </p>
        {projects.map((project) => (
          <WaitingCollector
            key={project.id}
            project={project}
            userId={me.user.id}
            assignedRequestIds={assignedRequests.byProject.get(project.id)}
            report={report}
          />
        ))}
        <FormError error={assignedRequests.error} />
        {all.length > 0 && (
          <WaitingList
            rows={all}
            readOnly={false}
            showProject={projects.length > 1}
            hrefFor={(row) => `/p/${row.project.id}/i/${row.item.id}`}
          />
        )}
      </section>
      <MyRequests />
      <section aria-labelledby="your-projects">
        <h2 id="your-projects">Your projects</h2>
        <ul className="project-grid">
          {projects.map((project) => (
            <li key={project.id}>
              <ProjectCard project={project} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** Reads one project's portal and reports what in it waits on the customer. */
function WaitingCollector({
  project,
  userId,
  assignedRequestIds,
  report,
}: {
  project: MeProject;
  userId: string;
  assignedRequestIds: ReadonlySet<string> | undefined;
  report: (projectId: string, rows: WaitingRow[]) => void;
}) {
  const { replica } = useReplica(projectIndexName('customer', project.id));
  const view = useDocValue(replica?.doc, (doc) => readProject('customer', doc), emptyProject);
  useEffect(() => {
    const person = { userId, canAct: project.role !== 'viewer', assignedRequestIds };
    report(project.id, waitingRows(view, project, person));
  }, [view, project, userId, assignedRequestIds, report]);
  return null;
}

function WorkspaceSection({ workspace, projects }: { workspace: Me['workspaces'][number]; projects: MeProject[] }) {
  const admin = workspace.role === 'owner' || workspace.role === 'admin';
  const byCustomer = useMemo(() => {
    const groups = new Map<string, MeProject[]>();
    for (const project of projects) {
      const key = project.customerName ?? 'No customer';
      groups.set(key, [...(groups.get(key) ?? []), project]);
    }
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [projects]);
  return (
    <section className="workspace" aria-labelledby={`ws-${workspace.id}`}>
      <h1 id={`ws-${workspace.id}`}>{workspace.name}</h1>
      <WorkspaceLinks workspaceId={workspace.id} admin={admin} />
      <CustomerHealth workspaceId={workspace.id} admin={admin} />
      {projects.length === 0 && (
        <div className="empty-state">
          <h2>No projects yet</h2>
          <p>
            {admin ? 'Add a customer and a project below to start.' : 'An admin of this workspace can add projects.'}
          </p>
        </div>
      )}
      {byCustomer.map(([customer, list]) => (
        <div key={customer} className="customer-group">
          <h2>{customer}</h2>
          <ul className="project-grid">
            {list.map((project) => (
              <li key={project.id}>
                <ProjectCard project={project} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {admin && <NewProjectForm workspaceId={workspace.id} />}
    </section>
  );
}

/** A project at a glance: progress and what waits on whom, read live from the plan (or portal). */
function ProjectCard({ project }: { project: MeProject }) {
  const { replica, synced } = useReplica(projectIndexName(project.side, project.id));
  // Progress is the plan's: requests have their own status and clocks ("My requests", the queue).
  const view = withoutRequests(useDocValue(replica?.doc, (doc) => readProject(project.side, doc), emptyProject));
  const { workflow } = view;
  const { done: finished, total } = progressOf(
    workflow,
    view.items.map((item) => item.status),
  );
  const open = view.items.filter((item) => !isClosed(workflow, item.status));
  const { me } = useSignedIn();
  // On the customer's side, what waits on them includes what is assigned to them.
  const waitingOnCustomer =
    project.side === 'customer'
      ? waitingOnPerson(open, workflow, { userId: me.user.id, canAct: true }).length
      : open.filter((item) => item.waitingOnCustomer).length;
  const waitingOnTeam = open.length - waitingOnCustomer;
  const overdue = open.filter((item) => urgencyOf(item.dueDate) === 'overdue').length;
  const percent = total === 0 ? 0 : Math.round((finished / total) * 100);
  const customerSide = project.side === 'customer';
  return (
    <Link to={`/p/${project.id}`} className="card project-card" data-testid="project-card">
      <span className="project-name">{project.name}</span>
      <span className="muted">
        {customerSide ? project.workspaceName : (project.customerName ?? 'Internal project')}
      </span>
      <span className="progress" role="img" aria-label={`${finished} of ${total} done`}>
        <span style={{ width: `${percent}%` }} />
      </span>
      <span className="project-stats">
        {!synced && total === 0 ? (
          'Loading…'
        ) : (
          <>
            {finished}/{total} done · Waiting on {customerSide ? 'you' : 'customer'}: {waitingOnCustomer} · Waiting on{' '}
            {customerSide ? project.workspaceName : 'team'}: {waitingOnTeam}
            {overdue > 0 && <span className="due-overdue"> · {overdue} overdue</span>}
          </>
        )}
      </span>
    </Link>
  );
}

function NewProjectForm({ workspaceId }: { workspaceId: string }) {
  const { refresh } = useSession();
  const [customers, setCustomers] = useState<Array<{ id: string; name: string }>>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Array<{ id: string; name: string }>>('GET', `/workspaces/${workspaceId}/customers`).then(
      setCustomers,
      () => undefined,
    );
  }, [workspaceId]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    try {
      let customerId = String(data.get('customerId') ?? '');
      const newCustomer = String(data.get('newCustomer') ?? '').trim();
      if (customerId === 'new') {
        const created = await api<{ id: string; name: string }>('POST', `/workspaces/${workspaceId}/customers`, {
          name: newCustomer,
        });
        setCustomers((list) => [...list, created]);
        customerId = created.id;
      }
      await api('POST', `/workspaces/${workspaceId}/projects`, {
        name: data.get('name'),
        customerId: customerId || null,
      });
      form.reset();
      await refresh();
    } catch (failure) {
      setError(failure);
    }
  }
  const [choice, setChoice] = useState('');
  return (
    <details className="new-project">
      <summary>New project</summary>
      <form onSubmit={(event) => void submit(event)} className="stack">
        {/* biome-ignore lint/a11y/noLabelWithoutControl: LimitedInput renders the input this label wraps */}
        <label>
          Project name
          <LimitedInput name="name" required limit={titleLimit} />
        </label>
        <label>
          Customer
          <select name="customerId" value={choice} onChange={(event) => setChoice(event.target.value)}>
            <option value="">No customer (internal project)</option>
            {customers.map((customer) => (
              <option key={customer.id} value={customer.id}>
                {customer.name}
              </option>
            ))}
            <option value="new">A new customer…</option>
          </select>
        </label>
        {choice === 'new' && (
          // biome-ignore lint/a11y/noLabelWithoutControl: LimitedInput renders the input this label wraps
          <label>
            New customer’s name
            <LimitedInput name="newCustomer" required limit={titleLimit} />
          </label>
        )}
        <FormError error={error} />
        <button type="submit">Create project</button>
      </form>
    </details>
  );
}

function FirstWorkspace() {
  const { refresh } = useSession();
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      await api('POST', '/workspaces', { name: new FormData(event.currentTarget).get('name') });
      await refresh();
    } catch (failure) {
      setError(failure);
    }
  }
  return (
    <div className="empty-state">
      <h1>Welcome to Atrium</h1>
      <p>
        You are not in any project yet. If a provider invited you, open the link they sent. To run projects with your
        own customers, create a workspace.
      </p>
      <form onSubmit={(event) => void submit(event)} className="row">
        <LimitedInput
          name="name"
          aria-label="Workspace name"
          placeholder="Your company’s name"
          required
          limit={titleLimit}
        />
        <button type="submit">Create workspace</button>
      </form>
      <FormError error={error} />
    </div>
  );
}
