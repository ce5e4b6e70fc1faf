/**
 * Browser sessions: a random token in an httpOnly cookie, its hash in the `sessions` table. A
 * session expires after `ttlMs` of inactivity: each use more than a day after the last renewal
 * pushes the expiry forward (sliding renewal), so active people are never signed out mid-work.
 */
import { bumpAccessEpoch, inAccessTransaction } from '../access/accessChanges.ts';
import { chunksOf, type Db } from '../storage/database.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';

const renewAfterMs = 24 * 3600_000;

export type SessionInfo = { id: string; userId: string; expiresAt: number };

export async function createSession(
  db: Db,
  userId: string,
  ttlMs: number,
  client: { ip?: string | undefined; userAgent?: string | undefined },
): Promise<{ token: string; session: SessionInfo }> {
  const token = newSecret('ses');
  const now = Date.now();
  const session = { id: newId('ses'), userId, expiresAt: now + ttlMs };
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      token_hash: hashSecret(token),
      user_id: userId,
      created_at: now,
      expires_at: session.expiresAt,
      ip: client.ip ?? null,
      user_agent: client.userAgent ?? null,
    })
    .execute();
  return { token, session };
}

/** The live session for a token (renewed if due), or undefined when unknown or expired. */
export async function resolveSession(
  db: Db,
  token: string,
  ttlMs: number,
): Promise<{ session: SessionInfo; renewed: boolean } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'expires_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.expires_at <= now) return undefined;
  const session = { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
  if (row.expires_at - ttlMs + renewAfterMs > now) return { session, renewed: false };
  session.expiresAt = now + ttlMs;
  await db.updateTable('sessions').set({ expires_at: session.expiresAt }).where('id', '=', session.id).execute();
  return { session, renewed: true };
}

/** Whether the session still exists (not signed out, not ended by a password reset). */
/** Which of these sessions still exist (the sync server's periodic check of its sockets). */
export async function liveSessionIds(db: Db, sessionIds: readonly string[]): Promise<Set<string>> {
  const live = new Set<string>();
  for (const chunk of chunksOf(sessionIds)) {
    const rows = await db.selectFrom('sessions').select('id').where('id', 'in', chunk).execute();
    for (const row of rows) live.add(row.id);
  }
  return live;
}

/** Ends one session; running servers close its sync sockets (access/accessChanges.ts). */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await inAccessTransaction(db, async (tx) => {
    const result = await tx.deleteFrom('sessions').where('id', '=', sessionId).executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) await bumpAccessEpoch(tx);
  });
}

/** Signs someone out everywhere except (optionally) the session they are using; returns the ended sessions' ids. */
export async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string): Promise<string[]> {
  return inAccessTransaction(db, async (tx) => {
    const rows = await tx
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('id', '!=', exceptSessionId ?? '')
      .returning('id')
      .execute();
    if (rows.length > 0) await bumpAccessEpoch(tx);
    return rows.map((row) => row.id);
  });
}
