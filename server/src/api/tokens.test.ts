/**
 * API tokens: the secret is shown once and never listed, works as a bearer credential, and stops
 * working the moment it is revoked; nobody can revoke (or learn about) someone else's token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiServer,
  cleanupAfterAll,
  expectStatus,
  missingId,
  type Person,
  signUp,
  startApiServer,
} from '../../test/support/apiWorld.ts';

const defer = cleanupAfterAll();
let server: ApiServer;
let tess: Person;
let ugo: Person;

beforeAll(async () => {
  server = await startApiServer(defer);
  [tess, ugo] = await Promise.all([
    signUp(server, { name: 'Tess Token', email: 'tess@example.test' }),
    signUp(server, { name: 'Ugo User', email: 'ugo@example.test' }),
  ]);
});

describe('API tokens', () => {
  it('shows the secret once, at creation; the list never shows it', async () => {
    const created = expectStatus(await tess.api.post('/tokens', { name: 'CI deploy' }), 201);
    expect(created).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: 'CI deploy',
      createdAt: expect.any(Number),
      lastUsedAt: null,
      token: expect.stringMatching(/^atr_[A-Za-z0-9_-]{40,}$/),
    });
    const list = await tess.api.get('/tokens');
    expect(expectStatus(list, 200)).toContainEqual({
      id: created.id,
      name: 'CI deploy',
      createdAt: created.createdAt,
      lastUsedAt: null,
    });
    expect(list.text).not.toContain(created.token);
    expect(list.text).not.toMatch(/"token"/);
  });

  it('works as a bearer credential, which records when it was last used', async () => {
    const { id, token } = expectStatus(await tess.api.post('/tokens', { name: 'script' }), 201);
    const script = tess.api.withToken(token);
    expect(expectStatus(await script.get('/me'), 200).user).toEqual({
      id: tess.id,
      email: tess.email,
      name: tess.name,
    });
    const listed = expectStatus(await tess.api.get('/tokens'), 200).find((t: { id: string }) => t.id === id);
    expect(listed.lastUsedAt).toEqual(expect.any(Number));
    expect(listed.lastUsedAt).toBeGreaterThanOrEqual(listed.createdAt);
  });

  it('stops working as soon as it is revoked, and leaves the list', async () => {
    const { id, token } = expectStatus(await tess.api.post('/tokens', { name: 'short-lived' }), 201);
    const script = tess.api.withToken(token);
    expectStatus(await script.get('/me'), 200);
    expectStatus(await tess.api.delete(`/tokens/${id}`), 204);
    expect(expectStatus(await script.get('/me'), 401).error.code).toBe('unauthorized');
    expectStatus(await script.post('/tokens', { name: 'via revoked' }), 401);
    expect(expectStatus(await tess.api.get('/tokens'), 200).map((t: { id: string }) => t.id)).not.toContain(id);
    expectStatus(await tess.api.delete(`/tokens/${id}`), 404);
  });

  it("refuses to revoke someone else's token with the same 404 as a missing one; it keeps working", async () => {
    const { id, token } = expectStatus(await ugo.api.post('/tokens', { name: "Ugo's" }), 201);
    const theirs = await tess.api.delete(`/tokens/${id}`);
    const missing = await tess.api.delete(`/tokens/${missingId('tok')}`);
    expectStatus(theirs, 404);
    expect(theirs.body).toEqual(missing.body);
    expectStatus(await ugo.api.withToken(token).get('/me'), 200);
    expect(expectStatus(await tess.api.get('/tokens'), 200).map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it('can revoke itself when used as the credential', async () => {
    const { id, token } = expectStatus(await tess.api.post('/tokens', { name: 'self-destruct' }), 201);
    const script = tess.api.withToken(token);
    expectStatus(await script.delete(`/tokens/${id}`), 204);
    expectStatus(await script.get('/me'), 401);
  });

  it('refuses a made-up or malformed bearer token with 401', async () => {
    for (const token of ['atr_not-a-real-token', 'garbage']) {
      expectStatus(await tess.api.withToken(token).get('/me'), 401);
    }
  });

  it('needs a name', async () => {
    expectStatus(await tess.api.post('/tokens', { name: '  ' }), 400);
    expectStatus(await tess.api.post('/tokens', {}), 400);
  });
});
