/**
 * The task panel: an item's fields, its collaborative description, attachments, and its threads —
 * the client thread both sides write, and for the team the internal thread, unmistakably marked
 * "Internal — not visible to <customer>". The team edits fields in the plan; a customer changes
 * status only along the moves the project's workflow allows them.
 */
import { type InternalFields, ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import type { Workflow } from '@atrium/shared/model/workflow.ts';
import { type ComponentProps, lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type * as Y from 'yjs';
import { api, type MeProject, type Person } from '../app/api.ts';
import { useReplica, useTypeValue } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';
import { PresenceList } from '../components/Presence.tsx';
import { rememberTitle } from '../sync/replicas.ts';

const ApprovalBar = lazy(() => import('../documents/ApprovalBar.tsx').then((m) => ({ default: m.ApprovalBar })));
const DescriptionEditor = lazy(() => import('./DescriptionEditor.tsx').then((m) => ({ default: m.DescriptionEditor })));

import { useApprovalOf } from '../documents/approval.tsx';
import { FeedbackControl } from '../feedback/FeedbackControl.tsx';
import { ItemRequests } from '../requests/ItemRequests.tsx';
import { AssigneeOptions } from './AssigneeOptions.tsx';
import { Attachments } from './Attachments.tsx';
import { customerActions } from './customerActions.ts';
import { ItemTitleInput } from './ItemTitleInput.tsx';
import { MissingItem } from './MissingItem.tsx';
import { type BoardItem, formatDue, kindLabel, type Side } from './projectData.ts';
import { ThreadView } from './ThreadView.tsx';

type ItemPanelProps = {
  side: Side;
  project: MeProject;
  itemId: string;
  item: BoardItem | undefined;
  workflow: Workflow;
  people: Person[];
  planDoc: Y.Doc | undefined;
  onShare?: (share: boolean, title: string) => void;
  closeHref: string;
  readOnly: boolean;
};

export function ItemPanel(props: ItemPanelProps) {
  const { side, project, itemId, item, workflow, people, planDoc, onShare, closeHref, readOnly } = props;
  const { me } = useSignedIn();
  const navigate = useNavigate();
  const team = side === 'team';
  const customerName = project.customerName ?? 'the customer';
  const shared = useReplica(item ? projectDocumentName.itemShared(project.id, itemId) : null);
  const internal = useReplica(team && item ? projectDocumentName.itemInternal(project.id, itemId) : null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    panel.current?.focus();
  }, []);
  useEffect(() => {
    if (item?.title) rememberTitle(projectDocumentName.itemShared(project.id, itemId), item.title);
  }, [item?.title, project.id, itemId]);

  const files = { people, projectId: project.id, itemId, canAttach: !readOnly, me: me.user.id };
  // The customer's own reactions (viewers too); a team member previewing as the customer gives none.
  const feedback = !team && !closeHref.includes('/as/') ? { projectId: project.id, itemId } : undefined;
  const close = () => navigate(closeHref);
  const keyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape' && !(event.target as HTMLElement).closest('.ProseMirror, textarea, input, select'))
      close();
  };

  return (
    <aside
      ref={panel}
      className="item-panel"
      aria-labelledby="item-title"
      tabIndex={-1}
      onKeyDown={keyDown}
      data-testid="item-panel"
    >
      <div className="panel-head">
        <p className="eyebrow">
          {item ? (kindLabel[item.kind] ?? item.kind) : 'Item'}
          {item && !closeHref.includes('/as/') && (
            <>
              {' · '}
              <Link to={`/p/${project.id}/d/${itemId}`}>Open as a full document</Link>
            </>
          )}
        </p>
        <Link to={closeHref} className="close" aria-label="Close the panel">
          ×
        </Link>
      </div>
      {!item ? (
        <MissingItem side={side} project={project} itemId={itemId} noun="item" headingId="item-title" />
      ) : (
        <>
          {team && planDoc ? (
            <ItemTitleInput
              planDoc={planDoc}
              itemId={item.id}
              title={item.title}
              id="item-title"
              className="item-title-input"
              label="Title"
            />
          ) : (
            <h2 id="item-title" className="item-title">
              {item.title}
            </h2>
          )}
          <Fields {...props} item={item} team={team} />
          {feedback && <FeedbackControl {...feedback} on="item" />}
          {team && onShare && (
            <div className={`share-box${item.shared ? ' is-shared' : ''}`}>
              <span>
                {item.shared ? `Shared with ${customerName}` : `Internal — ${customerName} cannot see this item`}
              </span>
              <button type="button" className="secondary small" onClick={() => onShare(!item.shared, item.title)}>
                {item.shared ? 'Unshare' : `Share with ${customerName}`}
              </button>
            </div>
          )}
          {shared.replica && item.kind === 'deliverable' && (
            <PanelApproval
              projectId={project.id}
              itemId={itemId}
              doc={shared.replica.doc}
              team={team}
              shared={item.shared}
              canDecide={!team && !readOnly && project.role === 'collaborator'}
              customerName={customerName}
              people={people}
              title={item.title}
            />
          )}
          <ItemRequests project={project} itemId={itemId} preview={closeHref.includes('/as/')} />
          <section className="panel-section" aria-labelledby="description-title">
            <div className="section-head">
              <h3 id="description-title">Description</h3>
              <PresenceList replica={shared.replica} label="Editing" />
            </div>
            {shared.replica ? (
              <Suspense fallback={<p role="status">Loading the editor…</p>}>
                <DescriptionEditor
                  key={shared.replica.doc.guid}
                  replica={shared.replica}
                  fragment={new ItemSharedPart(shared.replica.doc).description}
                  readOnly={readOnly}
                  label={`Description of ${item.title}`}
                  placeholder="Describe the work…"
                />
              </Suspense>
            ) : (
              <p role="status">Loading…</p>
            )}
          </section>
          {shared.replica && (
            <Attachments
              {...files}
              doc={shared.replica.doc}
              part="shared"
              team={team}
              title={
                team
                  ? `Attachments — ${item.shared ? `shared with ${customerName}` : `${customerName} sees them once the item is shared`}`
                  : 'Files'
              }
            />
          )}
          <div className={`threads${team ? ' two' : ''}`}>
            {shared.replica && (
              <ThreadView
                doc={shared.replica.doc}
                arrayName="clientThread"
                me={me.user.id}
                people={people}
                moderator={team}
                readOnly={readOnly}
                title={team ? `Client thread — with ${customerName}` : 'Discussion'}
                feedback={feedback}
                note={
                  team && !item.shared ? `${customerName} will see this thread once the item is shared.` : undefined
                }
              />
            )}
            {team && internal.replica && (
              <div className="internal-column">
                <ThreadView
                  doc={internal.replica.doc}
                  arrayName="internalThread"
                  me={me.user.id}
                  people={people}
                  moderator
                  readOnly={readOnly}
                  title={`Internal — not visible to ${customerName}`}
                  internal
                />
                <Attachments
                  {...files}
                  doc={internal.replica.doc}
                  part="internal"
                  team
                  title="Internal files"
                  emptyText={`No internal files. ${customerName} never sees these.`}
                />
                <InternalFieldsForm doc={internal.replica.doc} />
              </div>
            )}
          </div>
        </>
      )}
      <span className="visually-hidden">{workflow.statuses.length} statuses</span>
    </aside>
  );
}

