/**
 * The outbox: whatever must leave the server (email today; notifications and webhooks plug in as
 * further kinds) is a row enqueued in the same transaction as the change that causes it, so a
 * rolled-back change sends nothing and a committed one is never forgotten, crash or not.
 *
 * The worker claims due rows (a lease in `claimed_until`, taken by a conditional update, so two
 * workers — or two processes on one database — never send the same row at once), sends, and marks
 * the row sent. A failure keeps the row with `last_error` and retries it later with exponential
 * backoff (1 min, 2, 4 … capped at 1 h); after `maxAttempts` it is given up (`failed_at`). Sending
 * is at least once: a crash after the SMTP server accepted a message and before the row is marked
 * sent sends it again when the lease runs out (ARCHITECTURE.md, "Outbox").
 */
import type { Logger } from '../log.ts';
import type { Db } from '../storage/database.ts';
import type { EmailMessage, Mailer } from './mailer.ts';

export type OutboxMessage = { kind: 'email'; dedupeKey: string; payload: EmailMessage };

/**
 * Adds a message to the outbox (pass the transaction of the change that causes it). A message whose
 * dedupe key is already there is not added again; returns whether this call added it.
 */
export async function enqueue(db: Db, message: OutboxMessage, now = Date.now()): Promise<boolean> {
  const rows = await db
    .insertInto('outbox')
    .values({
      kind: message.kind,
      dedupe_key: message.dedupeKey,
      payload: JSON.stringify(message.payload),
      created_at: now,
      next_attempt_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Wait before attempt `attempts + 1` after `attempts` failures: 1 min doubling, at most 1 h. */
export function retryDelay(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

export type OutboxOptions = {
  pollMs: number;
  /** Given up after this many failed attempts. */
  maxAttempts?: number;
  /** How long a claim holds a row; longer than any one send takes (the mailer times out in 30 s). */
  leaseMs?: number;
  /** Rows taken per pass. */
  batch?: number;
};

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly batch: number;

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly log: Logger,
    private readonly options: OutboxOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.batch = options.batch ?? 20;
  }

  start(): void {
    this.timer = setInterval(() => void this.deliver(), this.options.pollMs);
    this.timer.unref();
    void this.deliver();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.mailer.close();
  }

  /** Something was enqueued: send it now rather than at the next poll. */
  poke(): void {
    if (this.timer === undefined) return;
    if (this.running) this.again = true;
    else void this.deliver();
  }

  /** One pass: sends what is due at `now`; how many were sent. Overlapping calls share a pass. */
  deliver(now?: number): Promise<number> {
    this.running ??= this.pass(now ?? Date.now())
      .catch((error: unknown) => {
        this.log.error({ err: error }, 'outbox pass failed; retried at the next poll');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer !== undefined) {
          this.again = false;
          void this.deliver();
        }
      });
    return this.running;
  }

  private async pass(now: number): Promise<number> {
    const due = await this.db
      .selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('id')
      .limit(this.batch)
      .execute();
    let sent = 0;
    for (const { id } of due) {
      const row = await this.claim(id, now);
      if (!row) continue;
      if (await this.send(row, now)) sent += 1;
    }
    return sent;
  }

  /** Takes the row for this worker until the lease ends; undefined when someone else has it or it is done. */
  private async claim(id: number, now: number) {
    const claimed = await this.db
      .updateTable('outbox')
      .set({ claimed_until: now + this.leaseMs })
      .where('id', '=', id)
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    return this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private async send(row: { id: number; kind: string; payload: string; attempts: number }, now: number) {
    const attempts = row.attempts + 1;
    try {
      if (row.kind !== 'email') throw new Error(`no sender for outbox kind "${row.kind}"`);
      await this.mailer.send(JSON.parse(row.payload) as EmailMessage);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = attempts >= this.maxAttempts;
      await this.db
        .updateTable('outbox')
        .set({
          attempts,
          claimed_until: null,
          last_error: message.slice(0, 1000),
          next_attempt_at: now + retryDelay(attempts),
          failed_at: giveUp ? Date.now() : null,
        })
        .where('id', '=', row.id)
        .execute();
      this.log.warn(
        { outboxId: row.id, attempts, err: error },
        giveUp ? 'outbox message given up after its last attempt' : 'outbox message not sent; retried later',
      );
      return false;
    }
    await this.db
      .updateTable('outbox')
      .set({ attempts, claimed_until: null, sent_at: Date.now(), last_error: null })
      .where('id', '=', row.id)
      .execute();
    return true;
  }
}
