/**
 * Invite links sent by email. The invite's token is stored only as a hash, so the link itself
 * lives in the outbox row of its email: sending again ("Resend") enqueues a copy of the latest one
 * under the next dedupe key (`invite:<id>:<n>`).
 */
import type { Db } from '../storage/database.ts';
import type { EmailMessage } from './mailer.ts';

export type InviteEmailState = {
  to: string;
  sendings: number;
  lastAt: number;
  sentAt: number | null;
  /** The latest sending: queued (not tried yet), sent, retrying (tried and failed) or failed (given up). */
  status: 'queued' | 'sent' | 'retrying' | 'failed';
};

const prefixOf = (inviteId: string) => `invite:${inviteId}:`;

/** The invite emails of each of these invites (absent: never emailed). */
export async function inviteEmails(db: Db, inviteIds: readonly string[]): Promise<Map<string, InviteEmailState>> {
  const found = new Map<string, InviteEmailState>();
  if (inviteIds.length === 0) return found;
  const rows = await db
    .selectFrom('outbox')
    .select(['dedupe_key', 'payload', 'created_at', 'sent_at', 'failed_at', 'attempts', 'id'])
    .where((eb) => eb.or(inviteIds.map((id) => eb('dedupe_key', 'like', `${prefixOf(id)}%`))))
    .orderBy('id')
    .execute();
  for (const id of inviteIds) {
    // LIKE's `_` matches any character (ids contain it): the exact prefix is checked here.
    const mine = rows.filter((row) => row.dedupe_key.startsWith(prefixOf(id)));
    const last = mine.at(-1);
    if (!last) continue;
    const payload = JSON.parse(last.payload) as EmailMessage;
    const status =
      last.sent_at !== null ? 'sent' : last.failed_at !== null ? 'failed' : last.attempts > 0 ? 'retrying' : 'queued';
    found.set(id, { to: payload.to, sendings: mine.length, lastAt: last.created_at, sentAt: last.sent_at, status });
  }
  return found;
}

/** A copy of the invite's latest email, to enqueue again; undefined when it was never emailed. */
export async function nextInviteEmail(db: Db, inviteId: string) {
  const rows = await db
    .selectFrom('outbox')
    .select(['dedupe_key', 'payload'])
    .where('dedupe_key', 'like', `${prefixOf(inviteId)}%`)
    .orderBy('id')
    .execute();
  const mine = rows.filter((row) => row.dedupe_key.startsWith(prefixOf(inviteId)));
  const last = mine.at(-1);
  if (!last) return undefined;
  return {
    kind: 'email' as const,
    dedupeKey: `${prefixOf(inviteId)}${mine.length + 1}`,
    payload: JSON.parse(last.payload) as EmailMessage,
  };
}
