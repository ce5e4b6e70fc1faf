/**
 * The `feedback` rows: a customer's reaction, its note, and what the team did with it (routed to a
 * service team, answered, turned into a request). Only the feedback actions (`feedbackActions.ts`)
 * and the request action that turns an entry into a request write here, each in the transaction of
 * the audit entry that records it.
 */
import type { FeedbackSentiment } from '@atrium/shared/model/feedback.ts';
import type { Insertable, Selectable, Updateable } from 'kysely';
import { AppError } from '../errors.ts';
import type { Db } from '../storage/database.ts';
import type { FeedbackTable } from '../storage/schema.ts';

export type FeedbackRow = Selectable<FeedbackTable>;

export type FeedbackFilter = {
  workspaceId?: string;
  projectId?: string;
  itemId?: string;
  authorId?: string;
  /** `unanswered`: neither answered nor turned into a request yet. */
  state?: 'unanswered' | 'handled' | 'all';
  sentiment?: FeedbackSentiment;
  /** A team's id, or `none` for entries not routed to any. */
  team?: string;
  limit?: number;
};

export async function insertFeedback(db: Db, row: Insertable<FeedbackTable>): Promise<void> {
  await db.insertInto('feedback').values(row).execute();
}

export async function getFeedback(db: Db, projectId: string, id: string): Promise<FeedbackRow | undefined> {
  return db
    .selectFrom('feedback')
    .selectAll()
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

/** Newest first. */
export async function listFeedback(db: Db, filter: FeedbackFilter): Promise<FeedbackRow[]> {
  let query = db.selectFrom('feedback').selectAll();
  if (filter.workspaceId) query = query.where('workspace_id', '=', filter.workspaceId);
  if (filter.projectId) query = query.where('project_id', '=', filter.projectId);
  if (filter.itemId) query = query.where('item_id', '=', filter.itemId);
  if (filter.authorId) query = query.where('author_id', '=', filter.authorId);
  if (filter.sentiment) query = query.where('sentiment', '=', filter.sentiment);
  if (filter.state === 'unanswered') query = query.where('answer', 'is', null).where('request_id', 'is', null);
  if (filter.state === 'handled')
    query = query.where((eb) => eb.or([eb('answer', 'is not', null), eb('request_id', 'is not', null)]));
  if (filter.team === 'none') query = query.where('team_id', 'is', null);
  else if (filter.team) query = query.where('team_id', '=', filter.team);
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(filter.limit ?? 500)
    .execute();
}

/**
 * Changes the row only while it still matches `onlyIf` (null: the column must be empty): the check
 * and the change are one statement, so two people acting at once cannot both pass. False when the
 * row had moved on.
 */
export async function updateFeedback(
  db: Db,
  id: string,
  values: Updateable<FeedbackTable>,
  onlyIf: { unhandled?: boolean } = {},
): Promise<boolean> {
  let query = db.updateTable('feedback').set(values).where('id', '=', id);
  if (onlyIf.unhandled) query = query.where('answer', 'is', null).where('request_id', 'is', null);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Marks the entry as turned into `requestId`, inside the transaction that creates the request: an
 * entry already turned (by someone else a moment ago) fails the whole creation, so one piece of
 * feedback never becomes two requests.
 */
export async function claimFeedback(tx: Db, feedbackId: string, requestId: string): Promise<void> {
  const claimed = await tx
    .updateTable('feedback')
    .set({ request_id: requestId })
    .where('id', '=', feedbackId)
    .where('request_id', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0)
    throw new AppError('conflict', 'This feedback has already been turned into a request.');
}
