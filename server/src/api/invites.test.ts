/**
 * Invite links end to end: an admin creates one (its secret shown once), anyone holding it can
 * preview it and join — as someone new or as the signed-in person — until it expires, is revoked or
 * is used up. Joining never lowers a role someone already has.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  buildWorld,
  cleanupAfterAll,
  createInvite,
  defaultPassword,
  expectStatus,
  joinAsNewPerson,
  type Person,
  signUp,
  type World,
} from '../../test/support/apiWorld.ts';
import { refuseWrites } from '../../test/support/engines.ts';

const defer = cleanupAfterAll();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(defer);
});

const visitor = () => new ApiClient(world.server.url);
const newcomer = (label: string) => ({
  name: `${label} ${++fresh}`,
  email: `${label.toLowerCase()}-${fresh}@example.test`,
});
const invitesPath = () => `/workspaces/${world.workspace.id}/invites`;
const listed = async (id: string) =>
  expectStatus(await world.owner.api.get(invitesPath()), 200).find((invite: { id: string }) => invite.id === id);
const projectRoleOf = async (person: Person, projectId: string) =>
  expectStatus(await person.api.get('/me'), 200).projects.find((p: { id: string }) => p.id === projectId)?.role;

describe('creating invites', () => {
  it('shows the token once, inside the link; the list never shows it', async () => {
    const created = await createInvite(world.admin, world.workspace.id, { role: 'member' });
    expect(created).toEqual({
      id: expect.stringMatching(/^inv_/),
      projectId: null,
      role: 'member',
      createdAt: expect.any(Number),
      expiresAt: created.createdAt + 7 * 24 * 3600_000,
      maxUses: 1,
      uses: 0,
      revokedAt: null,
      token: expect.stringMatching(/^inv_[A-Za-z0-9_-]{40,}$/),
      url: expect.stringMatching(/\/join\/inv_/),
      emailedTo: null,
    });
    expect(created.url.endsWith(`/join/${created.token}`)).toBe(true);
    const list = await world.owner.api.get(invitesPath());
    const {
      token: _token,
      url: _url,
      emailedTo: _emailedTo,
      ...stored
    } = created as typeof created & {
      emailedTo: null;
    };
    expect(expectStatus(list, 200)).toContainEqual({ ...stored, usedBy: [], email: null });
    expect(list.text).not.toContain(created.token);
  });

  it('creates project invites with a project role, expiry and number of uses', async () => {
    const created = await createInvite(world.admin, world.workspace.id, {
      role: 'collaborator',
      projectId: world.projectA.id,
      maxUses: 5,
      expiresInHours: 2,
    });
    expect(created).toMatchObject({ projectId: world.projectA.id, role: 'collaborator', maxUses: 5, uses: 0 });
    expect(created.expiresAt - created.createdAt).toBe(2 * 3600_000);
  });

  it('refuses a role that does not fit the target, and a project of another workspace', async () => {
    const elsewhere = expectStatus(await world.stranger.api.post('/workspaces', { name: 'Stan Co' }), 201);
    const foreignProject = expectStatus(
      await world.stranger.api.post(`/workspaces/${elsewhere.id}/projects`, { name: 'Stan project' }),
      201,
    );
    expectStatus(await world.admin.api.post(invitesPath(), { role: 'collaborator' }), 400);
    expectStatus(await world.admin.api.post(invitesPath(), { role: 'owner', projectId: world.projectA.id }), 400);
    expectStatus(await world.admin.api.post(invitesPath(), { role: 'emperor' }), 400);
    expectStatus(await world.admin.api.post(invitesPath(), { role: 'member', maxUses: 0 }), 400);
    expectStatus(await world.admin.api.post(invitesPath(), { role: 'viewer', projectId: foreignProject.id }), 404);
  });

  it('lets only an owner invite another owner', async () => {
    expect(expectStatus(await world.admin.api.post(invitesPath(), { role: 'owner' }), 403).error.code).toBe(
      'forbidden',
    );
    expectStatus(await world.owner.api.post(invitesPath(), { role: 'owner' }), 201);
  });

  it('is for admins: a member gets 403, the customer side and strangers 404', async () => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'member' });
    expectStatus(await world.member.api.post(invitesPath(), { role: 'member' }), 403);
    expectStatus(await world.member.api.post(invitesPath(), { role: 'viewer', projectId: world.projectA.id }), 403);
    expectStatus(await world.member.api.get(invitesPath()), 403);
    expectStatus(await world.member.api.delete(`${invitesPath()}/${invite.id}`), 403);
    for (const person of [world.collaborator, world.viewer, world.stranger]) {
      expectStatus(await person.api.post(invitesPath(), { role: 'viewer', projectId: world.projectA.id }), 404);
      expectStatus(await person.api.get(invitesPath()), 404);
    }
    expect((await listed(invite.id)).revokedAt).toBeNull();
  });
});

describe('using an invite link', () => {
  it('previews where it leads, to anyone holding it', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    const preview = expectStatus(await visitor().get(`/invites/${invite.token}`), 200);
    expect(preview).toEqual({
      workspaceName: 'Orchard Studio',
      projectName: 'Acme website',
      role: 'viewer',
      expiresAt: expect.any(Number),
      invitedBy: 'Adam Admin',
    });
    expect((await listed(invite.id)).uses).toBe(0);
  });

  it('lets someone new join with name, email and password: they are signed in and land in the project', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    const who = newcomer('Nia');
    const api = new ApiClient(world.server.url);
    const response = await api.post(`/invites/${invite.token}/accept`, { ...who, password: defaultPassword });
    expect(expectStatus(response, 200)).toEqual({
      user: { id: expect.stringMatching(/^usr_/), email: who.email, name: who.name },
      workspaceId: world.workspace.id,
      projectId: world.projectA.id,
    });
    expect(response.headers.getSetCookie().join('\n')).toMatch(/atrium_session=.*HttpOnly/i);
    const me = expectStatus(await api.get('/me'), 200);
    expect(me.workspaces).toEqual([]);
    expect(me.projects).toEqual([expect.objectContaining({ id: world.projectA.id, side: 'customer', role: 'viewer' })]);
    expect((await listed(invite.id)).uses).toBe(1);
    // The new account is a real one: it signs in with the password it chose.
    expectStatus(await visitor().post('/auth/signin', { email: who.email, password: defaultPassword }), 200);
  });

  it('lists who used a link and when, oldest first; a failed attempt is not a use', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'collaborator',
      projectId: world.projectA.id,
      maxUses: 3,
    });
    const before = Date.now();
    const first = await joinAsNewPerson(world.server, invite.token, newcomer('Ada'));
    expectStatus(await visitor().post(`/invites/${invite.token}/accept`, { name: 'No Password' }), 400);
    const existing = await signUp(world.server, newcomer('Ben'));
    expectStatus(await existing.api.post(`/invites/${invite.token}/accept`), 200);
    const entry = await listed(invite.id);
    expect(entry.uses).toBe(2);
    expect(entry.usedBy).toEqual([
      { userId: first.id, name: first.name, email: first.email, at: expect.any(Number) },
      { userId: existing.id, name: existing.name, email: existing.email, at: expect.any(Number) },
    ]);
    expect(entry.usedBy[0].at).toBeGreaterThanOrEqual(before);
    expect(entry.usedBy[1].at).toBeGreaterThanOrEqual(entry.usedBy[0].at);
    // Only the workspace's own admins see who joined.
    expectStatus(await world.member.api.get(invitesPath()), 403);
  });

  it('lets a new person join the workspace team from a workspace link', async () => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'admin' });
    const person = await joinAsNewPerson(world.server, invite.token, newcomer('Wes'));
    const me = expectStatus(await person.api.get('/me'), 200);
    expect(me.workspaces).toEqual([{ id: world.workspace.id, name: 'Orchard Studio', role: 'admin' }]);
  });

  it('asks someone new for all of name, email and password, and keeps the link unused', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    const who = newcomer('Ivy');
    for (const body of [
      undefined,
      {},
      { name: who.name, email: who.email },
      { ...who, password: 'short' },
      { ...who, email: 'nope', password: defaultPassword },
    ]) {
      const response = await visitor().post(`/invites/${invite.token}/accept`, body);
      expect(expectStatus(response, 400).error.code).toBe('invalid');
    }
    expect((await listed(invite.id)).uses).toBe(0);
  });

  it('counts a use, grants the role and records who used the link together, or none of them', async () => {
    const person = await signUp(world.server, newcomer('Una'));
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'collaborator',
      projectId: world.projectA.id,
    });
    const down = await refuseWrites(world.server.database, {
      name: 'refuse_invite_used',
      table: 'audit_log',
      event: 'insert',
      message: 'audit down',
      when: { sqlite: "NEW.action = 'invite.used'", postgres: "NEW.action = 'invite.used'" },
    });
    try {
      expectStatus(await person.api.post(`/invites/${invite.token}/accept`), 500);
    } finally {
      await down.allow();
    }
    expect((await listed(invite.id)).uses).toBe(0);
    expect(await projectRoleOf(person, world.projectA.id)).toBeUndefined();

    expectStatus(await person.api.post(`/invites/${invite.token}/accept`), 200);
    const entry = await listed(invite.id);
    expect(entry.uses).toBe(1);
    expect(entry.usedBy.map((used: { userId: string }) => used.userId)).toEqual([person.id]);
    expect(await projectRoleOf(person, world.projectA.id)).toBe('collaborator');
  });

  it('lets a signed-in person join as themselves, without a body', async () => {
    const person = await signUp(world.server, newcomer('Sol'));
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'collaborator',
      projectId: world.projectA.id,
    });
    const joined = expectStatus(await person.api.post(`/invites/${invite.token}/accept`), 200);
    expect(joined.user.id).toBe(person.id);
    expect(await projectRoleOf(person, world.projectA.id)).toBe('collaborator');
  });

  it('tells someone whose email already has an account to sign in first (409), and keeps the link unused', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    const response = await visitor().post(`/invites/${invite.token}/accept`, {
      name: 'Impostor',
      email: world.stranger.email,
      password: 'whatever it is',
    });
    expect(expectStatus(response, 409).error).toEqual({ code: 'conflict', message: expect.stringMatching(/sign in/i) });
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await listed(invite.id)).uses).toBe(0);
    expect(await projectRoleOf(world.stranger, world.projectA.id)).toBeUndefined();
  });

  it('refuses an expired link with 410', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
      expiresInHours: 1,
    });
    await world.server.db
      .updateTable('invites')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', invite.id)
      .execute();
    const preview = await visitor().get(`/invites/${invite.token}`);
    expect(expectStatus(preview, 410).error).toEqual({ code: 'gone', message: expect.stringMatching(/expired/) });
    expectStatus(
      await visitor().post(`/invites/${invite.token}/accept`, { ...newcomer('Late'), password: defaultPassword }),
      410,
    );
    const signedIn = await signUp(world.server, newcomer('Later'));
    expectStatus(await signedIn.api.post(`/invites/${invite.token}/accept`), 410);
    expect(await projectRoleOf(signedIn, world.projectA.id)).toBeUndefined();
  });

  it('refuses a revoked link with 410; revoking is for admins of that workspace', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    expectStatus(await world.admin.api.delete(`${invitesPath()}/${invite.id}`), 204);
    expect((await listed(invite.id)).revokedAt).toEqual(expect.any(Number));
    const preview = await visitor().get(`/invites/${invite.token}`);
    expect(expectStatus(preview, 410).error.message).toMatch(/revoked/);
    const signedIn = await signUp(world.server, newcomer('Rex'));
    expectStatus(await signedIn.api.post(`/invites/${invite.token}/accept`), 410);
    expect(await projectRoleOf(signedIn, world.projectA.id)).toBeUndefined();

    const elsewhere = expectStatus(await signedIn.api.post('/workspaces', { name: 'Rex Co' }), 201);
    expectStatus(await signedIn.api.delete(`/workspaces/${elsewhere.id}/invites/${invite.id}`), 404);
  });

  it('refuses a link that is used up (max uses 1, second person) with 410', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
      maxUses: 1,
    });
    await joinAsNewPerson(world.server, invite.token, newcomer('First'));
    const second = newcomer('Second');
    const response = await visitor().post(`/invites/${invite.token}/accept`, { ...second, password: defaultPassword });
    expect(expectStatus(response, 410).error.message).toMatch(/already been used/);
    // Nothing half-made: the second person has no account.
    expectStatus(await visitor().post('/auth/signin', { email: second.email, password: defaultPassword }), 401);
    expectStatus(await visitor().get(`/invites/${invite.token}`), 410);
    expect((await listed(invite.id)).uses).toBe(1);
  });

  it('lets exactly one of two people racing for the last use in; the other gets 410 and no account', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
      maxUses: 1,
    });
    const racers = [newcomer('Racer'), newcomer('Racer')];
    const responses = await Promise.all(
      racers.map((who) => visitor().post(`/invites/${invite.token}/accept`, { ...who, password: defaultPassword })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 410]);
    const loser = racers[responses.findIndex((r) => r.status === 410)] as { email: string };
    expectStatus(await visitor().post('/auth/signin', { email: loser.email, password: defaultPassword }), 401);
    expect((await listed(invite.id)).uses).toBe(1);
  });

  it('lets exactly one of two signed-in people accepting the last use at once in; the other gets 410 and no role', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
      maxUses: 1,
    });
    const racers = [await signUp(world.server, newcomer('Quick')), await signUp(world.server, newcomer('Quick'))];
    const responses = await Promise.all(racers.map((who) => who.api.post(`/invites/${invite.token}/accept`)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 410]);
    const roles = await Promise.all(racers.map((who) => projectRoleOf(who, world.projectA.id)));
    expect(roles.sort()).toEqual(['viewer', undefined]);
    expect((await listed(invite.id)).uses).toBe(1);
  });

  it('counts uses up to the maximum', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
      maxUses: 2,
    });
    await joinAsNewPerson(world.server, invite.token, newcomer('One'));
    await joinAsNewPerson(world.server, invite.token, newcomer('Two'));
    expectStatus(
      await visitor().post(`/invites/${invite.token}/accept`, { ...newcomer('Three'), password: defaultPassword }),
      410,
    );
    expect((await listed(invite.id)).uses).toBe(2);
  });

  it('answers an unknown or tampered token with 404', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    const last = invite.token.slice(-1);
    const tampered = invite.token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    for (const token of [tampered, `${invite.token}x`, 'inv_unknown', invite.id]) {
      expect(expectStatus(await visitor().get(`/invites/${token}`), 404).error.code).toBe('not_found');
      expectStatus(await world.stranger.api.post(`/invites/${token}/accept`), 404);
    }
    expect(await projectRoleOf(world.stranger, world.projectA.id)).toBeUndefined();
    expect((await listed(invite.id)).uses).toBe(0);
  });
});

describe('joining never lowers a role', () => {
  it("a project invite with a lower role leaves a collaborator's role as it was", async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'collaborator',
      projectId: world.projectA.id,
    });
    const person = await joinAsNewPerson(world.server, invite.token, newcomer('Cal'));
    const lower = await createInvite(world.admin, world.workspace.id, { role: 'viewer', projectId: world.projectA.id });
    expectStatus(await person.api.post(`/invites/${lower.token}/accept`), 200);
    expect(await projectRoleOf(person, world.projectA.id)).toBe('collaborator');
  });

  it('a project invite with a higher role raises it', async () => {
    const invite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    const person = await joinAsNewPerson(world.server, invite.token, newcomer('Ray'));
    const higher = await createInvite(world.admin, world.workspace.id, {
      role: 'collaborator',
      projectId: world.projectA.id,
    });
    expectStatus(await person.api.post(`/invites/${higher.token}/accept`), 200);
    expect(await projectRoleOf(person, world.projectA.id)).toBe('collaborator');
  });

  it('a team member who follows a project invite stays on the team, not on the customer side', async () => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'admin' });
    const person = await joinAsNewPerson(world.server, invite.token, newcomer('Tom'));
    const projectInvite = await createInvite(world.admin, world.workspace.id, {
      role: 'viewer',
      projectId: world.projectA.id,
    });
    expectStatus(await person.api.post(`/invites/${projectInvite.token}/accept`), 200);
    const me = expectStatus(await person.api.get('/me'), 200);
    expect(me.workspaces).toEqual([expect.objectContaining({ id: world.workspace.id, role: 'admin' })]);
    expect(me.projects.find((p: { id: string }) => p.id === world.projectA.id)).toMatchObject({
      side: 'team',
      role: 'admin',
    });
    const people = expectStatus(await world.owner.api.get(`/projects/${world.projectA.id}/people`), 200);
    expect(people.filter((p: { userId: string }) => p.userId === person.id)).toEqual([
      expect.objectContaining({ side: 'team', role: 'admin' }),
    ]);
  });

  it('a workspace invite with a lower role leaves an admin an admin', async () => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'admin' });
    const person = await joinAsNewPerson(world.server, invite.token, newcomer('Ada'));
    const lower = await createInvite(world.owner, world.workspace.id, { role: 'member' });
    expectStatus(await person.api.post(`/invites/${lower.token}/accept`), 200);
    const members = expectStatus(await world.owner.api.get(`/workspaces/${world.workspace.id}/members`), 200);
    expect(members.find((m: { userId: string }) => m.userId === person.id).role).toBe('admin');
  });
});
