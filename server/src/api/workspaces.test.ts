/**
 * Workspaces and their team: who may change roles and remove people, the owner role's special
 * rules (only an owner grants or changes it; the last owner stays), and changes taking effect at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiServer,
  cleanupAfterAll,
  createInvite,
  expectStatus,
  joinAsNewPerson,
  missingId,
  type Person,
  signUp,
  startApiServer,
} from '../../test/support/apiWorld.ts';

const defer = cleanupAfterAll();
let server: ApiServer;
let teams = 0;

beforeAll(async () => {
  server = await startApiServer(defer);
});

type Team = { workspaceId: string; owner: Person; admin: Person; member: Person };

/** A fresh workspace with an owner, an admin and a member, so each test may change it freely. */
async function team(): Promise<Team> {
  const n = ++teams;
  const owner = await signUp(server, { name: `Owner ${n}`, email: `owner-${n}@example.test` });
  const workspace = expectStatus(await owner.api.post('/workspaces', { name: `Team ${n}` }), 201);
  const [adminInvite, memberInvite] = await Promise.all([
    createInvite(owner, workspace.id, { role: 'admin' }),
    createInvite(owner, workspace.id, { role: 'member' }),
  ]);
  const [admin, member] = await Promise.all([
    joinAsNewPerson(server, adminInvite.token, { name: `Admin ${n}`, email: `admin-${n}@example.test` }),
    joinAsNewPerson(server, memberInvite.token, { name: `Member ${n}`, email: `member-${n}@example.test` }),
  ]);
  return { workspaceId: workspace.id, owner, admin, member };
}

const memberPath = (t: Team, person: { id: string }) => `/workspaces/${t.workspaceId}/members/${person.id}`;
const roleOf = async (t: Team, person: { id: string }) =>
  expectStatus(await t.owner.api.get(`/workspaces/${t.workspaceId}/members`), 200).find(
    (m: { userId: string }) => m.userId === person.id,
  )?.role;

describe('workspaces', () => {
  it('are created by anyone signed in, who becomes the owner, and listed and read by the team', async () => {
    const t = await team();
    expect(expectStatus(await t.owner.api.get('/workspaces'), 200)).toEqual([
      { id: t.workspaceId, name: expect.any(String), role: 'owner' },
    ]);
    expect(expectStatus(await t.member.api.get(`/workspaces/${t.workspaceId}`), 200)).toEqual({
      id: t.workspaceId,
      name: expect.any(String),
      role: 'member',
    });
    expect(expectStatus(await t.owner.api.get(`/workspaces/${t.workspaceId}/members`), 200)).toEqual(
      expect.arrayContaining([
        { userId: t.owner.id, name: t.owner.name, email: t.owner.email, role: 'owner' },
        { userId: t.admin.id, name: t.admin.name, email: t.admin.email, role: 'admin' },
        { userId: t.member.id, name: t.member.name, email: t.member.email, role: 'member' },
      ]),
    );
    expectStatus(await t.owner.api.post('/workspaces', { name: '   ' }), 400);
  });
});

