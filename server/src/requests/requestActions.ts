/**
 * Everything that changes a request, in one place (the one-source-of-truth pattern of
 * `content/approvals.ts`): each action checks the change against the current row, writes the row,
 * its `request_events` entry and the audit entry in one transaction, then rewrites the projections
 * and tells `serviceEvents`. REST routes, the thread derivation and the escalation worker all call
 * these; nothing else writes a request's status or routing.
 */

import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { orderAfterAll } from '@atrium/shared/model/ordering.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import {
  isReopen,
  type RequestChannel,
  type RequestPriority,
  type RequestStatus,
  requestRoot,
  routingRoot,
  writeView,
} from '@atrium/shared/model/requests.ts';
import { type AuditAction, recordAudit } from '../audit/auditLog.ts';
import { AppError } from '../errors.ts';
import { claimFeedback } from '../feedback/feedbackStore.ts';
import { newId } from '../identity/secrets.ts';
import type { Db } from '../storage/database.ts';
import { projectRequest, type RequestServices } from './requestProjection.ts';
import { loadRecord, type RequestRecord } from './requestRecords.ts';
import {
  addLink,
  appendEvent,
  getRequestById,
  insertRequest,
  type RequestEventKind,
  type RequestRow,
  removeLink,
  updateRequest,
} from './requestStore.ts';
import { requestView, routingView } from './requestViews.ts';
import type { ServiceEvents } from './serviceEvents.ts';

export type RequestActions = RequestServices & { events: ServiceEvents };

export type Actor = { id: string; ip?: string | null };

export type NewRequest = {
  typeKey: string;
  title: string;
  body: string;
  priority: RequestPriority;
  aboutItemId: string | null;
  requestedBy: string | null;
  requesterName: string;
  channel: RequestChannel;
  receivedAt: number;
  feedbackId?: string | null;
};

type Project = { id: string; workspaceId: string };

/** One recorded change: its event and its audit entry, in the transaction that changes the row. */
type Change = { kind: RequestEventKind; audit: AuditAction; from?: string | null; to?: string | null };

async function record(
  services: RequestServices,
  row: RequestRow,
  actor: Actor,
  values: Partial<RequestRow>,
  changes: Change[],
  options: { onlyIf?: { status: RequestStatus }; write?: (tx: Db) => Promise<boolean> } = {},
): Promise<RequestRow> {
  const at = Date.now();
  const updated = await services.db.transaction().execute(async (tx) => {
    if (options.write && !(await options.write(tx))) return null;
    if (!(await updateRequest(tx, row.id, { ...values, updated_at: at }, options.onlyIf))) return null;
    for (const change of changes) {
      await appendEvent(tx, {
        requestId: row.id,
        at,
        actorId: actor.id,
        kind: change.kind,
        from: change.from,
        to: change.to,
      });
      await recordAudit(tx, {
        action: change.audit,
        actorId: actor.id === 'server' ? null : actor.id,
        workspaceId: row.workspace_id,
        target: { type: 'request', id: row.id },
        details: { projectId: row.project_id, from: change.from ?? null, to: change.to ?? null },
        ip: actor.ip ?? null,
      });
    }
    return getRequestById(tx, row.id);
  });
  if (!updated) throw new AppError('conflict', 'This request changed in the meantime; reload it and try again.');
  return updated;
}

export async function createRequest(
  services: RequestActions,
  project: Project,
  actor: Actor,
  input: NewRequest,
): Promise<RequestRecord> {
  const id = newId('itm');
  const at = Date.now();
  const row = await services.db.transaction().execute(async (tx) => {
    const created = await insertRequest(tx, {
      id,
      project_id: project.id,
      workspace_id: project.workspaceId,
      type_key: input.typeKey,
      priority: input.priority,
      status: 'new',
      title: input.title,
      requested_by: input.requestedBy,
      requester_name: input.requesterName,
      channel: input.channel,
      raised_by: actor.id,
      about_item_id: input.aboutItemId,
      feedback_id: input.feedbackId ?? null,
      assignee_id: null,
      team_id: null,
      received_at: input.receivedAt,
      created_at: at,
      updated_at: at,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      reopen_count: 0,
      decision: null,
      decided_at: null,
      decided_by: null,
    });
    if (input.feedbackId) {
      // Turned from feedback: the entry is claimed here, so it never becomes two requests.
      await claimFeedback(tx, input.feedbackId, id);
      await recordAudit(tx, {
        action: 'feedback.turned_into_request',
        actorId: actor.id,
        workspaceId: project.workspaceId,
        target: { type: 'feedback', id: input.feedbackId },
        details: { projectId: project.id, requestId: id },
        ip: actor.ip ?? null,
      });
    }
    await appendEvent(tx, { requestId: id, at, actorId: actor.id, kind: 'created', to: input.typeKey });
    await recordAudit(tx, {
      action: 'request.created',
      actorId: actor.id,
      workspaceId: project.workspaceId,
      target: { type: 'request', id },
      details: { projectId: project.id, type: input.typeKey, channel: input.channel, requestedBy: input.requestedBy },
      ip: actor.ip ?? null,
    });
    return created;
  });
  const loaded = await loadRecord(services.db, row);
  // The request text opens the client thread (what the first response answers), dated when asked.
  await services.documents.change(projectDocumentName.itemShared(project.id, id), actor.id, (doc) => {
    new ItemSharedPart(doc).clientThread.add({
      id: newId('msg'),
      authorId: input.requestedBy ?? actor.id,
      body: input.body,
      createdAt: input.receivedAt,
    });
    writeView(doc, requestRoot, requestView(loaded));
  });
  await services.documents.change(projectDocumentName.itemInternal(project.id, id), actor.id, (doc) => {
    writeView(doc, routingRoot, routingView(loaded));
  });
  await services.documents.change(projectDocumentName.plan(project.id), actor.id, (doc) => {
    const plan = new Plan(doc);
    plan.addItem({
      id,
      kind: 'request',
      title: input.title,
      status: plan.workflow().statuses[0]?.id ?? 'todo',
      order: orderAfterAll(plan.items().map((item) => item.order)),
      dueDate: null,
      assignees: [],
      milestoneId: null,
      shared: true,
      createdBy: actor.id,
      createdAt: at,
    });
  });
  services.events.emit('request.created', {
    requestId: id,
    projectId: project.id,
    workspaceId: project.workspaceId,
    actorId: actor.id,
    requestedBy: input.requestedBy,
  });
  return loaded;
}

