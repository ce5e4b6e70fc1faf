/**
 * What a reaction may be left on, decided for the customer who leaves it: a shared item of their
 * project, a request (a request item), a live message of a shared item's client thread, or a live
 * client comment (or reply) in its text. Anything they cannot see — an unshared item, the internal
 * thread, an internal comment, a deleted message — answers as missing, exactly as for an id that
 * does not exist, so feedback cannot be used to probe what the team keeps to itself.
 */
import { Comments } from '@atrium/shared/model/comments.ts';
import type { FeedbackTarget } from '@atrium/shared/model/feedback.ts';
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { mirroredItem } from '../content/itemVisibility.ts';
import type { ServerDocuments } from '../content/serverDocuments.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { Db } from '../storage/database.ts';

export type TargetInput = { itemId: string; on: FeedbackTarget; targetId?: string | undefined };
export type ResolvedTarget = { itemId: string; kind: FeedbackTarget; targetId: string };

export async function resolveTarget(
  services: { db: Db; documents: ServerDocuments },
  projectId: string,
  input: TargetInput,
): Promise<ResolvedTarget> {
  const { db, documents } = services;
  const item = await mirroredItem(db, projectId, input.itemId);
  if (!item?.shared) throw NotFound('Item not found.');
  const request = await db
    .selectFrom('requests')
    .select('id')
    .where('id', '=', input.itemId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (input.on === 'item' || input.on === 'request') {
    if (input.targetId !== undefined && input.targetId !== input.itemId)
      throw Invalid('Feedback on an item or a request names no other target.');
    if (input.on === 'request' && !request) throw NotFound('Request not found.');
    return { itemId: input.itemId, kind: request ? 'request' : 'item', targetId: input.itemId };
  }
  const targetId = input.targetId;
  if (!targetId) throw Invalid(`Say which ${input.on} the feedback is on (targetId).`);
  const found = await documents.read(projectDocumentName.itemShared(projectId, input.itemId), (doc) =>
    input.on === 'message' ? liveMessage(new ItemSharedPart(doc), targetId) : liveComment(Comments.of(doc), targetId),
  );
  if (!found) throw NotFound(input.on === 'message' ? 'Message not found.' : 'Comment not found.');
  return { itemId: input.itemId, kind: input.on, targetId };
}

function liveMessage(part: ItemSharedPart, id: string): boolean {
  return part.clientThread.messages().some((message) => message.id === id && !message.deleted);
}

function liveComment(comments: Comments, id: string): boolean {
  return comments
    .list()
    .some(
      (comment) =>
        !comment.deleted &&
        (comment.id === id || comment.replies.some((reply) => reply.id === id && reply.body !== '')),
    );
}
