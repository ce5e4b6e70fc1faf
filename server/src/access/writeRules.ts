/**
 * The rules a write must follow beyond "may write this document", checked before anything is
 * stored:
 *
 * - Authorship: every struct in the update must carry a clientID that belongs to the writer (or a
 *   new one, which then becomes theirs). Nobody can write as someone else.
 * - Client threads: in an item's shareable part, a customer may add messages only as themselves,
 *   and edit, resolve or delete only their own. (The team moderates, so it is not restricted.)
 *
 * Thread rules are checked by applying the update to a scratch copy and looking at exactly what it
 * changed, so they hold however the update was produced.
 */
import { isInternal } from '@atrium/shared/access/roles.ts';
import { parseProjectDocument } from '@atrium/shared/model/projectDocuments.ts';
import { MalformedFrame } from '@atrium/shared/protocol/frames.ts';
import * as Y from 'yjs';
import { standingIn } from '../org/projects.ts';
import type { SqliteDatabase } from '../storage/sqlite/database.ts';
import type { ClientOwnership } from './clientOwnership.ts';

/**
 * Whether a user is on the provider side of a project, remembered between writes: asked on every
 * update to a shareable part, it would otherwise be a SQL query per keystroke. `clear()` is called
 * whenever membership or roles change (the same moments live subscriptions are re-decided).
 */
export class TeamMembership {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly db: SqliteDatabase) {}

  isTeam(userId: string, projectId: string): boolean {
    const key = `${userId} ${projectId}`;
    let team = this.known.get(key);
    if (team === undefined) {
      team = isInternal(standingIn(this.db, userId, projectId));
      this.known.set(key, team);
    }
    return team;
  }

  clear(): void {
    this.known.clear();
  }
}

export function checkWrite(
  team: TeamMembership,
  ownership: ClientOwnership,
  userId: string,
  documentName: string,
  doc: Y.Doc,
  update: Uint8Array,
): string | null {
  const clientIds = structClients(update);
  if (ownership.foreign(documentName, clientIds, userId).length > 0) {
    return 'This change was made under another person’s editing identity and was not accepted.';
  }
  const document = parseProjectDocument(documentName);
  if (document?.kind === 'itemShared' && !team.isTeam(userId, document.projectId)) {
    const violation = clientThreadViolation(doc, update, userId);
    if (violation) return violation;
  }
  ownership.claim(documentName, clientIds, userId);
  return null;
}

function structClients(update: Uint8Array): Set<number> {
  try {
    return new Set(Y.decodeUpdate(update).structs.map((struct) => struct.id.client));
  } catch (error) {
    throw new MalformedFrame(`not a Yjs update: ${(error as Error).message}`);
  }
}

/** What is wrong with the update's changes to the client thread for this customer, if anything. */
export function clientThreadViolation(doc: Y.Doc, update: Uint8Array, userId: string): string | null {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  const thread = scratch.getArray<unknown>('clientThread');
  let violation: string | null = null;
  thread.observeDeep((events) => {
    for (const event of events) {
      if (event.target === thread) {
        for (const item of event.changes.deleted) {
          for (const message of item.content.getContent()) {
            if (!(message instanceof Y.Map) || message.get('authorId') !== userId)
              violation = 'You can delete only your own messages.';
          }
        }
        for (const item of event.changes.added) {
          for (const message of item.content.getContent()) {
            if (!(message instanceof Y.Map) || message.get('authorId') !== userId)
              violation = 'New messages must be written as yourself.';
          }
        }
      } else {
        // A change inside an existing message (its text, resolved state, author…).
        const message = event.path.length === 1 ? (event.target as Y.Map<unknown>) : null;
        const before = message && event.changes.keys.get('authorId')?.oldValue;
        if (!message || message.get('authorId') !== userId || (before !== undefined && before !== userId)) {
          violation = 'You can change only your own messages.';
        }
      }
    }
  });
  try {
    Y.applyUpdate(scratch, update);
  } finally {
    scratch.destroy();
  }
  return violation;
}
