/**
 * Browser sessions: a random token in an httpOnly cookie, its hash in the `sessions` table. A
 * session expires after `ttlMs` of inactivity: each use more than a day after the last renewal
 * pushes the expiry forward (sliding renewal), so active people are never signed out mid-work.
 */
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';

const renewAfterMs = 24 * 3600_000;

export type SessionInfo = { id: string; userId: string; expiresAt: number };

export function createSession(
  db: SqliteDatabase,
  userId: string,
  ttlMs: number,
  client: { ip?: string | undefined; userAgent?: string | undefined },
): { token: string; session: SessionInfo } {
  const token = newSecret('ses');
  const now = Date.now();
  const session = { id: newId('ses'), userId, expiresAt: now + ttlMs };
  sql(
    db,
    'INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(session.id, hashSecret(token), userId, now, session.expiresAt, client.ip ?? null, client.userAgent ?? null);
  return { token, session };
}

/** The live session for a token (renewed if due), or undefined when unknown or expired. */
export function resolveSession(
  db: SqliteDatabase,
  token: string,
  ttlMs: number,
): { session: SessionInfo; renewed: boolean } | undefined {
  const row = sql<[string], { id: string; user_id: string; expires_at: number }>(
    db,
    'SELECT id, user_id, expires_at FROM sessions WHERE token_hash = ?',
  ).get(hashSecret(token));
  const now = Date.now();
  if (!row || row.expires_at <= now) return undefined;
  const session = { id: row.id, userId: row.user_id, expiresAt: row.expires_at };
  if (row.expires_at - ttlMs + renewAfterMs > now) return { session, renewed: false };
  session.expiresAt = now + ttlMs;
  sql(db, 'UPDATE sessions SET expires_at = ? WHERE id = ?').run(session.expiresAt, session.id);
  return { session, renewed: true };
}

/** Whether the session still exists (not signed out, not ended by a password reset). */
export function sessionExists(db: SqliteDatabase, sessionId: string): boolean {
  return sql<[string], { id: string }>(db, 'SELECT id FROM sessions WHERE id = ?').get(sessionId) !== undefined;
}

export function deleteSession(db: SqliteDatabase, sessionId: string): void {
  sql(db, 'DELETE FROM sessions WHERE id = ?').run(sessionId);
}

/** Signs someone out everywhere except (optionally) the session they are using; returns the ended sessions' ids. */
export function deleteUserSessions(db: SqliteDatabase, userId: string, exceptSessionId?: string): string[] {
  return sql<[string, string], { id: string }>(db, 'DELETE FROM sessions WHERE user_id = ? AND id != ? RETURNING id')
    .all(userId, exceptSessionId ?? '')
    .map((row) => row.id);
}
