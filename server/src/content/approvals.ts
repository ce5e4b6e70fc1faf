/**
 * A deliverable's sign-off. The approval record in the item's shareable part is the one source of
 * truth: every place that approves or asks for changes — the deliverable itself, the customer's
 * "Waiting on you" list, the task panel — calls this action, and the item's place on the board
 * follows from the decision (never the other way round: customers cannot move a deliverable by
 * hand, see `customerMoves`). The demo seeds its submitted deliverable through it too.
 *
 * One step: checks it against the current record, writes the record (and the comment of a request
 * for changes into the client thread), stores the version it refers to, moves the item in the
 * workflow, and audits.
 */
import {
  type ApprovalAction,
  type ApprovalRecord,
  applyApproval,
  readApproval,
  writeApproval,
} from '@atrium/shared/model/approval.ts';
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { type StatusCategory, statusCategory, transitionsFrom, type Workflow } from '@atrium/shared/model/workflow.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { AppError, Invalid } from '../errors.ts';
import { newId } from '../identity/secrets.ts';
import type { Db } from '../storage/database.ts';
import { changeWithRows, type ServerDocuments } from './serverDocuments.ts';
import { insertVersion, type PendingVersion, versionOf } from './versions.ts';

export type ApprovalStep =
  | { kind: 'submit' }
  | { kind: 'decide'; decision: 'approved' | 'changes_requested'; comment: string | null };

export type ApprovalTarget = {
  db: Db;
  documents: ServerDocuments;
  project: { id: string; workspaceId: string };
  itemId: string;
  actorId: string;
  ip?: string | null;
};

const approvalWords = {
  submit: { version: 'Submitted for approval', audit: 'item.submitted_for_approval' },
  approved: { version: 'Approved', audit: 'item.approved' },
  changes_requested: { version: 'Changes requested', audit: 'item.changes_requested' },
} as const;

/** Takes one approval step; throws a `conflict` AppError when the record does not allow it now. */
export async function takeApprovalStep(target: ApprovalTarget, step: ApprovalStep): Promise<ApprovalRecord> {
  const { db, documents, project, itemId, actorId } = target;
  if (step.kind === 'decide' && step.decision === 'changes_requested' && !step.comment?.trim())
    throw Invalid('Say what should change, so the team knows what to do next.');
  const document = projectDocumentName.itemShared(project.id, itemId);
  const kind = await documents.read(projectDocumentName.plan(project.id), (doc) => new Plan(doc).item(itemId)?.kind);
  if (step.kind === 'submit' && kind !== 'deliverable')
    throw new AppError('conflict', 'Only deliverables are submitted for approval: make this item a deliverable first.');
  const versionId = newId('ver');
  const at = Date.now();
  const action: ApprovalAction =
    step.kind === 'submit'
      ? { kind: 'submit', by: actorId, at, versionId }
      : { kind: 'decide', decision: step.decision, by: actorId, at, comment: step.comment, versionId };
  const words = approvalWords[step.kind === 'submit' ? 'submit' : step.decision];
  let record: ApprovalRecord | undefined;
  let version: PendingVersion | undefined;
  // The record, the version of what was submitted or decided on, and the audit entry are one unit:
  // stored in the change's transaction, or none of them.
  await changeWithRows(
    db,
    documents,
    {
      document,
      actorId,
      edit: (doc) => {
        const next = applyApproval(readApproval(doc), action);
        if (typeof next === 'string') throw new AppError('conflict', next);
        writeApproval(doc, next);
        if (action.kind === 'decide' && action.comment)
          new ItemSharedPart(doc).clientThread.add({
            id: newId('msg'),
            authorId: actorId,
            body: action.comment,
            createdAt: at,
          });
        record = next;
        version = versionOf(doc, {
          id: versionId,
          document,
          name: words.version,
          kind: action.kind === 'submit' ? 'submitted' : action.decision,
          createdBy: actorId,
        });
      },
    },
    async (tx) => {
      if (version) await insertVersion(tx, version);
      await recordAudit(tx, {
        action: words.audit,
        actorId,
        workspaceId: project.workspaceId,
        target: { type: 'item', id: itemId },
        details: {
          projectId: project.id,
          versionId,
          ...(action.kind === 'decide' && action.comment ? { comment: action.comment } : {}),
        },
        ip: target.ip ?? null,
      });
    },
  );
  await documents.change(projectDocumentName.plan(project.id), actorId, (doc) => {
    const plan = new Plan(doc);
    const item = plan.item(itemId);
    if (!item) return;
    const status = statusAfter(plan.workflow(), item.status, action);
    plan.updateItem(itemId, { approval: record?.state, ...(status && status !== item.status ? { status } : {}) });
  });
  return record as ApprovalRecord;
}

/**
 * Where an approval step moves the item, by status category: submitting puts it in a status that
 * waits on the customer (one from which customers could finish it, if the workflow has one);
 * approving puts it in the first "done" status; asking for changes sends it back to work (the
 * customer's allowed move back if there is one, else the first "in progress" status, else the
 * first "not started" one). A workflow without such a status keeps the item where it is.
 */
export function statusAfter(workflow: Workflow, current: string, step: ApprovalAction): string | null {
  const { statuses } = workflow;
  const category = (id: string) => statusCategory(workflow, id);
  const firstOf = (wanted: StatusCategory) => statuses.find((s) => s.category === wanted)?.id ?? null;
  if (step.kind === 'submit') {
    const waiting = statuses.filter((s) => s.category === 'waiting_on_customer');
    const review = waiting.find((s) => transitionsFrom(workflow, s.id).some((to) => category(to) === 'done'));
    return review?.id ?? waiting[0]?.id ?? null;
  }
  if (step.decision === 'approved') return firstOf('done');
  const backToWork = (id: string) => category(id) === 'in_progress' || category(id) === 'not_started';
  return transitionsFrom(workflow, current).find(backToWork) ?? firstOf('in_progress') ?? firstOf('not_started');
}
