/**
 * Sessions against a real database (SQLite file, or PostgreSQL under `npm run test:postgres`):
 * a token resolves to its session until it expires, a session used more than a day after its last
 * renewal slides forward, and signing out everywhere spares only the session asked for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database, Db } from '../storage/database.ts';
import { createUser } from './accounts.ts';
import { hashSecret } from './secrets.ts';
import { createSession, deleteSession, deleteUserSessions, liveSessionIds, resolveSession } from './sessions.ts';

const ttlMs = 30 * 24 * 3600_000;
const dayMs = 24 * 3600_000;

let dispose: () => Promise<void>;
let database: Database;
let db: Db;
let userId: string;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('sessions'));
  db = database.db;
  userId = (await createUser(db, { email: 'sam@example.test', name: 'Sam', password: 'long enough secret' })).id;
});

afterEach(async () => {
  await dispose();
});

const storedExpiry = async (token: string) =>
  (
    await db
      .selectFrom('sessions')
      .select('expires_at')
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirstOrThrow()
  ).expires_at;

const setExpiry = (token: string, expiresAt: number) =>
  db.updateTable('sessions').set({ expires_at: expiresAt }).where('token_hash', '=', hashSecret(token)).execute();

describe('sessions', () => {
  it('stores only the hash of the token, with the client it was opened from', async () => {
    const { token, session } = await createSession(db, userId, ttlMs, { ip: '10.0.0.1', userAgent: 'Firefox' });
    const row = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      id: session.id,
      token_hash: hashSecret(token),
      user_id: userId,
      expires_at: session.expiresAt,
      ip: '10.0.0.1',
      user_agent: 'Firefox',
    });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('resolves a fresh token to its session without renewing it; an unknown token to nothing', async () => {
    const { token, session } = await createSession(db, userId, ttlMs, {});
    expect(await resolveSession(db, token, ttlMs)).toEqual({ session, renewed: false });
    expect(await storedExpiry(token)).toBe(session.expiresAt);
    expect(await resolveSession(db, 'ses_unknown', ttlMs)).toBeUndefined();
  });

  it('refuses a session past its expiry', async () => {
    const { token } = await createSession(db, userId, ttlMs, {});
    await setExpiry(token, Date.now() - 1);
    expect(await resolveSession(db, token, ttlMs)).toBeUndefined();
  });

  it('renews a session used more than a day after its last renewal: a full ttl from now, stored', async () => {
    const { token, session } = await createSession(db, userId, ttlMs, {});
    const due = session.expiresAt - 2 * dayMs;
    await setExpiry(token, due);
    const before = Date.now();
    const resolved = await resolveSession(db, token, ttlMs);
    expect(resolved).toEqual({ session: { ...session, expiresAt: expect.any(Number) }, renewed: true });
    expect(resolved?.session.expiresAt).toBeGreaterThanOrEqual(before + ttlMs);
    expect(await storedExpiry(token)).toBe(resolved?.session.expiresAt);
  });

  it('signs out everywhere but the session kept, and says which sessions ended', async () => {
    const kept = await createSession(db, userId, ttlMs, {});
    const others = [await createSession(db, userId, ttlMs, {}), await createSession(db, userId, ttlMs, {})];
    const ended = await deleteUserSessions(db, userId, kept.session.id);
    expect(ended.sort()).toEqual(others.map((other) => other.session.id).sort());
    expect((await liveSessionIds(db, [kept.session.id])).has(kept.session.id)).toBe(true);
    for (const other of others) {
      expect((await liveSessionIds(db, [other.session.id])).has(other.session.id)).toBe(false);
      expect(await resolveSession(db, other.token, ttlMs)).toBeUndefined();
    }
    expect(await deleteUserSessions(db, userId)).toEqual([kept.session.id]);
  });

  it('ends one session on sign-out', async () => {
    const { token, session } = await createSession(db, userId, ttlMs, {});
    await deleteSession(db, session.id);
    expect((await liveSessionIds(db, [session.id])).has(session.id)).toBe(false);
    expect(await resolveSession(db, token, ttlMs)).toBeUndefined();
  });
});