/** A status change, already allowed by `mayMoveRequest`; a reopen starts a new resolution cycle. */
export async function moveRequest(
  services: RequestActions,
  row: RequestRow,
  actor: Actor,
  to: RequestStatus,
): Promise<RequestRecord> {
  const at = Date.now();
  const reopen = isReopen(row.status, to);
  const values: Partial<RequestRow> = {
    status: to,
    ...(to === 'resolved' ? { resolved_at: at } : {}),
    ...(to === 'closed' ? { closed_at: at } : {}),
    ...(reopen ? { reopen_count: row.reopen_count + 1, resolved_at: null, closed_at: null } : {}),
  };
  const updated = await record(
    services,
    row,
    actor,
    values,
    [{ kind: 'status', audit: 'request.status', from: row.status, to }],
    {
      onlyIf: { status: row.status },
    },
  );
  const result = await projectRequest(services, updated, actor.id);
  services.events.emit('request.status', {
    requestId: row.id,
    projectId: row.project_id,
    workspaceId: row.workspace_id,
    actorId: actor.id,
    from: row.status,
    to,
  });
  return result;
}

export type RequestPatch = {
  priority?: RequestPriority;
  typeKey?: string;
  assigneeId?: string | null;
  teamId?: string | null;
};

/** Priority, type, assignee and owner team (each already validated by the caller), one event each. */
export async function patchRequest(
  services: RequestActions,
  row: RequestRow,
  actor: Actor,
  patch: RequestPatch,
): Promise<RequestRecord> {
  const changes: Change[] = [];
  const values: Partial<RequestRow> = {};
  if (patch.priority !== undefined && patch.priority !== row.priority) {
    values.priority = patch.priority;
    changes.push({ kind: 'priority', audit: 'request.priority', from: row.priority, to: patch.priority });
  }
  if (patch.typeKey !== undefined && patch.typeKey !== row.type_key) {
    values.type_key = patch.typeKey;
    changes.push({ kind: 'type', audit: 'request.retyped', from: row.type_key, to: patch.typeKey });
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== row.assignee_id) {
    values.assignee_id = patch.assigneeId;
    changes.push({ kind: 'assignee', audit: 'request.assigned', from: row.assignee_id, to: patch.assigneeId });
  }
  if (patch.teamId !== undefined && patch.teamId !== row.team_id) {
    values.team_id = patch.teamId;
    changes.push({ kind: 'team', audit: 'request.routed', from: row.team_id, to: patch.teamId });
  }
  if (changes.length === 0) return loadRecord(services.db, row);
  const updated = await record(services, row, actor, values, changes);
  const result = await projectRequest(services, updated, actor.id);
  if ('assignee_id' in values || 'team_id' in values)
    services.events.emit('request.assigned', {
      requestId: row.id,
      projectId: row.project_id,
      workspaceId: row.workspace_id,
      actorId: actor.id,
      assigneeId: updated.assignee_id,
      teamId: updated.team_id,
    });
  return result;
}

export async function decideRequest(
  services: RequestActions,
  row: RequestRow,
  actor: Actor,
  decision: 'accepted' | 'declined',
): Promise<RequestRecord> {
  if (row.decision === decision) return loadRecord(services.db, row);
  const updated = await record(services, row, actor, { decision, decided_at: Date.now(), decided_by: actor.id }, [
    { kind: 'decision', audit: 'request.decided', from: row.decision, to: decision },
  ]);
  return projectRequest(services, updated, actor.id);
}

/** Links a plan item to a change request, or unlinks it: the link row, event and audit in one transaction. */
export async function changeLinks(
  services: RequestActions,
  row: RequestRow,
  actor: Actor,
  change: { kind: 'link' | 'unlink'; itemId: string },
): Promise<RequestRecord> {
  const write = (tx: Db) =>
    change.kind === 'link'
      ? addLink(tx, {
          requestId: row.id,
          itemId: change.itemId,
          projectId: row.project_id,
          by: actor.id,
          at: Date.now(),
        })
      : removeLink(tx, row.id, change.itemId);
  const updated = await record(
    services,
    row,
    actor,
    {},
    [
      {
        kind: change.kind,
        audit: change.kind === 'link' ? 'request.linked' : 'request.unlinked',
        ...(change.kind === 'link' ? { to: change.itemId } : { from: change.itemId }),
      },
    ],
    { write },
  );
  return projectRequest(services, updated, actor.id);
}