/** A deliverable's approval, read from its one record, with the same actions as on the deliverable. */
function PanelApproval(props: Omit<ComponentProps<typeof ApprovalBar>, 'approval'>) {
  const approval = useApprovalOf(props.doc);
  return (
    <Suspense fallback={null}>
      <ApprovalBar {...props} approval={approval} />
    </Suspense>
  );
}

function Fields({
  item,
  team,
  workflow,
  people,
  planDoc,
  project,
  readOnly,
}: ItemPanelProps & { item: BoardItem; team: boolean }) {
  const [error, setError] = useState<unknown>(null);
  const status = workflow.statuses.find((s) => s.id === item.status);
  const plan = planDoc ? new Plan(planDoc) : undefined;
  // The customer's collaborators may be assigned too, on shared items only: an internal item's
  // assignment would never reach them (the portal does not carry it).
  const assignable = people.filter((person) => person.side === 'team' || person.role === 'collaborator');
  const moves = customerActions(workflow, item);

  async function moveAsCustomer(to: string) {
    setError(null);
    try {
      await api('PUT', `/projects/${project.id}/items/${item.id}/status`, { status: to });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <dl className="fields">
      <div>
        <dt id="status-label">Status</dt>
        <dd>
          {team && plan ? (
            <select
              aria-labelledby="status-label"
              value={item.status}
              onChange={(event) => plan.updateItem(item.id, { status: event.target.value })}
            >
              {workflow.statuses.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          ) : (
            <span className="status-chip" style={{ borderColor: status?.color }}>
              <span className="status-dot" style={{ background: status?.color }} aria-hidden="true" />
              {status?.name ?? item.status}
            </span>
          )}
          {!team && !readOnly && moves.length > 0 && (
            <span className="row inline">
              {moves.map(({ to, label }) => (
                <button key={to} type="button" className="small" onClick={() => void moveAsCustomer(to)}>
                  {label}
                </button>
              ))}
            </span>
          )}
          <FormError error={error} />
        </dd>
      </div>
      <div>
        <dt id="assignee-label">Assignee</dt>
        <dd>
          {team && plan ? (
            <select
              aria-labelledby="assignee-label"
              value={item.assignees[0] ?? ''}
              onChange={(event) =>
                plan.updateItem(item.id, { assignees: event.target.value ? [event.target.value] : [] })
              }
            >
              <AssigneeOptions
                people={assignable}
                customerLabel={item.shared ? 'Customer' : 'Customer (share the item to assign them)'}
                customersDisabled={!item.shared}
              />
            </select>
          ) : (
            item.assignees.map((id) => people.find((p) => p.userId === id)?.name ?? 'Someone').join(', ') ||
            'Unassigned'
          )}
        </dd>
      </div>
      <div>
        <dt id="due-label">Due</dt>
        <dd>
          {team && plan ? (
            <input
              type="date"
              aria-labelledby="due-label"
              value={item.dueDate ?? ''}
              onChange={(event) => plan.updateItem(item.id, { dueDate: event.target.value || null })}
            />
          ) : (
            formatDue(item.dueDate)
          )}
        </dd>
      </div>
      {item.waitingOnCustomer && (
        <div>
          <dt>Waiting on</dt>
          <dd className="waiting-flag">{team ? (project.customerName ?? 'the customer') : 'You'}</dd>
        </div>
      )}
    </dl>
  );
}

function InternalFieldsForm({ doc }: { doc: Y.Doc }) {
  const fields = useTypeValue(doc.getMap('internal'), () => new ItemInternalPart(doc).fields(), {
    estimateHours: null,
    budget: null,
    tags: [],
  } as InternalFields);
  const part = new ItemInternalPart(doc);
  const number = (value: string) => (value.trim() === '' ? null : Number(value));
  return (
    <fieldset className="internal-fields">
      <legend>Internal details</legend>
      <label>
        Estimate (hours)
        <input
          type="number"
          min={0}
          step={0.5}
          defaultValue={fields.estimateHours ?? ''}
          key={`e${fields.estimateHours}`}
          onBlur={(event) => part.setFields({ estimateHours: number(event.target.value) })}
        />
      </label>
      <label>
        Budget
        <input
          type="number"
          min={0}
          defaultValue={fields.budget ?? ''}
          key={`b${fields.budget}`}
          onBlur={(event) => part.setFields({ budget: number(event.target.value) })}
        />
      </label>
      <label>
        Tags
        <input
          defaultValue={fields.tags.join(', ')}
          key={`t${fields.tags.join()}`}
          placeholder="comma, separated"
          onBlur={(event) =>
            part.setFields({
              tags: event.target.value
                .split(',')
                .map((tag) => tag.trim())
                .filter(Boolean),
            })
          }
        />
      </label>
    </fieldset>
  );
}
