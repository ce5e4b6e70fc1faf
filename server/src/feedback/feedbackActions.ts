/**
 * Everything that changes feedback, in one place: a customer gives a reaction or changes their own,
 * the team routes it to a service team, answers it, or turns it into a request. Each writes the row
 * and its audit entry in one transaction; a change that races another (answered twice at once, a
 * customer editing while the team answers) is refused with a conflict rather than lost.
 */
import { type FeedbackSentiment, sentimentLabels } from '@atrium/shared/model/feedback.ts';
import type { RequestPriority } from '@atrium/shared/model/requests.ts';
import { type AuditAction, recordAudit } from '../audit/auditLog.ts';
import { AppError } from '../errors.ts';
import { newId } from '../identity/secrets.ts';
import { type Actor, createRequest, patchRequest, type RequestActions } from '../requests/requestActions.ts';
import { isLiveTeam } from '../requests/requestPeople.ts';
import type { RequestRecord } from '../requests/requestRecords.ts';
import type { Db } from '../storage/database.ts';
import { type FeedbackRow, getFeedback, insertFeedback, updateFeedback } from './feedbackStore.ts';
import type { ResolvedTarget } from './feedbackTargets.ts';

type Project = { id: string; workspaceId: string };

async function audit(
  tx: Db,
  row: Pick<FeedbackRow, 'id' | 'workspace_id' | 'project_id'>,
  actor: Actor,
  action: AuditAction,
  details: object,
) {
  await recordAudit(tx, {
    action,
    actorId: actor.id,
    workspaceId: row.workspace_id,
    target: { type: 'feedback', id: row.id },
    details: { projectId: row.project_id, ...details },
    ip: actor.ip ?? null,
  });
}

const movedOn = () => new AppError('conflict', 'This feedback changed in the meantime; reload it and try again.');

async function reload(db: Db, row: FeedbackRow): Promise<FeedbackRow> {
  const fresh = await getFeedback(db, row.project_id, row.id);
  if (!fresh) throw movedOn();
  return fresh;
}

export async function giveFeedback(
  db: Db,
  project: Project,
  actor: Actor,
  target: ResolvedTarget,
  reaction: { sentiment: FeedbackSentiment; note: string },
): Promise<FeedbackRow> {
  const row: FeedbackRow = {
    id: newId('fb'),
    project_id: project.id,
    workspace_id: project.workspaceId,
    item_id: target.itemId,
    target_kind: target.kind,
    target_id: target.targetId,
    author_id: actor.id,
    sentiment: reaction.sentiment,
    note: reaction.note,
    created_at: Date.now(),
    team_id: null,
    answer: null,
    answered_at: null,
    answered_by: null,
    request_id: null,
  };
  await db.transaction().execute(async (tx) => {
    await insertFeedback(tx, row);
    await audit(tx, row, actor, 'feedback.given', {
      sentiment: row.sentiment,
      on: row.target_kind,
      itemId: row.item_id,
    });
  });
  return row;
}

/** The author's change of mind (another reaction, or a note added), while the team has not acted on it. */
export async function changeFeedback(
  db: Db,
  row: FeedbackRow,
  actor: Actor,
  change: { sentiment?: FeedbackSentiment; note?: string },
): Promise<FeedbackRow> {
  await db.transaction().execute(async (tx) => {
    if (!(await updateFeedback(tx, row.id, change, { unhandled: true })))
      throw new AppError('conflict', 'The team has already acted on this feedback; leave a new reaction instead.');
    await audit(tx, row, actor, 'feedback.changed', { from: row.sentiment, to: change.sentiment ?? row.sentiment });
  });
  return reload(db, row);
}

/** Routes the entry to a live service team of the workspace (null: to nobody in particular). */
export async function routeFeedback(
  db: Db,
  row: FeedbackRow,
  actor: Actor,
  teamId: string | null,
): Promise<FeedbackRow> {
  if (teamId === row.team_id) return row;
  if (teamId !== null && !(await isLiveTeam(db, row.workspace_id, teamId)))
    throw new AppError('invalid', 'Choose one of the workspace’s teams (archived teams take no new work).');
  await db.transaction().execute(async (tx) => {
    await updateFeedback(tx, row.id, { team_id: teamId });
    await audit(tx, row, actor, 'feedback.routed', { from: row.team_id, to: teamId });
  });
  return reload(db, row);
}

/** The team's answer, which the customer who gave the feedback sees; answering again replaces it. */
export async function answerFeedback(db: Db, row: FeedbackRow, actor: Actor, answer: string): Promise<FeedbackRow> {
  await db.transaction().execute(async (tx) => {
    await updateFeedback(tx, row.id, { answer, answered_at: Date.now(), answered_by: actor.id });
    await audit(tx, row, actor, 'feedback.answered', { again: row.answer !== null });
  });
  return reload(db, row);
}

export type RequestFromFeedback = {
  typeKey: string;
  title: string;
  body: string;
  priority: RequestPriority;
  /** The person who gave the feedback, if they are still one of the customer's people on the project. */
  requestedBy: string | null;
  requesterName: string;
};

/**
 * Turns the entry into a request in one action: raised for the person who gave it, through the
 * portal, about the item it was on, linked both ways (the request's `feedback_id`, the entry's
 * `request_id`, claimed in the request's own transaction), and routed to the entry's team if it had
 * one. The clocks start now: the promise is made when the team takes the feedback up as a request.
 */
export async function turnIntoRequest(
  services: RequestActions,
  project: Project,
  row: FeedbackRow,
  actor: Actor,
  request: RequestFromFeedback,
): Promise<RequestRecord> {
  if (row.request_id) throw new AppError('conflict', 'This feedback has already been turned into a request.');
  const record = await createRequest(services, project, actor, {
    typeKey: request.typeKey,
    title: request.title,
    body: request.body,
    priority: request.priority,
    aboutItemId: row.item_id,
    requestedBy: request.requestedBy,
    requesterName: request.requesterName,
    channel: 'portal',
    receivedAt: Date.now(),
    feedbackId: row.id,
  });
  if (row.team_id && (await isLiveTeam(services.db, row.workspace_id, row.team_id)))
    return patchRequest(services, record.row, actor, { teamId: row.team_id });
  return record;
}

/** The request's default title and text when the team does not write its own. */
export function requestWording(row: FeedbackRow, itemTitle: string): { title: string; body: string } {
  const about = `${sentimentLabels[row.sentiment]} about “${itemTitle}”`;
  const firstLine = row.note.split('\n')[0]?.trim() ?? '';
  const title = firstLine ? (firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine) : about;
  return { title, body: row.note.trim() || `${about} (feedback without a note).` };
}
