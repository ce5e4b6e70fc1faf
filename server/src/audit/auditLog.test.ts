/**
 * The audit log on the run's engine (SQLite file, or PostgreSQL under `npm run test:postgres`):
 * entries read back as written, `details` included; a workspace sees its own entries and the
 * account-level ones of its people only; filters and paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { type AuditRecord, listAudit, recordAudit } from './auditLog.ts';

let dispose: () => Promise<void>;
let database: Database;

const at = 1_700_000_000_000;

beforeAll(async () => {
  ({ database, dispose } = await freshTestDatabase('audit'));
  const { db } = database;
  await db
    .insertInto('users')
    .values(
      ['usr_team', 'usr_customer', 'usr_other'].map((id) => ({
        id,
        email: `${id}@example.com`,
        name: id,
        password_hash: 'x',
        created_at: at,
      })),
    )
    .execute();
  await db
    .insertInto('workspaces')
    .values([
      { id: 'wsp_a', name: 'A', created_at: at },
      { id: 'wsp_b', name: 'B', created_at: at },
    ])
    .execute();
  await db
    .insertInto('workspace_members')
    .values([
      { workspace_id: 'wsp_a', user_id: 'usr_team', role: 'owner', created_at: at },
      { workspace_id: 'wsp_b', user_id: 'usr_other', role: 'owner', created_at: at },
    ])
    .execute();
  await db
    .insertInto('projects')
    .values({ id: 'prj_a', workspace_id: 'wsp_a', customer_id: null, name: 'P', created_at: at })
    .execute();
  await db
    .insertInto('project_members')
    .values({ project_id: 'prj_a', user_id: 'usr_customer', role: 'collaborator', created_at: at })
    .execute();
});

afterAll(async () => {
  await dispose();
});

describe('the audit log', () => {
  it('reads an entry back as written, details included', async () => {
    const { db } = database;
    const before = Date.now();
    await recordAudit(db, {
      action: 'invite.created',
      actorId: 'usr_team',
      workspaceId: 'wsp_a',
      target: { type: 'invite', id: 'inv_1' },
      details: { projectId: 'prj_a', role: 'viewer', maxUses: 3, nested: { ok: true } },
      ip: '127.0.0.1',
    });
    const [entry] = await listAudit(db, 'wsp_a', { action: 'invite.created', limit: 10 });
    expect(entry).toEqual<AuditRecord>({
      id: expect.any(Number),
      at: expect.any(Number),
      action: 'invite.created',
      actorId: 'usr_team',
      workspaceId: 'wsp_a',
      targetType: 'invite',
      targetId: 'inv_1',
      details: { projectId: 'prj_a', role: 'viewer', maxUses: 3, nested: { ok: true } },
      ip: '127.0.0.1',
    });
    expect(entry?.at).toBeGreaterThanOrEqual(before);
  });

  it("lists a workspace's entries and the account-level ones of its team and project members, nobody else's", async () => {
    const { db } = database;
    await recordAudit(db, { action: 'user.signed_in', actorId: 'usr_team' });
    await recordAudit(db, { action: 'user.signed_in', actorId: 'usr_customer' });
    await recordAudit(db, { action: 'user.signed_in', actorId: 'usr_other' });
    await recordAudit(db, { action: 'workspace.created', actorId: 'usr_other', workspaceId: 'wsp_b' });
    const signIns = await listAudit(db, 'wsp_a', { action: 'user.signed_in', limit: 10 });
    expect(signIns.map((entry) => entry.actorId).sort()).toEqual(['usr_customer', 'usr_team']);
    expect(signIns.every((entry) => entry.details === null && entry.workspaceId === null)).toBe(true);
    const all = await listAudit(db, 'wsp_a', { limit: 100 });
    expect(all.some((entry) => entry.workspaceId === 'wsp_b' || entry.actorId === 'usr_other')).toBe(false);
    expect((await listAudit(db, 'wsp_b', { limit: 100 })).map((entry) => entry.action).sort()).toEqual([
      'user.signed_in',
      'workspace.created',
    ]);
  });

  it('filters by action, actor and time, newest first, and pages with limit and before', async () => {
    const { db } = database;
    for (const role of ['member', 'admin', 'member']) {
      await recordAudit(db, {
        action: 'workspace.member_set',
        actorId: 'usr_team',
        workspaceId: 'wsp_a',
        target: { type: 'user', id: 'usr_customer' },
        details: { to: role },
      });
    }
    // An entry from long ago, written as a previous run would have.
    await db
      .insertInto('audit_log')
      .values({ at, workspace_id: 'wsp_a', actor_id: 'usr_team', action: 'project.created', target_type: 'project' })
      .execute();
    const all = await listAudit(db, 'wsp_a', { limit: 100 });
    const ids = all.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const byActor = await listAudit(db, 'wsp_a', { actorId: 'usr_customer', limit: 100 });
    expect(byActor.map((entry) => entry.action)).toEqual(['user.signed_in']);
    const both = await listAudit(db, 'wsp_a', { actorId: 'usr_team', action: 'workspace.member_set', limit: 100 });
    expect(both.map((entry) => entry.details)).toEqual([{ to: 'member' }, { to: 'admin' }, { to: 'member' }]);

    const recent = await listAudit(db, 'wsp_a', { since: at + 1, limit: 100 });
    expect(recent).toEqual(all.filter((entry) => entry.action !== 'project.created'));
    expect(recent).toHaveLength(all.length - 1);
    expect(await listAudit(db, 'wsp_a', { since: Date.now() + 3600_000, limit: 100 })).toEqual([]);

    const first = await listAudit(db, 'wsp_a', { limit: 2 });
    const second = await listAudit(db, 'wsp_a', { limit: 2, before: (first[1] as AuditRecord).id });
    expect([...first, ...second]).toEqual(all.slice(0, 4));
  });
});