describe('changing roles', () => {
  it('an admin promotes a member to admin, and the new admin can act as one at once', async () => {
    const t = await team();
    expectStatus(await t.member.api.get(`/workspaces/${t.workspaceId}/invites`), 403);
    expectStatus(await t.admin.api.put(memberPath(t, t.member), { role: 'admin' }), 204);
    expect(await roleOf(t, t.member)).toBe('admin');
    expectStatus(await t.member.api.get(`/workspaces/${t.workspaceId}/invites`), 200);
  });

  it('a demoted admin loses admin rights at once', async () => {
    const t = await team();
    expectStatus(await t.owner.api.put(memberPath(t, t.admin), { role: 'member' }), 204);
    expectStatus(await t.admin.api.get(`/workspaces/${t.workspaceId}/audit`), 403);
    expectStatus(await t.admin.api.post(`/workspaces/${t.workspaceId}/customers`, { name: 'Nope' }), 403);
  });

  it('a member cannot change roles (403)', async () => {
    const t = await team();
    expectStatus(await t.member.api.put(memberPath(t, t.member), { role: 'admin' }), 403);
    expectStatus(await t.member.api.put(memberPath(t, t.admin), { role: 'member' }), 403);
    expect(await roleOf(t, t.member)).toBe('member');
  });

  it('only an owner grants the owner role or changes an owner: an admin gets 403', async () => {
    const t = await team();
    expect(expectStatus(await t.admin.api.put(memberPath(t, t.member), { role: 'owner' }), 403).error.message).toMatch(
      /owner/,
    );
    expectStatus(await t.admin.api.put(memberPath(t, t.admin), { role: 'owner' }), 403);
    expectStatus(await t.admin.api.put(memberPath(t, t.owner), { role: 'member' }), 403);
    expectStatus(await t.admin.api.delete(memberPath(t, t.owner)), 403);
    expect([await roleOf(t, t.owner), await roleOf(t, t.admin), await roleOf(t, t.member)]).toEqual([
      'owner',
      'admin',
      'member',
    ]);
  });

  it('an owner makes someone else owner, who may then demote the first owner', async () => {
    const t = await team();
    expectStatus(await t.owner.api.put(memberPath(t, t.admin), { role: 'owner' }), 204);
    expectStatus(await t.admin.api.put(memberPath(t, t.owner), { role: 'admin' }), 204);
    expect([await roleOf(t, t.owner), await roleOf(t, t.admin)]).toEqual(['admin', 'owner']);
  });

  it('the last owner cannot be demoted or removed (409); with a second owner they can', async () => {
    const t = await team();
    const demote = await t.owner.api.put(memberPath(t, t.owner), { role: 'admin' });
    expect(expectStatus(demote, 409).error).toEqual({ code: 'conflict', message: expect.stringMatching(/owner/) });
    expectStatus(await t.owner.api.delete(memberPath(t, t.owner)), 409);
    expect(await roleOf(t, t.owner)).toBe('owner');

    expectStatus(await t.owner.api.put(memberPath(t, t.member), { role: 'owner' }), 204);
    expectStatus(await t.owner.api.put(memberPath(t, t.owner), { role: 'admin' }), 204);
    expectStatus(await t.member.api.put(memberPath(t, t.member), { role: 'admin' }), 409);
    expect(await roleOf(t, t.member)).toBe('owner');
  });

  it('of two owners stepping down at the same time, one is refused (409): the workspace keeps an owner', async () => {
    for (const leave of [
      (p: Person, t: Team) => p.api.put(memberPath(t, p), { role: 'admin' }),
      (p: Person, t: Team) => p.api.delete(memberPath(t, p)),
    ]) {
      const t = await team();
      expectStatus(await t.owner.api.put(memberPath(t, t.admin), { role: 'owner' }), 204);
      const answers = await Promise.all([leave(t.owner, t), leave(t.admin, t)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
      const members = expectStatus(
        await (answers[0]?.status === 204 ? t.admin : t.owner).api.get(`/workspaces/${t.workspaceId}/members`),
        200,
      );
      expect(members.filter((m: { role: string }) => m.role === 'owner')).toHaveLength(1);
    }
  });

  it('refuses roles that are not workspace roles (400) and people not on the team (404)', async () => {
    const t = await team();
    expectStatus(await t.owner.api.put(memberPath(t, t.member), { role: 'collaborator' }), 400);
    expectStatus(await t.owner.api.put(memberPath(t, t.member), {}), 400);
    const outsider = await signUp(server, { name: 'Outsider', email: `outsider-${teams}@example.test` });
    expectStatus(await t.owner.api.put(memberPath(t, outsider), { role: 'member' }), 404);
    expectStatus(await t.owner.api.put(memberPath(t, { id: missingId('usr') }), { role: 'member' }), 404);
    // Nobody joins a team except by invite.
    expect(expectStatus(await outsider.api.get('/workspaces'), 200)).toEqual([]);
  });
});

describe('removing people', () => {
  it('an admin removes a member, who loses the workspace at once', async () => {
    const t = await team();
    expectStatus(await t.admin.api.delete(memberPath(t, t.member)), 204);
    expectStatus(await t.member.api.get(`/workspaces/${t.workspaceId}`), 404);
    expect(expectStatus(await t.member.api.get('/me'), 200)).toMatchObject({ workspaces: [], projects: [] });
    expectStatus(await t.admin.api.delete(memberPath(t, t.member)), 404);
  });

  it('a member may leave but not remove anyone else', async () => {
    const t = await team();
    expectStatus(await t.member.api.delete(memberPath(t, t.admin)), 403);
    expectStatus(await t.member.api.delete(memberPath(t, t.member)), 204);
    expectStatus(await t.member.api.get(`/workspaces/${t.workspaceId}/members`), 404);
    expect(await roleOf(t, t.admin)).toBe('admin');
  });
});
