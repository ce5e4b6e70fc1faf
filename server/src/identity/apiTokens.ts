/**
 * API tokens for scripts, the benchmark and y-websocket clients: created by a person, shown once,
 * stored hashed, revocable. Accepted as `Authorization: Bearer …` and, for WebSocket clients that
 * cannot set headers, as a `token` query parameter.
 */
import { bumpAccessEpoch, inAccessTransaction } from '../access/accessChanges.ts';
import { chunksOf, type Db } from '../storage/database.ts';
import type { Schema } from '../storage/schema.ts';
import { hashSecret, newId, newSecret } from './secrets.ts';

export type ApiToken = { id: string; name: string; createdAt: number; lastUsedAt: number | null };
type Row = Pick<Schema['api_tokens'], 'id' | 'name' | 'created_at' | 'last_used_at'>;

const toToken = (row: Row): ApiToken => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

export async function createApiToken(
  db: Db,
  userId: string,
  name: string,
): Promise<{ token: string; apiToken: ApiToken }> {
  const token = newSecret('atr');
  const row: Row = { id: newId('tok'), name, created_at: Date.now(), last_used_at: null };
  await db
    .insertInto('api_tokens')
    .values({ id: row.id, token_hash: hashSecret(token), user_id: userId, name, created_at: row.created_at })
    .execute();
  return { token, apiToken: toToken(row) };
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(toToken);
}

/**
 * Revokes one of the user's tokens; false when there is no such live token of theirs. Running
 * servers close the sync sockets opened with it (access/accessChanges.ts).
 */
export async function revokeApiToken(db: Db, userId: string, tokenId: string): Promise<boolean> {
  return inAccessTransaction(db, async (tx) => {
    const result = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: Date.now() })
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows) === 1;
    if (revoked) await bumpAccessEpoch(tx);
    return revoked;
  });
}

/** Whether the token still exists and is not revoked. */
/** Which of these tokens still exist unrevoked (the sync server's periodic check of its sockets). */
export async function liveApiTokenIds(db: Db, tokenIds: readonly string[]): Promise<Set<string>> {
  const live = new Set<string>();
  for (const chunk of chunksOf(tokenIds)) {
    const rows = await db
      .selectFrom('api_tokens')
      .select('id')
      .where('id', 'in', chunk)
      .where('revoked_at', 'is', null)
      .execute();
    for (const row of rows) live.add(row.id);
  }
  return live;
}

export async function resolveApiToken(db: Db, token: string): Promise<{ tokenId: string; userId: string } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('api_tokens').set({ last_used_at: Date.now() }).where('id', '=', row.id).execute();
  return { tokenId: row.id, userId: row.user_id };
}
