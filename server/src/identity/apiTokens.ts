/**
 * API tokens for scripts, the benchmark and y-websocket clients: created by a person, shown once,
 * stored hashed, revocable. Accepted as `Authorization: Bearer …` and, for WebSocket clients that
 * cannot set headers, as a `token` query parameter.
 */
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';

export type ApiToken = { id: string; name: string; createdAt: number; lastUsedAt: number | null };
type Row = { id: string; user_id: string; name: string; created_at: number; last_used_at: number | null };

const toToken = (row: Row): ApiToken => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

export function createApiToken(
  db: SqliteDatabase,
  userId: string,
  name: string,
): { token: string; apiToken: ApiToken } {
  const token = newSecret('atr');
  const row: Row = { id: newId('tok'), user_id: userId, name, created_at: Date.now(), last_used_at: null };
  sql(db, 'INSERT INTO api_tokens (id, token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?, ?)').run(
    row.id,
    hashSecret(token),
    userId,
    name,
    row.created_at,
  );
  return { token, apiToken: toToken(row) };
}

export function listApiTokens(db: SqliteDatabase, userId: string): ApiToken[] {
  return sql<[string], Row>(db, 'SELECT * FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at')
    .all(userId)
    .map(toToken);
}

/** Revokes one of the user's tokens; false when there is no such live token of theirs. */
export function revokeApiToken(db: SqliteDatabase, userId: string, tokenId: string): boolean {
  return (
    sql(db, 'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(
      Date.now(),
      tokenId,
      userId,
    ).changes === 1
  );
}

/** Whether the token still exists and is not revoked. */
export function apiTokenLive(db: SqliteDatabase, tokenId: string): boolean {
  return (
    sql<[string], { id: string }>(db, 'SELECT id FROM api_tokens WHERE id = ? AND revoked_at IS NULL').get(tokenId) !==
    undefined
  );
}

export function resolveApiToken(db: SqliteDatabase, token: string): { tokenId: string; userId: string } | undefined {
  const row = sql<[string], Row>(db, 'SELECT * FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(
    hashSecret(token),
  );
  if (!row) return undefined;
  sql(db, 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(Date.now(), row.id);
  return { tokenId: row.id, userId: row.user_id };
}
