/**
 * Server-side derivations of a project's content. Whenever a plan document is loaded or changes,
 * the server (alone) rewrites the project's portal from the plan's shared items, updates the
 * visibility mirror the access decision reads, and — when an item was shared or unshared — records
 * it in the audit log and re-checks the customers' live subscriptions, so a newly shared item can
 * be opened at once and an unshared one is closed at once.
 *
 * Every plan change is mirrored, in order per project, in one transaction with its sharing periods
 * and audit entries (see `onDocumentChanged`); until it is written, sharing is held in memory to what
 * the plan shares, and an unshare re-decides live subscriptions at once. The portal write is
 * coalesced per project to one per event-loop turn, so a burst of plan edits costs one portal update.
 *
 * Failures are never only logged. A mirror that cannot be written fails closed — sharing is held
 * to what the plan shares (`mirrorBehind.ts`) and customers' live access re-decided at once — and
 * both derivations are retried until they succeed (`derivationRetries.ts`, counted in /metrics).
 */

import { type ApprovalState, readApproval } from '@atrium/shared/model/approval.ts';
import { Plan, type PlanItem } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { parseProjectDocument, projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { inAccessTransaction } from '../access/accessChanges.ts';
import { recordAudit } from '../audit/auditLog.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../storage/database.ts';
import type { DocumentRegistry } from '../sync/documentRegistry.ts';
import { ServerWriter, type SyncDocument } from '../sync/syncDocument.ts';
import type { DerivationRetries } from './derivationRetries.ts';
import { syncItemVisibility, type VisibilityChange } from './itemVisibility.ts';
import { holdSharingToPlan, holdUntilMirrored, mirrorCaughtUp, mirrorWritten } from './mirrorBehind.ts';
import { holdDocument } from './serverDocuments.ts';

/** Who made a change, when the change came from a person (a sync subscription or a REST call). */
export type ActorOf = (origin: unknown) => string | null;

export type ProjectContentOptions = {
  db: Db;
  registry: () => DocumentRegistry;
  /** Re-decides the live subscriptions of these users. */
  revalidateUsers: (userIds: string[]) => void;
  /**
   * Re-decides every live subscription, synchronously: for an unshare, before the next update is
   * applied, when there is no time to ask the database who the project's customers are.
   */
  revalidateAll: () => void;
  actorOf: ActorOf;
  log: Logger;
  retries: DerivationRetries;
};

const derivationWriter = new ServerWriter(null);

/** A portal derivation waiting for its turn; later plan changes of the same project join it. */
type Job = { plan: SyncDocument; done: Promise<void>; finish: () => void };

export class ProjectContent {
  private readonly pending = new Map<string, Job>();
  private readonly running = new Map<string, Promise<void>>();
  /** The last mirror write queued per project: each plan change is mirrored after the one before. */
  private readonly mirroring = new Map<string, Promise<void>>();
  /** What each loaded plan shared at its last change: an unshare is seen at once, without the database. */
  private readonly planShared = new Map<string, ReadonlySet<string>>();
  /** Who made the first plan change the mirror could not follow, per project: the audit's actor once it does. */
  private readonly unmirroredActors = new Map<string, string | null>();

  constructor(private readonly options: ProjectContentOptions) {}

  /**
   * The registry's change observer, called synchronously right after a plan change is applied.
   * Here, before any later update in the same commit batch is applied and broadcast, sharing is
   * held to what the plan now shares and, when it unshares something, every live subscription is
   * re-decided — an edit that arrives together with an unshare must not reach the customer. The
   * mirror write (and its audit) follows, in order; the portal is derived once per turn.
   */
  readonly onDocumentChanged = (document: SyncDocument, origin: unknown): void => {
    const parsed = parseProjectDocument(document.name);
    if (parsed?.kind !== 'plan') return;
    const { projectId } = parsed;
    const items = new Plan(document.doc).items();
    const shared = new Set(items.filter((item) => item.shared).map((item) => item.id));
    const before = this.planShared.get(projectId);
    this.planShared.set(projectId, shared);
    holdUntilMirrored(this.options.db, projectId, shared);
    if (before && [...before].some((itemId) => !shared.has(itemId))) this.options.revalidateAll();
    void this.mirror(projectId, items, this.options.actorOf(origin));
    void this.schedulePortal(projectId, document);
  };

  /**
   * Shutdown: one last try for mirrors still behind their plans, then no more retries. A mirror
   * still behind is reported; its hold stays on file and the next start catches it up (`catchUp`).
   */
  async close(): Promise<void> {
    const behind = this.options.retries.pending('visibility');
    await Promise.all(behind.map((projectId) => this.retryVisibility(projectId)));
    const still = this.options.retries.pending('visibility');
    this.options.retries.close();
    if (still.length > 0) {
      throw new Error(`the visibility mirror is behind the plan of ${still.join(', ')}; caught up at the next start`);
    }
  }

  /** Resolves when every derivation scheduled so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0 || this.running.size > 0 || this.mirroring.size > 0) {
      await Promise.all([
        ...this.running.values(),
        ...this.mirroring.values(),
        new Promise((resolve) => setImmediate(resolve)),
      ]);
    }
  }

  /**
   * Resolves once the derivation covering every change applied so far to this document (if it is
   * a plan) has finished: the portal, the visibility mirror and customers' live access follow it.
   * A REST action awaits this, so "shared" or "unshared" in its answer is already true on the wire.
   */
  async derivedFrom(documentName: string): Promise<void> {
    const parsed = parseProjectDocument(documentName);
    if (parsed?.kind !== 'plan') return;
    const { projectId } = parsed;
    await Promise.all([
      this.pending.get(projectId)?.done ?? this.running.get(projectId),
      this.mirroring.get(projectId),
    ]);
  }

  /** Queues a portal derivation (joining one already queued); resolves once it has run. */
  private schedulePortal(projectId: string, plan: SyncDocument): Promise<void> {
    const already = this.pending.get(projectId);
    if (already) {
      already.plan = plan;
      return already.done;
    }
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    this.pending.set(projectId, { plan, done, finish });
    setImmediate(() => void this.derive(projectId));
    return done;
  }

  private async derive(projectId: string): Promise<void> {
    const previous = this.running.get(projectId);
    if (previous) await previous;
    const job = this.pending.get(projectId);
    if (!job) return;
    this.pending.delete(projectId);
    const { retries } = this.options;
    const run = this.deriveNow(projectId, job.plan)
      .then(
        () => retries.succeeded('portal', projectId),
        (error: unknown) => retries.failed('portal', projectId, error, () => void this.retryPortal(projectId)),
      )
      .finally(job.finish);
    this.running.set(projectId, run);
    await run;
    if (this.running.get(projectId) === run) this.running.delete(projectId);
  }

  /** Queues the mirror write of this plan state after the project's previous one; resolves once it ran. */
  private mirror(projectId: string, items: PlanItem[], actorId: string | null): Promise<void> {
    const run = (this.mirroring.get(projectId) ?? Promise.resolve())
      .then(() => this.followVisibility(projectId, items, actorId))
      .catch((error: unknown) => this.options.log.error({ err: error, projectId }, 'following visibility failed'))
      .finally(() => {
        if (this.mirroring.get(projectId) !== run) return;
        // The latest plan state is in the mirror (or, having failed, held to the plan on file).
        this.mirroring.delete(projectId);
        mirrorWritten(this.options.db, projectId);
      });
    this.mirroring.set(projectId, run);
    return run;
  }

  private async followVisibility(projectId: string, items: PlanItem[], actorId: string | null): Promise<void> {
    const { db, log, retries } = this.options;
    // After a failure, the change is audited as made by whoever made the first change it could not follow.
    const actor = this.unmirroredActors.get(projectId) ?? actorId;
    let changes: VisibilityChange[] | null;
    try {
      changes = await inAccessTransaction(db, async (tx) => {
        const workspaceId = await workspaceOf(tx, projectId);
        if (workspaceId === undefined) return null;
        const changed = await syncItemVisibility(tx, projectId, items);
        for (const change of changed) {
          await recordAudit(tx, {
            action: change.shared ? 'item.shared' : 'item.unshared',
            actorId: actor,
            workspaceId,
            target: { type: 'item', id: change.itemId },
            details: { projectId, title: change.title },
          });
        }
        return changed;
      });
    } catch (error) {
      // Fail closed: customers lose what the plan no longer shares now, not once the mirror is written.
      holdSharingToPlan(
        db,
        projectId,
        items.filter((item) => item.shared).map((item) => item.id),
      );
      if (!this.unmirroredActors.has(projectId)) this.unmirroredActors.set(projectId, actorId);
      retries.failed('visibility', projectId, error, () => void this.retryVisibility(projectId));
      await this.revalidateCustomers(projectId);
      return;
    }
    if (changes === null) {
      // Nothing is left to share or hide.
      if (mirrorCaughtUp(db, projectId)) retries.succeeded('visibility', projectId);
      return;
    }
    const held = mirrorCaughtUp(db, projectId);
    if (held) {
      this.unmirroredActors.delete(projectId);
      retries.succeeded('visibility', projectId);
    }
    if (changes.length === 0) {
      // The hold may have kept back an item the mirror shared all along; it opens again now.
      if (held) await this.revalidateCustomers(projectId);
      return;
    }
    log.info({ projectId, changes }, 'sharing changed');
    await this.revalidateCustomers(projectId);
  }

  /** Re-decides the live subscriptions of the project's customers (of everyone, if they cannot be read). */
  private async revalidateCustomers(projectId: string): Promise<void> {
    let customers: string[];
    try {
      customers = await customerIds(this.options.db, projectId);
    } catch (error) {
      this.options.log.error({ err: error, projectId }, 'reading the project’s customers failed; re-deciding everyone');
      this.options.revalidateAll();
      return;
    }
    this.options.revalidateUsers(customers);
  }

  /** Derives the portal again, holding the plan (loaded again if it was evicted) until it is done. */
  private retryPortal(projectId: string): Promise<void> {
    return this.withPlan(projectId, (plan) => this.schedulePortal(projectId, plan)).catch((error: unknown) =>
      this.options.retries.failed('portal', projectId, error, () => void this.retryPortal(projectId)),
    );
  }

  /**
   * Start-up: mirrors a previous run left behind (their holds restored by `keepHoldsIn`) are
   * brought up to date now rather than whenever someone next opens the project.
   */
  catchUp(projectIds: string[]): Promise<void> {
    return Promise.all(projectIds.map((projectId) => this.retryVisibility(projectId))).then(() => undefined);
  }

  /** Mirrors the project's plan again (loading it if it was evicted); failures reschedule. */
  private retryVisibility(projectId: string): Promise<void> {
    const actorId = this.unmirroredActors.get(projectId) ?? null;
    return this.withPlan(projectId, (plan) => this.mirror(projectId, new Plan(plan.doc).items(), actorId)).catch(
      (error: unknown) =>
        this.options.retries.failed('visibility', projectId, error, () => void this.retryVisibility(projectId)),
    );
  }

  private withPlan<T>(projectId: string, use: (plan: SyncDocument) => Promise<T> | T): Promise<T> {
    return holdDocument(this.options.registry(), projectDocumentName.plan(projectId), use);
  }

  private async deriveNow(projectId: string, planDocument: SyncDocument): Promise<void> {
    // The portal shows an item once access to it is committed: a customer who sees it newly shared
    // and opens it at once must be let in (on PostgreSQL the mirror's commit can take longer than
    // this turn of the event loop).
    await this.mirroring.get(projectId);
    if ((await workspaceOf(this.options.db, projectId)) === undefined) return;
    const plan = new Plan(planDocument.doc);
    // Workflows stored before statuses had categories get them written down once (the migration).
    if (plan.hasLegacyWorkflow())
      await planDocument.change((doc) => new Plan(doc).upgradeStoredWorkflow(), derivationWriter);
    await indexApprovalsOf(this.options.registry(), projectId, planDocument);
    await holdDocument(this.options.registry(), projectDocumentName.portal(projectId), (portal) =>
      portal.change((doc) => new Portal(doc).deriveFrom(plan), derivationWriter),
    );
  }
}

/**
 * Deliverables whose plan entry does not yet say their approval state (created before the plan
 * indexed it, or made a deliverable later) get it from their approval record, once: whether a
 * deliverable waits on the customer is read from that index (`waitsOnCustomer`).
 */
async function indexApprovalsOf(registry: DocumentRegistry, projectId: string, planDocument: SyncDocument) {
  const unindexed = new Plan(planDocument.doc)
    .items()
    .filter((item) => item.kind === 'deliverable' && item.approval === undefined);
  if (unindexed.length === 0) return;
  const states = new Map<string, ApprovalState>();
  for (const item of unindexed) {
    const name = projectDocumentName.itemShared(projectId, item.id);
    states.set(item.id, await holdDocument(registry, name, (part) => readApproval(part.doc).state));
  }
  await planDocument.change((doc) => {
    const plan = new Plan(doc);
    // The approval action may have written it meanwhile: that one is newer.
    for (const [itemId, approval] of states)
      if (plan.item(itemId)?.approval === undefined) plan.updateItem(itemId, { approval });
  }, derivationWriter);
}

/** The project's workspace, or undefined when the project is gone. */
async function workspaceOf(db: Db, projectId: string): Promise<string | undefined> {
  const project = await db.selectFrom('projects').select('workspace_id').where('id', '=', projectId).executeTakeFirst();
  return project?.workspace_id;
}

async function customerIds(db: Db, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('project_members')
    .select('user_id')
    .where('project_id', '=', projectId)
    .where('role', 'in', ['collaborator', 'viewer'])
    .execute();
  return rows.map((row) => row.user_id);
}
