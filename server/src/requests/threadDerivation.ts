/**
 * What the client thread of a request tells the server, derived on every change to a request
 * item's shareable part:
 * - first response: the first message by a team member (workspace team or internal project member)
 *   after the request text stops the first-response clock, at the server's time when the change
 *   was applied — never the message's own `createdAt`, which the client wrote;
 * - a customer's reply while the request waits on them moves it back to in progress (by them).
 *
 * New messages are told apart from old ones by the ids the document held when it was loaded and at
 * each change since. The database work runs after the change, in order per request.
 */
import { isInternal } from '@atrium/shared/access/roles.ts';
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { parseProjectDocument } from '@atrium/shared/model/projectDocuments.ts';
import { requestRoot } from '@atrium/shared/model/requests.ts';
import { recordAudit } from '../audit/auditLog.ts';
import type { Logger } from '../log.ts';
import { standingIn } from '../org/projects.ts';
import { loaded, type SyncDocument } from '../sync/syncDocument.ts';
import { moveRequest, type RequestActions } from './requestActions.ts';
import { projectRequest } from './requestProjection.ts';
import { appendEvent, getRequest } from './requestStore.ts';

type NewMessages = { projectId: string; requestId: string; authors: string[]; at: number };

export class ThreadDerivation {
  /** Message ids each loaded request document held at its last change. */
  private readonly seen = new Map<string, ReadonlySet<string>>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly services: RequestActions & { log: Logger }) {}

  readonly onDocumentChanged = (document: SyncDocument, origin: unknown): void => {
    // Cheap first: only request items have the request view.
    if (!document.doc.share.has(requestRoot)) return;
    const parsed = parseProjectDocument(document.name);
    if (parsed?.kind !== 'itemShared') return;
    const messages = new ItemSharedPart(document.doc).clientThread.messages();
    const before = this.seen.get(document.name);
    this.seen.set(document.name, new Set(messages.map((message) => message.id)));
    if (origin === loaded || !before) return;
    // Index 0 is the request text itself, whoever wrote it.
    const fresh = messages.slice(1).filter((message) => !before.has(message.id) && !message.deleted);
    if (fresh.length === 0) return;
    this.enqueue({
      projectId: parsed.projectId,
      requestId: parsed.itemId,
      authors: [...new Set(fresh.map((message) => message.authorId))],
      at: Date.now(),
    });
  };

  /** Resolves once every derivation queued so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  /** Forgets an evicted document (its ids are read again at the next load). */
  forget(documentName: string): void {
    this.seen.delete(documentName);
  }

  private enqueue(found: NewMessages): void {
    const previous = this.queues.get(found.requestId) ?? Promise.resolve();
    const next = previous
      .then(() => this.derive(found))
      .catch((error) =>
        this.services.log.error({ err: error, requestId: found.requestId }, 'request thread derivation failed'),
      )
      .finally(() => {
        if (this.queues.get(found.requestId) === next) this.queues.delete(found.requestId);
      });
    this.queues.set(found.requestId, next);
  }

  private async derive({ projectId, requestId, authors, at }: NewMessages): Promise<void> {
    const { db } = this.services;
    let row = await getRequest(db, projectId, requestId);
    if (!row) return;
    const sides = await Promise.all(
      authors.map(async (authorId) => ({ authorId, standing: await standingIn(db, authorId, projectId) })),
    );
    const team = sides.find((side) => isInternal(side.standing));
    if (team && row.first_response_at === null) {
      const stamped = await db.transaction().execute(async (tx) => {
        const result = await tx
          .updateTable('requests')
          .set({ first_response_at: at, updated_at: at })
          .where('id', '=', requestId)
          .where('first_response_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        await appendEvent(tx, { requestId, at, actorId: team.authorId, kind: 'first_response' });
        await recordAudit(tx, {
          action: 'request.first_response',
          actorId: team.authorId,
          workspaceId: (row as { workspace_id: string }).workspace_id,
          target: { type: 'request', id: requestId },
          details: { projectId },
        });
        return true;
      });
      row = await getRequest(db, projectId, requestId);
      if (stamped && row) await projectRequest(this.services, row, team.authorId);
    }
    const customer = sides.find((side) => !isInternal(side.standing) && side.standing.projectRole === 'collaborator');
    if (customer && row?.status === 'waiting_on_customer')
      await moveRequest(this.services, row, { id: customer.authorId }, 'in_progress');
  }
}
