/**
 * What a customer must do, most urgent first: overdue, due soon, later — each with the action at
 * hand: open it to answer, the workflow moves the customer may make, or — for a deliverable waiting
 * for approval — Approve and Request changes, through the same approval action as the deliverable.
 * What is assigned to them comes first, under "Assigned to you" (`waitingOnPerson` decides).
 */
import { type WaitingPerson, type WaitingReason, waitingOnPerson } from '@atrium/shared/model/waitingOn.ts';
import type { Workflow } from '@atrium/shared/model/workflow.ts';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type MeProject } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import { ApprovalDecision, useItemApproval } from '../documents/approval.tsx';
import { customerActions } from './customerActions.ts';
import { type BoardItem, formatDue, kindLabel, type Urgency, urgencyOf } from './projectData.ts';

import './waitingList.css';

export type WaitingRow = { item: BoardItem; project: MeProject; workflow: Workflow; reason: WaitingReason };

/** The rows of one project that wait on a customer person (`WaitingPerson`: who, whether they act, their requests). */
export function waitingRows(
  view: { items: BoardItem[]; workflow: Workflow },
  project: MeProject,
  person: WaitingPerson,
): WaitingRow[] {
  return waitingOnPerson(view.items, view.workflow, person).map(({ item, reason }) => ({
    item,
    reason,
    project,
    workflow: view.workflow,
  }));
}

const urgencyLabel: Record<Urgency, string> = { overdue: 'Overdue', soon: 'Due soon', later: 'Later' };
const urgencyRank: Record<Urgency, number> = { overdue: 0, soon: 1, later: 2 };

export function WaitingList({
  rows,
  readOnly,
  hrefFor,
  showProject = false,
}: {
  rows: WaitingRow[];
  readOnly: boolean;
  hrefFor: (row: WaitingRow) => string;
  showProject?: boolean;
}) {
  const sorted = [...rows].sort(
    (a, b) =>
      urgencyRank[urgencyOf(a.item.dueDate)] - urgencyRank[urgencyOf(b.item.dueDate)] ||
      (a.item.dueDate ?? '9999').localeCompare(b.item.dueDate ?? '9999'),
  );
  const assigned = sorted.filter((row) => row.reason === 'assigned');
  const answer = sorted.filter((row) => row.reason !== 'assigned');
  const entries = (list: WaitingRow[]) =>
    list.map((row) => (
      <WaitingEntry
        key={`${row.project.id}/${row.item.id}`}
        row={row}
        href={hrefFor(row)}
        readOnly={readOnly}
        showProject={showProject}
      />
    ));
  if (assigned.length === 0)
    return (
      <ul className="waiting-list" data-testid="waiting-list">
        {entries(answer)}
      </ul>
    );
  return (
    <div className="waiting-groups" data-testid="waiting-list">
      <section className="waiting-group" aria-label="Assigned to you" data-testid="assigned-to-you">
        <h3 className="waiting-group-title">Assigned to you</h3>
        <ul className="waiting-list">{entries(assigned)}</ul>
      </section>
      {answer.length > 0 && (
        <section className="waiting-group" aria-label="Waiting for your answer">
          <h3 className="waiting-group-title">Waiting for your answer</h3>
          <ul className="waiting-list">{entries(answer)}</ul>
        </section>
      )}
    </div>
  );
}

function WaitingEntry({
  row,
  href,
  readOnly,
  showProject,
}: {
  row: WaitingRow;
  href: string;
  readOnly: boolean;
  showProject: boolean;
}) {
  const { item, project, workflow } = row;
  const urgency = urgencyOf(item.dueDate);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const actions = readOnly ? [] : customerActions(workflow, item);
  const deliverable = item.kind === 'deliverable';

  async function move(to: string) {
    setBusy(true);
    setError(null);
    try {
      await api('PUT', `/projects/${project.id}/items/${item.id}/status`, { status: to });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`waiting urgency-${urgency}`}>
      <span className={`urgency-badge urgency-${urgency}`}>{urgencyLabel[urgency]}</span>
      <div className="waiting-main">
        <Link to={href} className="waiting-title">
          {item.title}
        </Link>
        <span className="waiting-meta">
          {kindLabel[item.kind] ?? item.kind} · {formatDue(item.dueDate)}
          {showProject && ` · ${project.name} (${project.workspaceName})`}
        </span>
        <FormError error={error} />
      </div>
      <div className="waiting-actions">
        <Link to={href} className="button secondary small">
          {readOnly ? 'Open' : deliverable ? 'Review' : row.reason === 'assigned' ? 'Open' : 'Answer'}
        </Link>
        {deliverable && !readOnly && <DeliverableDecision projectId={project.id} itemId={item.id} title={item.title} />}
        {actions.map(({ to, label }) => (
          <button key={to} type="button" className="small" disabled={busy} onClick={() => void move(to)}>
            {label}
          </button>
        ))}
      </div>
    </li>
  );
}

/** Approve or ask for changes — only when the deliverable really is waiting for approval. */
function DeliverableDecision({ projectId, itemId, title }: { projectId: string; itemId: string; title: string }) {
  const approval = useItemApproval(projectId, itemId);
  if (approval?.state !== 'submitted') return null;
  return <ApprovalDecision projectId={projectId} itemId={itemId} title={title} small />;
}
