/**
 * The write rules of inline comments and approvals in an item's shareable part.
 *
 * - Client comments (`comments`): a customer adds comments and replies only as themselves, and
 *   changes (edits, resolves, deletes) only their own comments and replies. The team moderates and
 *   is not restricted.
 * - The approval record (`approval`): nobody writes it over sync — not the customer, not the team.
 *   Only the server does, through the approval actions that check who may decide and audit it; a
 *   team member writing "approved" into the document would otherwise decide for the customer.
 */
import * as Y from 'yjs';

export const commentRefusal = {
  newComment: 'New comments and replies must be written as yourself.',
  removeComment: 'You can delete only your own comments and replies.',
  changeComment: 'You can change only your own comments and replies.',
  approval: 'Approvals are recorded by Atrium when someone approves or asks for changes; the change was not saved.',
} as const;

/** The root names of an item's shareable part these rules judge. */
export const commentsRoot = 'comments';
export const approvalRoot = 'approval';

type Event = Y.YEvent<Y.AbstractType<unknown>>;

export function commentsViolation(comments: Y.Array<unknown>, events: Event[], userId: string): string | null {
  const own = (entry: unknown) => entry instanceof Y.Map && entry.get('authorId') === userId;
  const ownWithReplies = (entry: unknown) => {
    if (!own(entry)) return false;
    const replies = (entry as Y.Map<unknown>).get('replies');
    return replies === undefined || (replies instanceof Y.Array && replies.toArray().every(own));
  };
  for (const event of events) {
    const path = event.path;
    if (event.target === comments || (path.length === 2 && path[1] === 'replies')) {
      // Comments, or a comment's replies, added or removed.
      for (const item of event.changes.deleted) {
        if (!item.content.getContent().every(own)) return commentRefusal.removeComment;
      }
      for (const item of event.changes.added) {
        if (!item.content.getContent().every(event.target === comments ? ownWithReplies : own))
          return commentRefusal.newComment;
      }
      continue;
    }
    if (path.length === 1 || (path.length === 3 && path[1] === 'replies')) {
      // A comment's or a reply's own fields: its text, resolved state, author…
      const entry = event.target as Y.Map<unknown>;
      const authorBefore = event.changes.keys.get('authorId')?.oldValue;
      if (!own(entry) || (authorBefore !== undefined && authorBefore !== userId)) return commentRefusal.changeComment;
      continue;
    }
    return commentRefusal.changeComment;
  }
  return null;
}
