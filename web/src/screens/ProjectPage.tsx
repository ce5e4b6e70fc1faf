/**
 * A project: the team's board (from the plan, with internal items marked, sharing, filters and
 * "view as customer"), or the customer's portal (shared items only, what is waiting on them, and
 * requests). The task panel opens beside the board at /p/<project>/i/<item>.
 */
import { orderBetween } from '@atrium/shared/model/ordering.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { customerMoves, isClosed } from '@atrium/shared/model/workflow.ts';
import { type FormEvent, type ReactNode, useCallback, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { api, type MeProject, type Person } from '../app/api.ts';
import { useReplica } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';
import { Board, type MoveTarget } from '../board/Board.tsx';
import { FormError } from '../components/FormError.tsx';
import { LimitedInput, titleLimit } from '../components/LengthLimit.tsx';
import { ProjectPresence } from '../components/Presence.tsx';
import { useAssignedRequests } from '../project/assignedRequests.ts';
import { activeFilters, applyFilters, type Filters, isFiltering, noFilters } from '../project/boardFilters.ts';
import { ItemCard } from '../project/ItemCard.tsx';
import { ItemPanel } from '../project/ItemPanel.tsx';
import { type BoardItem, projectIndexName, usePeople, useProject, useProjectView } from '../project/projectData.ts';
import { useSharing } from '../project/useSharing.tsx';
import { WaitingList, waitingRows } from '../project/WaitingList.tsx';
import { newRequestPath, requestPath, requestsPath } from '../requests/requestApi.ts';
import { withoutRequests } from '../requests/requestItems.ts';

export function ProjectPage() {
  const { projectId = '', itemId } = useParams();
  const project = useProject(projectId);
  if (!project)
    return (
      <main className="page narrow">
        <h1>Project not found</h1>
        <p>This project does not exist, or you are no longer a member of it.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  return project.side === 'team' ? (
    <TeamProject project={project} itemId={itemId} />
  ) : (
    <CustomerProject
      project={project}
      itemId={itemId}
      basePath={`/p/${project.id}`}
      readOnly={project.role === 'viewer'}
    />
  );
}

const anyMove = () => true;

function TeamProject({ project, itemId }: { project: MeProject; itemId: string | undefined }) {
  const { me } = useSignedIn();
  const navigate = useNavigate();
  const { replica, synced } = useReplica(projectIndexName('team', project.id));
  const view = withoutRequests(useProjectView('team', replica?.doc));
  const people = usePeople(project.id);
  const customerName = project.customerName ?? 'the customer';
  const sharing = useSharing(project.id, customerName);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const { workflow } = view;
  const items = useMemo(() => applyFilters(view.items, filters, me.user.id), [view.items, filters, me.user.id]);
  const customers = people.filter((person) => person.side === 'customer');

  const move = useCallback(
    ({ item, status, before, after }: MoveTarget) => {
      if (!replica) return;
      new Plan(replica.doc).updateItem(item.id, {
        status,
        order: orderBetween(before?.order ?? null, after?.order ?? null),
      });
    },
    [replica],
  );
  const askSharing = sharing.ask;
  const renderCard = useCallback(
    (item: BoardItem, handle: ReactNode) => (
      <ItemCard
        item={item}
        href={`/p/${project.id}/i/${item.id}`}
        people={people}
        dragHandle={handle}
        closed={isClosed(workflow, item.status)}
        team={{ customerName, onShare: (share) => askSharing(item.id, item.title, share) }}
      />
    ),
    [project.id, people, workflow, customerName, askSharing],
  );

  return (
    <main className="page project-page">
      <header className="project-header">
        <div>
          <p className="eyebrow">
            {project.workspaceName} · {customerName}
          </p>
          <h1>{project.name}</h1>
        </div>
        <div className="project-actions">
          <ProjectPresence projectId={project.id} />
          {customers.length > 0 && (
            <label className="inline-label">
              <span>View as customer</span>
              <select
                value=""
                onChange={(event) => event.target.value && navigate(`/p/${project.id}/as/${event.target.value}`)}
              >
                <option value="">Choose a person…</option>
                {customers.map((person) => (
                  <option key={person.userId} value={person.userId}>
                    {person.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <Link className="button secondary" to={`/p/${project.id}/docs`}>
            Documents
          </Link>
          <Link className="button secondary" to={requestsPath(project.id)}>
            Requests
          </Link>
          <Link className="button secondary" to={`/p/${project.id}/sla`}>
            SLA report
          </Link>
          <Link className="button secondary" to={`/w/${project.workspaceId}/feedback?project=${project.id}`}>
            Feedback
          </Link>
          <Link className="button secondary" to={`/p/${project.id}/settings`}>
            Settings
          </Link>
        </div>
      </header>
      <div className="toolbar">
        <NewItemForm projectId={project.id} customerName={customerName} />
        <FilterBar filters={filters} onChange={setFilters} people={people} />
      </div>
      {!synced && view.items.length === 0 ? (
        <p role="status" className="loading">
          Loading the plan…
        </p>
      ) : view.items.length === 0 ? (
        <div className="empty-state">
          <h2>No work in this project yet</h2>
          <p>Add the first task above. Items start internal; share them with {customerName} when they are ready.</p>
        </div>
      ) : (
        <Board
          items={items}
          workflow={view.workflow}
          canMove={anyMove}
          onMove={move}
          emptyColumn={!isFiltering(filters) ? 'Nothing here yet' : 'Nothing matches the filters'}
          renderCard={renderCard}
        />
      )}
      {itemId && view.requestIds.has(itemId) && <Navigate to={requestPath(project.id, itemId)} replace />}
      {itemId && !view.requestIds.has(itemId) && (
        <ItemPanel
          key={itemId}
          side="team"
          project={project}
          itemId={itemId}
          item={view.items.find((item) => item.id === itemId)}
          workflow={view.workflow}
          people={people}
          planDoc={replica?.doc}
          onShare={(share, title) => sharing.ask(itemId, title, share)}
          closeHref={`/p/${project.id}`}
          readOnly={false}
        />
      )}
      {sharing.dialog}
    </main>
  );
}

function FilterBar({
  filters,
  onChange,
  people,
}: {
  filters: Filters;
  onChange: (filters: Filters) => void;
  people: Person[];
}) {
  const set = (key: keyof Filters) => (event: { target: { value: string } }) =>
    onChange({ ...filters, [key]: event.target.value });
  // On a phone the filters fold behind a button, so the board starts on the first screen (styles.css).
  const [open, setOpen] = useState(false);
  const active = activeFilters(filters);
  return (
    <>
      <button
        type="button"
        className="secondary small filters-toggle"
        aria-expanded={open}
        aria-controls="board-filters"
        onClick={() => setOpen(!open)}
      >
        {active ? `Filters (${active})` : 'Filters'}
      </button>
      <fieldset id="board-filters" className={`filters${open ? ' open' : ''}`}>
        <legend className="visually-hidden">Filter the board</legend>
        <input
          type="search"
          placeholder="Filter by title"
          aria-label="Filter by title"
          value={filters.text}
          onChange={set('text')}
        />
        <select aria-label="Assignee" value={filters.assignee} onChange={set('assignee')}>
          <option value="">Anyone</option>
          <option value="me">Assigned to me</option>
          <option value="none">Unassigned</option>
          {people
            .filter((person) => person.side === 'team')
            .map((person) => (
              <option key={person.userId} value={person.userId}>
                {person.name}
              </option>
            ))}
        </select>
        <select aria-label="Due" value={filters.due} onChange={set('due')}>
          <option value="">Any due date</option>
          <option value="overdue">Overdue</option>
          <option value="week">Due within a week</option>
          <option value="none">No due date</option>
        </select>
        <select aria-label="Visibility" value={filters.visibility} onChange={set('visibility')}>
          <option value="">Shared and internal</option>
          <option value="shared">Shared only</option>
          <option value="internal">Internal only</option>
        </select>
        {isFiltering(filters) && (
          <button type="button" className="link-button" onClick={() => onChange(noFilters)}>
            Clear filters
          </button>
        )}
      </fieldset>
    </>
  );
}

function NewItemForm({ projectId, customerName }: { projectId: string; customerName: string }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/projects/${projectId}/items`, {
        title: data.get('title'),
        kind: data.get('kind'),
        shared: data.get('shared') === 'on',
      });
      form.reset();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="new-item" onSubmit={(event) => void submit(event)} aria-label="Add an item">
      <LimitedInput
        name="title"
        placeholder="Add a task, deliverable or document…"
        aria-label="New item title"
        required
        limit={titleLimit}
      />
      <select name="kind" aria-label="Kind" defaultValue="task">
        <option value="task">Task</option>
        <option value="deliverable">Deliverable</option>
        <option value="document">Document</option>
      </select>
      <label className="checkbox">
        <input type="checkbox" name="shared" /> Share with {customerName}
      </label>
      <button type="submit" disabled={busy}>
        Add
      </button>
      <FormError error={error} />
    </form>
  );
}

/** The customer's view of a project; also what "view as customer" renders, read-only. */
export function CustomerProject({
  project,
  itemId,
  basePath,
  readOnly,
  personId,
}: {
  project: MeProject;
  itemId: string | undefined;
  basePath: string;
  readOnly: boolean;
  /** Whose "Waiting on you" to show: the signed-in person unless the team previews a customer's view. */
  personId?: string;
}) {
  const { me } = useSignedIn();
  const assignedRequests = useAssignedRequests(me.user.id);
  const { replica, synced } = useReplica(projectIndexName('customer', project.id));
  const portal = useProjectView('customer', replica?.doc);
  const view = withoutRequests(portal);
  const people = usePeople(project.id);
  const [moveError, setMoveError] = useState<unknown>(null);
  const { workflow } = view;
  // Requests are no cards, but one assigned to this person waits on them like a task does.
  const waiting = waitingRows(portal, project, {
    userId: personId ?? me.user.id,
    canAct: true,
    assignedRequestIds: personId ? undefined : assignedRequests.byProject.get(project.id),
  });

  const canMove = useCallback(
    (item: BoardItem, to: string) => !readOnly && customerMoves(view.workflow, item).includes(to),
    [readOnly, view.workflow],
  );
  const renderCard = useCallback(
    (item: BoardItem, handle: ReactNode) => (
      <ItemCard
        item={item}
        href={`${basePath}/i/${item.id}`}
        people={people}
        dragHandle={readOnly ? null : handle}
        closed={isClosed(workflow, item.status)}
      />
    ),
    [basePath, people, readOnly, workflow],
  );
  const move = useCallback(
    async (target: MoveTarget) => {
      if (target.status === target.item.status) return;
      setMoveError(null);
      try {
        await api('PUT', `/projects/${project.id}/items/${target.item.id}/status`, { status: target.status });
      } catch (failure) {
        setMoveError(failure);
      }
    },
    [project.id],
  );
  const onMove = useCallback((target: MoveTarget) => void move(target), [move]);

  return (
    <main className="page project-page portal">
      <header className="project-header">
        <div>
          <p className="eyebrow">{project.workspaceName}</p>
          <h1>{project.name}</h1>
        </div>
        <div className="project-actions">
          <ProjectPresence projectId={project.id} />
          {!basePath.includes('/as/') && (
            <Link className="button secondary" to={`/p/${project.id}/docs`}>
              Documents
            </Link>
          )}
          {!basePath.includes('/as/') && (
            <Link className="button secondary" to={requestsPath(project.id)}>
              Requests
            </Link>
          )}
          {!readOnly && (
            <Link className="button" to={newRequestPath(project.id)}>
              New request
            </Link>
          )}
        </div>
      </header>
      <section className="waiting-section" aria-labelledby="waiting-here">
        <h2 id="waiting-here">Waiting on you</h2>
        {waiting.length === 0 ? (
          <p className="empty-inline">{synced ? 'Nothing is waiting on you here. 🎉' : 'Loading…'}</p>
        ) : (
          <WaitingList rows={waiting} readOnly={readOnly} hrefFor={(row) => `${basePath}/i/${row.item.id}`} />
        )}
      </section>
      <FormError error={moveError} />
      {!synced && view.items.length === 0 ? (
        <p role="status" className="loading">
          Loading the project…
        </p>
      ) : view.items.length === 0 ? (
        <div className="empty-state">
          <h2>Nothing shared with you yet</h2>
          <p>When {project.workspaceName} shares tasks and deliverables with you, they appear here at once.</p>
        </div>
      ) : (
        <Board items={view.items} workflow={view.workflow} canMove={canMove} onMove={onMove} renderCard={renderCard} />
      )}
      {itemId && view.requestIds.has(itemId) && !basePath.includes('/as/') && (
        <Navigate to={requestPath(project.id, itemId)} replace />
      )}
      {itemId && !view.requestIds.has(itemId) && (
        <ItemPanel
          key={itemId}
          side="customer"
          project={project}
          itemId={itemId}
          item={view.items.find((item) => item.id === itemId)}
          workflow={view.workflow}
          people={people}
          planDoc={undefined}
          closeHref={basePath}
          readOnly={readOnly}
        />
      )}
    </main>
  );
}
