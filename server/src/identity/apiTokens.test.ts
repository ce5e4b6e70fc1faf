/**
 * API tokens and caller resolution against a real database (SQLite file, or PostgreSQL under
 * `npm run test:postgres`): a token is stored hashed, resolves to its owner and records its use,
 * and a revoked one resolves to nobody; a caller is resolved from a token or a session alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database, Db } from '../storage/database.ts';
import { createUser, type User } from './accounts.ts';
import { createApiToken, listApiTokens, liveApiTokenIds, resolveApiToken, revokeApiToken } from './apiTokens.ts';
import { resolveCaller } from './callers.ts';
import { hashSecret } from './secrets.ts';
import { createSession } from './sessions.ts';

const ttlMs = 30 * 24 * 3600_000;

let dispose: () => Promise<void>;
let database: Database;
let db: Db;
let tess: User;
let ugo: User;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('tokens'));
  db = database.db;
  tess = await createUser(db, { email: 'tess@example.test', name: 'Tess', password: 'long enough secret' });
  ugo = await createUser(db, { email: 'ugo@example.test', name: 'Ugo', password: 'long enough secret' });
});

afterEach(async () => {
  await dispose();
});

describe('API tokens', () => {
  it('stores only the hash; resolves to its owner and records when it was last used', async () => {
    const { token, apiToken } = await createApiToken(db, tess.id, 'CI deploy');
    expect(apiToken).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: 'CI deploy',
      createdAt: expect.any(Number),
      lastUsedAt: null,
    });
    const row = await db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await listApiTokens(db, tess.id)).toEqual([apiToken]);

    expect(await resolveApiToken(db, token)).toEqual({ tokenId: apiToken.id, userId: tess.id });
    const [listed] = await listApiTokens(db, tess.id);
    expect(listed?.lastUsedAt).toBeGreaterThanOrEqual(apiToken.createdAt);
    expect(await resolveApiToken(db, 'atr_made-up')).toBeUndefined();
  });

  it('lists only the owner’s live tokens, oldest first', async () => {
    const first = await createApiToken(db, tess.id, 'first');
    const second = await createApiToken(db, tess.id, 'second');
    await createApiToken(db, ugo.id, "Ugo's");
    await revokeApiToken(db, tess.id, first.apiToken.id);
    expect((await listApiTokens(db, tess.id)).map((token) => token.id)).toEqual([second.apiToken.id]);
  });

  it('revokes only a live token of the owner’s own; a revoked token resolves to nobody', async () => {
    const theirs = await createApiToken(db, ugo.id, "Ugo's");
    const mine = await createApiToken(db, tess.id, 'mine');
    expect(await revokeApiToken(db, tess.id, theirs.apiToken.id)).toBe(false);
    expect((await liveApiTokenIds(db, [theirs.apiToken.id])).has(theirs.apiToken.id)).toBe(true);

    expect(await revokeApiToken(db, tess.id, mine.apiToken.id)).toBe(true);
    expect(await revokeApiToken(db, tess.id, mine.apiToken.id)).toBe(false);
    expect((await liveApiTokenIds(db, [mine.apiToken.id])).has(mine.apiToken.id)).toBe(false);
    expect(await resolveApiToken(db, mine.token)).toBeUndefined();
    expect((await liveApiTokenIds(db, ['tok_missing'])).has('tok_missing')).toBe(false);
  });
});

describe('resolveCaller', () => {
  it('resolves a bearer token, a session (saying when it was renewed), or nobody', async () => {
    const { token, apiToken } = await createApiToken(db, tess.id, 'script');
    expect(await resolveCaller(db, { apiToken: token }, ttlMs)).toEqual({
      user: tess,
      via: 'token',
      tokenId: apiToken.id,
    });

    const { token: sessionToken, session } = await createSession(db, ugo.id, ttlMs, {});
    expect(await resolveCaller(db, { sessionToken }, ttlMs)).toEqual({
      user: ugo,
      via: 'session',
      sessionId: session.id,
      renewedExpiresAt: null,
    });
    await db
      .updateTable('sessions')
      .set({ expires_at: session.expiresAt - 2 * 24 * 3600_000 })
      .execute();
    const renewed = await resolveCaller(db, { sessionToken }, ttlMs);
    expect(renewed).toMatchObject({ via: 'session', renewedExpiresAt: expect.any(Number) });

    expect(await resolveCaller(db, {}, ttlMs)).toBeNull();
    expect(await resolveCaller(db, { apiToken: 'atr_made-up' }, ttlMs)).toBeNull();
    expect(await resolveCaller(db, { sessionToken: 'ses_made-up' }, ttlMs)).toBeNull();
  });
});
