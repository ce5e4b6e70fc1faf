/**
 * Access changes made by another process reach a running server. Every write that changes who may
 * see what — membership and roles, sharing, ended sessions and revoked tokens — bumps the one-row
 * `access_epoch` counter in its own transaction; each server polls the counter and, when someone
 * else moved it, drops its caches and re-decides every live socket (`AccessWatcher`).
 *
 * Polling, not PostgreSQL's LISTEN/NOTIFY: one primary-key read every 250 ms costs nothing, works
 * the same on SQLite (where there is nothing to listen to), and cannot miss a change — a
 * notification sent while the listening connection is being re-established is gone, so LISTEN
 * would need this poll as its fallback anyway.
 *
 * A server's own changes already re-decide the people they concern (routes call `LiveAccess`), so
 * the watcher ignores the epochs this server committed: `inAccessTransaction` notes them once their
 * transaction commits (never before — a rolled-back bump's number is taken again by the next
 * writer, perhaps another process, whose change must not pass for ours).
 */
import type { Logger } from '../log.ts';
import type { Db } from '../storage/database.ts';

/** Epochs bumped in a transaction still open, by transaction. */
const bumpedIn = new WeakMap<Db, number[]>();
/** Epochs this process committed, by data layer (each test server has its own). */
const committedHere = new WeakMap<Db, Set<number>>();

function ownEpochs(db: Db): Set<number> {
  let epochs = committedHere.get(db);
  if (!epochs) {
    epochs = new Set();
    committedHere.set(db, epochs);
  }
  return epochs;
}

/**
 * Counts one access change; call it in the same transaction as the change, so a running server
 * hears of exactly the changes that committed. Returns the new epoch.
 */
export async function bumpAccessEpoch(db: Db): Promise<number> {
  const { epoch } = await db
    .updateTable('access_epoch')
    .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
    .where('id', '=', 1)
    .returning('epoch')
    .executeTakeFirstOrThrow();
  if (db.isTransaction) bumpedIn.set(db, [...(bumpedIn.get(db) ?? []), epoch]);
  return epoch;
}

/**
 * Runs `change` in a transaction of its own — or in the caller's, when `db` already is one — and,
 * once its own transaction commits, notes the epochs bumped in it as this server's (the watcher
 * ignores them). Inside, use only `tx` and await only queries (SQLite has one connection).
 */
export async function inAccessTransaction<T>(db: Db, change: (tx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return change(db);
  let bumped: number[] = [];
  const result = await db.transaction().execute(async (tx) => {
    const value = await change(tx);
    bumped = bumpedIn.get(tx) ?? [];
    return value;
  });
  const own = ownEpochs(db);
  for (const epoch of bumped) own.add(epoch);
  return result;
}

/** The current epoch (one primary-key read). */
export async function readAccessEpoch(db: Db): Promise<number> {
  const row = await db.selectFrom('access_epoch').select('epoch').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.epoch);
}

export type AccessWatcherOptions = {
  /** The server's data layer itself (not a transaction): its own committed epochs are known by it. */
  db: Db;
  /** Someone else changed access: drop caches, re-decide every live socket. Errors are logged. */
  onChange: () => void | Promise<void>;
  log: Logger;
  intervalMs?: number;
};

/** Polls the access epoch and calls `onChange` when another process moved it. */
export class AccessWatcher {
  /** The epoch last read; null until a read succeeds. */
  private seen: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;
  /** True during the starting read, whose epoch is the baseline rather than news. */
  private starting = false;
  /** Reads failed in a row (the database unreachable). */
  private failedReads = 0;

  constructor(private readonly options: AccessWatcherOptions) {}

  /** Reads the starting epoch (changes before it are not news), then polls. Never rejects. */
  async start(): Promise<void> {
    this.starting = true;
    await this.poll();
    this.starting = false;
    this.schedule();
  }

  /** Stops polling; resolves once a poll in flight is done (the database may then close). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** One poll now (tests; `start` polls on its own). */
  poll(): Promise<void> {
    this.polling ??= this.readAndDecide().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll().then(() => this.schedule());
    }, this.options.intervalMs ?? 250);
    this.timer.unref();
  }

  private async readAndDecide(): Promise<void> {
    const { db, log } = this.options;
    let epoch: number;
    try {
      epoch = await readAccessEpoch(db);
    } catch (error) {
      // The database is unreachable for now: what changed meanwhile is still there to read next
      // time. Logged once per outage, not four times a second.
      if (this.failedReads++ === 0) log.error({ err: error }, 'reading the access epoch failed; retrying');
      return;
    }
    if (this.failedReads > 0) {
      log.info({ failedReads: this.failedReads }, 'reading the access epoch works again');
      this.failedReads = 0;
    }
    const before = this.seen;
    this.seen = epoch;
    if (before === null) {
      // The starting read sets the baseline. If it failed, whatever changed until now was missed:
      // re-decide everything once.
      if (!this.starting) await this.changed(epoch);
      return;
    }
    if (epoch === before) return;
    const own = ownEpochs(db);
    // Epochs grow by one per committed change, so the changes since the last read are exactly
    // before+1 … epoch; one that is not ours is someone else's. (A smaller epoch — a restored
    // database — is news too.)
    let foreign = epoch < before;
    for (let next = before + 1; next <= epoch && !foreign; next++) foreign = !own.has(next);
    for (const known of own) if (known <= epoch) own.delete(known);
    if (foreign) await this.changed(epoch);
  }

  private async changed(epoch: number): Promise<void> {
    this.options.log.info({ epoch }, 'access changed in another process; re-deciding every live socket');
    try {
      await this.options.onChange();
    } catch (error) {
      this.options.log.error({ err: error, epoch }, 're-deciding access after a change elsewhere failed');
    }
  }
}
