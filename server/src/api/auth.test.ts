/**
 * Accounts and sessions over real HTTP: sign up, sign in (and its throttle), sign out, change
 * password, who am I — plus the API's shared error shape, its 404 for unknown routes and its
 * OpenAPI document.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  buildWorld,
  cleanupAfterAll,
  defaultPassword,
  expectStatus,
  type Json,
  type Person,
  signInAgain,
  signUp,
  startApiServer,
  type World,
} from '../../test/support/apiWorld.ts';
import { hashSecret } from '../identity/secrets.ts';

const defer = cleanupAfterAll();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(defer);
});

/** A client with no session on the world's server. */
const visitor = () => new ApiClient(world.server.url);
const uniqueEmail = (label: string) => `${label}-${++fresh}@example.test`;

function expectErrorShape(body: Json, code: string): void {
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      ...(body?.error?.details === undefined ? {} : { details: expect.anything() }),
    },
  });
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe('sign up', () => {
  it('creates the account and signs in with an httpOnly, SameSite=Lax session cookie', async () => {
    const api = visitor();
    const email = uniqueEmail('new');
    const response = await api.post('/auth/signup', { name: '  Nora New ', email, password: defaultPassword });
    expect(expectStatus(response, 201)).toEqual({ id: expect.stringMatching(/^usr_/), email, name: 'Nora New' });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('atrium_session='));
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(response.text).not.toMatch(/hash|scrypt|password/i);
    expect(expectStatus(await api.get('/me'), 200).user).toEqual(response.body);
  });

  it('refuses an email that is already taken, whatever its case, with 409', async () => {
    const email = uniqueEmail('taken');
    await signUp(world.server, { name: 'First', email });
    for (const again of [email, email.toUpperCase()]) {
      const response = await visitor().post('/auth/signup', {
        name: 'Second',
        email: again,
        password: defaultPassword,
      });
      expectErrorShape(expectStatus(response, 409), 'conflict');
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  const invalid: Array<[string, { json?: unknown; raw?: string }, string[]]> = [
    ['a malformed email', { json: { name: 'N', email: 'not-an-email', password: defaultPassword } }, ['email']],
    [
      'a password under 10 characters',
      { json: { name: 'N', email: 'short@example.test', password: 'short' } },
      ['password'],
    ],
    ['a blank name', { json: { name: '   ', email: 'blank@example.test', password: defaultPassword } }, ['name']],
    ['no name', { json: { email: 'noname@example.test', password: defaultPassword } }, ['name']],
    ['no email', { json: { name: 'N', password: defaultPassword } }, ['email']],
    ['no password', { json: { name: 'N', email: 'nopass@example.test' } }, ['password']],
    ['an empty object', { json: {} }, ['name', 'email', 'password']],
    ['a number for the name', { json: { name: 42, email: 'num@example.test', password: defaultPassword } }, ['name']],
    [
      'a number for the password',
      { json: { name: 'N', email: 'num2@example.test', password: 1234567890123 } },
      ['password'],
    ],
    ['an array instead of an object', { json: [] }, ['']],
  ];
  for (const [what, request, paths] of invalid) {
    it(`refuses ${what} with 400 naming the field`, async () => {
      const response = await visitor().call('POST', '/auth/signup', request);
      const body = expectStatus(response, 400);
      expectErrorShape(body, 'invalid');
      expect(body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([...paths].sort());
      expect(response.headers.getSetCookie()).toEqual([]);
    });
  }

  it('refuses a body that is not JSON with 400 in the same error shape', async () => {
    const response = await visitor().call('POST', '/auth/signup', {
      raw: '{"name": "N", email',
      contentType: 'application/json',
    });
    expectErrorShape(expectStatus(response, 400), 'invalid');
  });

  it('refuses a body that is not declared as JSON with 415 in the same error shape', async () => {
    const response = await visitor().call('POST', '/auth/signup', { raw: 'name=N', contentType: 'text/plain' });
    expectErrorShape(expectStatus(response, 415), 'unsupported_media_type');
  });
});

describe('sign up on an invite-only server', () => {
  it('is refused with 403 in the error shape, and creates no account', async () => {
    const closed = await startApiServer(defer, { env: { SIGNUP: 'invite-only' } });
    const api = new ApiClient(closed.url);
    const response = await api.post('/auth/signup', {
      name: 'Ned',
      email: 'ned@example.test',
      password: defaultPassword,
    });
    expectErrorShape(expectStatus(response, 403), 'forbidden');
    expect(response.body.error.message).toMatch(/invite/i);
    expectStatus(await api.post('/auth/signin', { email: 'ned@example.test', password: defaultPassword }), 401);
  });
});

describe('sign in', () => {
  it('signs in with the right password and starts a new session', async () => {
    const person = await signUp(world.server, { name: 'Sam Signin', email: uniqueEmail('signin') });
    const api = visitor();
    const response = await api.post('/auth/signin', { email: person.email.toUpperCase(), password: person.password });
    expect(expectStatus(response, 200)).toEqual({ id: person.id, email: person.email, name: 'Sam Signin' });
    expect(api.session).toBeDefined();
    expect(api.session).not.toBe(person.api.session);
    expect(expectStatus(await api.get('/me'), 200).user.id).toBe(person.id);
  });

  it('refuses a wrong password and an unknown email with the same 401 and message', async () => {
    const person = await signUp(world.server, { name: 'Wanda Wrong', email: uniqueEmail('wrong') });
    const wrong = await visitor().post('/auth/signin', { email: person.email, password: 'not the password' });
    const unknown = await visitor().post('/auth/signin', {
      email: uniqueEmail('nobody'),
      password: 'not the password',
    });
    expectErrorShape(expectStatus(wrong, 401), 'unauthorized');
    expect(wrong.body.error.message).toMatch(/email and password/i);
    expect(expectStatus(unknown, 401)).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('after 5 failures for one account answers 429 with Retry-After, even to the right password; other accounts still sign in', async () => {
    const [target, other] = await Promise.all([
      signUp(world.server, { name: 'Tara Target', email: uniqueEmail('target') }),
      signUp(world.server, { name: 'Otto Other', email: uniqueEmail('other') }),
    ]);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expectStatus(
        await visitor().post('/auth/signin', { email: target.email, password: `guess number ${attempt}` }),
        401,
      );
    }
    for (const password of ['guess number 6', target.password]) {
      const limited = await visitor().post('/auth/signin', { email: target.email, password });
      expectErrorShape(expectStatus(limited, 429), 'too_many_requests');
      expect(limited.body.error.message).toMatch(/try again/i);
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(limited.headers.getSetCookie()).toEqual([]);
    }
    expectStatus(await visitor().post('/auth/signin', { email: other.email, password: other.password }), 200);
  });

  it('refuses a malformed sign-in with 400', async () => {
    expectErrorShape(expectStatus(await visitor().post('/auth/signin', { email: 'nope' }), 400), 'invalid');
  });
});

describe('sign out', () => {
  it('ends this session only: the cookie is cleared and no longer works; other sessions go on', async () => {
    const person = await signUp(world.server, { name: 'Otis Out', email: uniqueEmail('out') });
    const other = await signInAgain(world.server, person);
    const stale = person.api.copy();
    const response = await person.api.post('/auth/signout');
    expectStatus(response, 204);
    expect(response.headers.getSetCookie().join('\n')).toMatch(/atrium_session=;.*Max-Age=0/i);
    expect(person.api.session).toBeUndefined();
    expectErrorShape(expectStatus(await person.api.get('/me'), 401), 'unauthorized');
    // The old cookie value itself is dead, not just forgotten by the browser.
    expectStatus(await stale.get('/me'), 401);
    expectStatus(await other.get('/me'), 200);
  });

  it('answers 401 to someone who is not signed in', async () => {
    expectErrorShape(expectStatus(await visitor().post('/auth/signout'), 401), 'unauthorized');
  });
});

describe('sessions', () => {
  const sessionToken = (person: Person) => hashSecret(person.api.session ?? '');
  const sessionRow = (person: Person) =>
    world.server.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('token_hash', '=', sessionToken(person))
      .executeTakeFirst();
  const setExpiry = (person: Person, expiresAt: number) =>
    world.server.db
      .updateTable('sessions')
      .set({ expires_at: expiresAt })
      .where('token_hash', '=', sessionToken(person))
      .execute();

  it('a session past its expiry is refused with 401', async () => {
    const person = await signUp(world.server, { name: 'Ezra Expired', email: uniqueEmail('expired') });
    await setExpiry(person, Date.now() - 1);
    expectErrorShape(expectStatus(await person.api.get('/me'), 401), 'unauthorized');
  });

  it('a session in use is renewed: the expiry moves forward and the cookie is sent again', async () => {
    const person = await signUp(world.server, { name: 'Rita Renew', email: uniqueEmail('renew') });
    const quiet = await person.api.get('/me');
    expect(quiet.headers.getSetCookie()).toEqual([]);
    const session = person.api.session;
    const dueAt = ((await sessionRow(person))?.expires_at ?? 0) - 2 * 24 * 3600_000;
    await setExpiry(person, dueAt);
    const renewed = await person.api.get('/me');
    expectStatus(renewed, 200);
    expect(renewed.headers.getSetCookie().join('\n')).toMatch(new RegExp(`atrium_session=${session};.*HttpOnly`, 'i'));
    expect(person.api.session).toBe(session);
    expect((await sessionRow(person))?.expires_at).toBeGreaterThan(dueAt);
  });
});

describe('change password', () => {
  it('refuses a wrong current password with 400 and a message, and changes nothing', async () => {
    const person = await signUp(world.server, { name: 'Paula Pass', email: uniqueEmail('pass') });
    const other = await signInAgain(world.server, person);
    const response = await person.api.post('/me/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new secret',
    });
    expectErrorShape(expectStatus(response, 400), 'invalid');
    expect(response.body.error.message).toMatch(/current password/i);
    expectStatus(await other.get('/me'), 200);
    await signInAgain(world.server, person);
  });

  it('refuses a new password under 10 characters with 400', async () => {
    const person = await signUp(world.server, { name: 'Sid Short', email: uniqueEmail('short') });
    const response = await person.api.post('/me/password', { currentPassword: person.password, newPassword: 'short' });
    expect(expectStatus(response, 400).error.details).toEqual([{ path: 'newPassword', message: expect.any(String) }]);
  });

  it('is limited like sign-in: after 5 wrong current passwords, 429 with Retry-After even to the right one', async () => {
    const person = await signUp(world.server, { name: 'Gus Guess', email: uniqueEmail('guess') });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const guess = { currentPassword: `guess number ${attempt}`, newPassword: 'a brand new secret' };
      expectStatus(await person.api.post('/me/password', guess), 400);
    }
    const limited = await person.api.post('/me/password', {
      currentPassword: person.password,
      newPassword: 'a brand new secret',
    });
    expectErrorShape(expectStatus(limited, 429), 'too_many_requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same counters hold sign-in for this account; this session is untouched.
    expectStatus(await visitor().post('/auth/signin', { email: person.email, password: person.password }), 429);
    expectStatus(await person.api.get('/me'), 200);
  });

  it('changes it: every other session is signed out, this one stays, and only the new password works', async () => {
    const person = await signUp(world.server, { name: 'Chen Change', email: uniqueEmail('change') });
    const [laptop, phone] = await Promise.all([signInAgain(world.server, person), signInAgain(world.server, person)]);
    expectStatus(
      await person.api.post('/me/password', { currentPassword: person.password, newPassword: 'a brand new secret' }),
      204,
    );
    expectStatus(await person.api.get('/me'), 200);
    expectStatus(await laptop.get('/me'), 401);
    expectStatus(await phone.get('/me'), 401);
    expectStatus(await visitor().post('/auth/signin', { email: person.email, password: person.password }), 401);
    await signInAgain(world.server, { email: person.email, password: 'a brand new secret' });
  });
});

describe('who am I (/api/me)', () => {
  const team = (world: World, role: string) => ({
    workspaces: [{ id: world.workspace.id, name: 'Orchard Studio', role }],
    projects: [
      {
        id: world.projectA.id,
        name: 'Acme website',
        workspaceId: world.workspace.id,
        workspaceName: 'Orchard Studio',
        customerName: 'Acme Corp',
        side: 'team',
        role,
      },
      {
        id: world.projectB.id,
        name: 'Bluebird rollout',
        workspaceId: world.workspace.id,
        workspaceName: 'Orchard Studio',
        customerName: 'Bluebird Ltd',
        side: 'team',
        role,
      },
    ],
  });
  const customer = (project: { id: string; name: string }, role: string) => ({
    workspaces: [],
    projects: [
      {
        id: project.id,
        name: project.name,
        workspaceId: world.workspace.id,
        workspaceName: 'Orchard Studio',
        customerName: null,
        side: 'customer',
        role,
      },
    ],
  });
  const expected = (): Array<[string, keyof World & string, object]> => [
    ['the owner', 'owner', team(world, 'owner')],
    ['an admin', 'admin', team(world, 'admin')],
    ['a member', 'member', team(world, 'member')],
    ["customer A's collaborator", 'collaborator', customer(world.projectA, 'collaborator')],
    ["customer A's viewer", 'viewer', customer(world.projectA, 'viewer')],
    ["customer B's collaborator", 'collaboratorB', customer(world.projectB, 'collaborator')],
    ['a stranger', 'stranger', { workspaces: [], projects: [] }],
  ];

  it('lists exactly the workspaces and projects each person has, with their role and side', async () => {
    for (const [who, key, shape] of expected()) {
      const person = world[key as 'owner'];
      const body = expectStatus(await person.api.get('/me'), 200);
      expect(body, who).toEqual({ user: { id: person.id, email: person.email, name: person.name }, ...shape });
    }
  });

  it('answers 401 when signed out', async () => {
    expectErrorShape(expectStatus(await world.signedOut.get('/me'), 401), 'unauthorized');
  });
});

describe('the API surface', () => {
  it('answers unknown routes under /api with 404 in the error shape', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/workspaces/x/nothing'],
      ['DELETE', '/me'],
    ] as const) {
      const response = await world.owner.api.call(method, path);
      expectErrorShape(expectStatus(response, 404), 'not_found');
    }
  });

  it('publishes an OpenAPI 3.1 document listing every route', async () => {
    const doc = expectStatus(await visitor().get('/openapi.json'), 200);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.schemas).toHaveProperty('Error');
    const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      [
        'POST /auth/signup',
        'POST /auth/signin',
        'POST /auth/signout',
        'GET /me',
        'POST /me/password',
        'GET /auth/options',
        'POST /auth/password-reset',
        'POST /auth/password-reset/{token}',
        'GET /tokens',
        'POST /tokens',
        'DELETE /tokens/{tokenId}',
        'GET /workspaces',
        'POST /workspaces',
        'GET /workspaces/{workspaceId}',
        'GET /workspaces/{workspaceId}/members',
        'PUT /workspaces/{workspaceId}/members/{userId}',
        'DELETE /workspaces/{workspaceId}/members/{userId}',
        'GET /workspaces/{workspaceId}/customers',
        'POST /workspaces/{workspaceId}/customers',
        'GET /workspaces/{workspaceId}/projects',
        'POST /workspaces/{workspaceId}/projects',
        'GET /projects',
        'GET /projects/{projectId}',
        'GET /projects/{projectId}/people',
        'PUT /projects/{projectId}/members/{userId}',
        'DELETE /projects/{projectId}/members/{userId}',
        'POST /workspaces/{workspaceId}/invites',
        'GET /workspaces/{workspaceId}/invites',
        'DELETE /workspaces/{workspaceId}/invites/{inviteId}',
        'POST /workspaces/{workspaceId}/invites/{inviteId}/resend',
        'GET /invites/{token}',
        'POST /invites/{token}/accept',
        'GET /workspaces/{workspaceId}/audit',
        'POST /projects/{projectId}/items',
        'PUT /projects/{projectId}/items/{itemId}/sharing',
        'PUT /projects/{projectId}/items/{itemId}/status',
        'POST /projects/{projectId}/requests',
        'GET /projects/{projectId}/requests',
        'GET /projects/{projectId}/requests/{requestId}',
        'PATCH /projects/{projectId}/requests/{requestId}',
        'PUT /projects/{projectId}/requests/{requestId}/status',
        'PUT /projects/{projectId}/requests/{requestId}/decision',
        'POST /projects/{projectId}/requests/{requestId}/links',
        'GET /projects/{projectId}/sla-policy',
        'DELETE /projects/{projectId}/sla-policy',
        'DELETE /projects/{projectId}/requests/{requestId}/links/{itemId}',
        'GET /me/requests',
        'GET /projects/{projectId}/items/{itemId}/requests',
        'GET /projects/{projectId}/request-types',
        'PUT /projects/{projectId}/sla-policy',
        'GET /workspaces/{workspaceId}/requests',
        'GET /workspaces/{workspaceId}/request-types',
        'POST /workspaces/{workspaceId}/request-types',
        'PATCH /workspaces/{workspaceId}/request-types/{key}',
        'GET /workspaces/{workspaceId}/sla-policy',
        'PUT /workspaces/{workspaceId}/sla-policy',
        'GET /projects/{projectId}/items/{itemId}/versions',
        'POST /projects/{projectId}/items/{itemId}/versions',
        'GET /projects/{projectId}/items/{itemId}/versions/{versionId}',
        'POST /projects/{projectId}/items/{itemId}/versions/{versionId}/restore',
        'GET /projects/{projectId}/items/{itemId}/writers',
        'GET /projects/{projectId}/items/{itemId}/deletions',
        'POST /projects/{projectId}/items/{itemId}/files',
        'GET /files/{fileId}',
        'DELETE /files/{fileId}',
        'POST /projects/{projectId}/items/{itemId}/approval/submit',
        'POST /projects/{projectId}/items/{itemId}/approval/decision',
        'GET /projects/{projectId}/sla-report',
        'GET /workspaces/{workspaceId}/sla-report',
        'GET /workspaces/{workspaceId}/teams',
        'POST /workspaces/{workspaceId}/teams',
        'PATCH /workspaces/{workspaceId}/teams/{teamId}',
        'PUT /workspaces/{workspaceId}/teams/{teamId}/members/{userId}',
        'DELETE /workspaces/{workspaceId}/teams/{teamId}/members/{userId}',
        'POST /projects/{projectId}/feedback',
        'GET /projects/{projectId}/feedback',
        'GET /projects/{projectId}/items/{itemId}/feedback',
        'PATCH /projects/{projectId}/feedback/{feedbackId}',
        'PUT /projects/{projectId}/feedback/{feedbackId}/team',
        'PUT /projects/{projectId}/feedback/{feedbackId}/answer',
        'POST /projects/{projectId}/feedback/{feedbackId}/request',
        'GET /workspaces/{workspaceId}/feedback',
        'GET /workspaces/{workspaceId}/customer-health',
      ].sort(),
    );
    for (const { route, operation } of operations) {
      expect(Object.keys(operation.responses ?? {}), route).not.toEqual([]);
    }
  });

  it("documents paths that, resolved against the document's server URL, are real routes", async () => {
    const documentUrl = `${world.server.url}/api/openapi.json`;
    const doc = expectStatus(await visitor().get('/openapi.json'), 200);
    const base = new URL(doc.servers?.[0]?.url ?? '/', documentUrl).href.replace(/\/$/, '');
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) {
        const url = base + path.replace(/\{[^}]+\}/g, 'x');
        // No credentials and no body: a real route answers 400/401/404-with-its-own-message, never "No route".
        const response = await fetch(url, { method: method.toUpperCase(), headers: { origin: world.server.url } });
        const text = await response.text();
        expect(text, `${method.toUpperCase()} ${url}`).not.toMatch(/No route for/);
      }
    }
  });
});
