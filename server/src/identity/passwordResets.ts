/**
 * Password-reset links: a random token, stored only as its hash, usable once and for one hour.
 * Asking for a new link does not end older ones (each still expires within the hour); using any
 * link ends every other unused link of the account.
 */
import { AppError } from '../errors.ts';
import type { Db } from '../storage/database.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';

export const resetLinkLifetimeMs = 3600_000;

/** Creates a reset link's token for the user (pass the transaction that also enqueues its email). */
export async function createPasswordReset(db: Db, userId: string, now = Date.now()) {
  const token = newSecret('rst');
  const id = newId('rst');
  await db
    .insertInto('password_resets')
    .values({
      id,
      token_hash: hashSecret(token),
      user_id: userId,
      created_at: now,
      expires_at: now + resetLinkLifetimeMs,
      used_at: null,
    })
    .execute();
  return { id, token };
}

const unusable = () =>
  new AppError('gone', 'This password reset link expired or was already used. Ask for a new one on the sign-in page.');

/** The user a still-usable link belongs to, or 410 (never says which of expired/used/unknown). */
export async function usablePasswordReset(db: Db, token: string, now = Date.now()): Promise<{ userId: string }> {
  const row = await db
    .selectFrom('password_resets')
    .select(['user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now) throw unusable();
  return { userId: row.user_id };
}

/**
 * Marks the link used — only if it still is usable when written, so two uses racing for one link
 * cannot both succeed — and retires the account's other unused links. Returns the user's id.
 */
export async function consumePasswordReset(tx: Db, token: string, now = Date.now()): Promise<string> {
  const used = await tx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  if (!used) throw unusable();
  await tx
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', used.user_id)
    .where('used_at', 'is', null)
    .execute();
  return used.user_id;
}
