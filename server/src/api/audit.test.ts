/**
 * The audit log: every access change and sign-in is recorded with who, what, when and from where;
 * owners and admins read it filtered by action, actor and time; nobody else can.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  buildWorld,
  cleanupAfterAll,
  createInvite,
  expectStatus,
  type Json,
  joinAsNewPerson,
  type World,
} from '../../test/support/apiWorld.ts';

const defer = cleanupAfterAll();
let world: World;

type Entry = {
  id: number;
  at: number;
  action: string;
  actorId: string | null;
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
};

const auditPath = (query = '') => `/workspaces/${world.workspace.id}/audit${query}`;
const readAudit = async (query = ''): Promise<Entry[]> =>
  expectStatus(await world.admin.api.get(auditPath(query)), 200);

let startedAt: number;
let recorded: { newcomerId: string; inviteId: string; revokedInviteId: string; tokenId: string; memberId: string };

beforeAll(async () => {
  world = await buildWorld(defer);
  startedAt = Date.now();
  const { owner, admin, member, collaborator } = world;
  // One of each kind of event, by known actors.
  expectStatus(
    await new ApiClient(world.server.url).post('/auth/signin', { email: member.email, password: 'wrong password' }),
    401,
  );
  expectStatus(
    await new ApiClient(world.server.url).post('/auth/signin', { email: member.email, password: member.password }),
    200,
  );
  const invite = await createInvite(admin, world.workspace.id, { role: 'member' });
  const newcomer = await joinAsNewPerson(world.server, invite.token, {
    name: 'Nell New',
    email: 'nell@orchard.example',
  });
  const revoked = await createInvite(admin, world.workspace.id, { role: 'viewer', projectId: world.projectA.id });
  expectStatus(await admin.api.delete(`/workspaces/${world.workspace.id}/invites/${revoked.id}`), 204);
  expectStatus(await owner.api.put(`/workspaces/${world.workspace.id}/members/${newcomer.id}`, { role: 'admin' }), 204);
  expectStatus(await admin.api.delete(`/workspaces/${world.workspace.id}/members/${newcomer.id}`), 204);
  expectStatus(await admin.api.delete(`/projects/${world.projectA.id}/members/${collaborator.id}`), 204);
  const token = expectStatus(await member.api.post('/tokens', { name: 'audit me' }), 201);
  expectStatus(await member.api.delete(`/tokens/${token.id}`), 204);
  recorded = {
    newcomerId: newcomer.id,
    inviteId: invite.id,
    revokedInviteId: revoked.id,
    tokenId: token.id,
    memberId: member.id,
  };
});

describe('what is recorded', () => {
  it('records sign-ins, failed sign-ins, invites, role changes, removals and tokens with actor, time and address', async () => {
    const entries = await readAudit();
    const { newcomerId, inviteId, revokedInviteId, tokenId, memberId } = recorded;
    const expected: Array<Partial<Entry>> = [
      { action: 'user.sign_in_failed', actorId: memberId, details: { email: world.member.email } },
      { action: 'user.signed_in', actorId: memberId },
      {
        action: 'invite.created',
        actorId: world.admin.id,
        workspaceId: world.workspace.id,
        targetType: 'invite',
        targetId: inviteId,
      },
      {
        action: 'invite.used',
        actorId: newcomerId,
        workspaceId: world.workspace.id,
        targetType: 'invite',
        targetId: inviteId,
      },
      { action: 'invite.revoked', actorId: world.admin.id, workspaceId: world.workspace.id, targetId: revokedInviteId },
      {
        action: 'workspace.member_set',
        actorId: world.owner.id,
        targetType: 'user',
        targetId: newcomerId,
        details: { from: 'member', to: 'admin' },
      },
      { action: 'workspace.member_removed', actorId: world.admin.id, targetId: newcomerId, details: { role: 'admin' } },
      {
        action: 'project.member_removed',
        actorId: world.admin.id,
        targetId: world.collaborator.id,
        details: { projectId: world.projectA.id, role: 'collaborator' },
      },
      { action: 'api_token.created', actorId: memberId, targetType: 'api_token', targetId: tokenId },
      { action: 'api_token.revoked', actorId: memberId, targetType: 'api_token', targetId: tokenId },
    ];
    for (const shape of expected) {
      const found = entries.filter(
        (entry) => entry.at >= startedAt && entry.action === shape.action && entry.actorId === shape.actorId,
      );
      expect(found, `${shape.action} by ${shape.actorId}`).toContainEqual(expect.objectContaining(shape));
      for (const entry of found) {
        expect(entry.at).toBeLessThanOrEqual(Date.now());
        expect(entry.ip, entry.action).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
      }
    }
  });

  it('lists newest first', async () => {
    const entries = await readAudit();
    const ids = entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Entries are listed in the order they were stored. Their times are read just before each insert,
    // so two requests recorded at the same moment (the test world signs people up in parallel) may
    // store in the other order by a millisecond or two — never by more than a moment.
    const moment = 250;
    for (const [index, entry] of entries.entries()) {
      const newer = entries[index - 1];
      if (newer) expect(entry.at, `${entry.action} after ${newer.action}`).toBeLessThanOrEqual(newer.at + moment);
    }
  });

  it('does not list sign-ins of people outside the workspace', async () => {
    expectStatus(
      await new ApiClient(world.server.url).post('/auth/signin', {
        email: world.stranger.email,
        password: world.stranger.password,
      }),
      200,
    );
    const entries = await readAudit(`?actorId=${world.stranger.id}`);
    expect(entries).toEqual([]);
  });
});

describe('filters', () => {
  it('by action', async () => {
    const entries = await readAudit('?action=invite.created');
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.action))).toEqual(new Set(['invite.created']));
    expect(entries.map((e) => e.targetId)).toContain(recorded.inviteId);
  });

  it('by actor', async () => {
    const entries = await readAudit(`?actorId=${world.member.id}`);
    expect(new Set(entries.map((e) => e.actorId))).toEqual(new Set([world.member.id]));
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.sign_in_failed', 'user.signed_in', 'api_token.created', 'api_token.revoked']),
    );
  });

  it('by action and actor together', async () => {
    const entries = await readAudit(`?actorId=${world.admin.id}&action=invite.revoked`);
    expect(entries.map((e) => e.targetId)).toEqual([recorded.revokedInviteId]);
  });

  it('by time: since keeps exactly the entries at or after it', async () => {
    const all = await readAudit('?limit=500');
    const middle = all[Math.floor(all.length / 2)] as Entry;
    const since = await readAudit(`?since=${middle.at}&limit=500`);
    expect(since).toEqual(all.filter((e) => e.at >= middle.at));
    expect(since.length).toBeLessThan(all.length);
    expect(await readAudit(`?since=${Date.now() + 3600_000}`)).toEqual([]);
  });

  it('pages with limit and before', async () => {
    const all = await readAudit('?limit=500');
    const first = await readAudit('?limit=3');
    const second = await readAudit(`?limit=3&before=${(first[2] as Entry).id}`);
    expect([...first, ...second]).toEqual(all.slice(0, 6));
  });

  it('refuses unknown actions and malformed filters with 400', async () => {
    for (const query of ['?action=user.teleported', '?since=yesterday', '?limit=0', '?limit=501', '?before=0']) {
      const body: Json = expectStatus(await world.admin.api.get(auditPath(query)), 400);
      expect(body.error.code).toBe('invalid');
    }
  });
});

describe('who may read it', () => {
  it('owners and admins; a member gets 403; the customer side and strangers 404; signed out 401', async () => {
    const statuses = await Promise.all(
      [
        world.owner.api,
        world.admin.api,
        world.member.api,
        world.collaborator.api,
        world.viewer.api,
        world.stranger.api,
        world.signedOut,
      ].map(async (api) => (await api.get(auditPath())).status),
    );
    expect(statuses).toEqual([200, 200, 403, 404, 404, 404, 401]);
  });
});
