/**
 * Redeeming invite links against a real database (SQLite file, or PostgreSQL under
 * `npm run test:postgres`): each use is counted once and only while one is left, even when
 * acceptances race on separate connections; a link revoked or expired is refused with its reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase, insertPerson } from '../../test/support/engines.ts';
import { AppError } from '../errors.ts';
import type { Database, Db } from '../storage/database.ts';
import { createInvite, getInvite, redeemInvite, revokeInvite } from './invites.ts';
import { createProject, type Project, standingIn } from './projects.ts';
import { createWorkspace } from './workspaces.ts';

let dispose: () => Promise<void>;
let database: Database;
let db: Db;
let project: Project;

const person = (name: string) => insertPerson(db, name);

const projectInvite = async (maxUses: number) =>
  createInvite(db, {
    workspaceId: project.workspaceId,
    target: { kind: 'project', projectId: project.id, role: 'viewer' },
    createdBy: await person('Admin'),
    expiresInMs: 3600_000,
    maxUses,
  });

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('invites'));
  db = database.db;
  const workspace = await createWorkspace(db, 'Studio', await person('Owner'));
  project = await createProject(db, { workspaceId: workspace.id, customerId: null, name: 'Site' });
});

afterEach(async () => {
  await dispose();
});

describe('redeemInvite', () => {
  it('lets exactly one of several acceptances racing for the last use in; the others are refused as used up', async () => {
    const { token, invite } = await projectInvite(1);
    const people = [await person('A'), await person('B'), await person('C')];
    const results = await Promise.allSettled(people.map((userId) => redeemInvite(db, token, userId)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(AppError);
      expect(result.reason).toMatchObject({ code: 'gone', message: expect.stringMatching(/already been used/) });
    }
    expect((await getInvite(db, invite.id))?.uses).toBe(1);
    const roles = await Promise.all(
      people.map(async (userId) => (await standingIn(db, userId, project.id)).projectRole),
    );
    expect(roles.filter((role) => role === 'viewer')).toHaveLength(1);
    expect(roles.filter((role) => role === null)).toHaveLength(2);
  });

  it('counts racing uses up to the maximum and no further', async () => {
    const { token, invite } = await projectInvite(2);
    const people = [await person('A'), await person('B'), await person('C'), await person('D')];
    const results = await Promise.allSettled(people.map((userId) => redeemInvite(db, token, userId)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    expect((await getInvite(db, invite.id))?.uses).toBe(2);
  });

  it('refuses a revoked or expired link with its reason, and counts nothing', async () => {
    const revoked = await projectInvite(5);
    await revokeInvite(db, revoked.invite.id);
    await expect(redeemInvite(db, revoked.token, await person('R'))).rejects.toMatchObject({
      code: 'gone',
      message: expect.stringMatching(/revoked/),
    });
    const expired = await projectInvite(5);
    await db
      .updateTable('invites')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', expired.invite.id)
      .execute();
    await expect(redeemInvite(db, expired.token, await person('E'))).rejects.toMatchObject({
      code: 'gone',
      message: expect.stringMatching(/expired/),
    });
    expect((await getInvite(db, revoked.invite.id))?.uses).toBe(0);
    expect((await getInvite(db, expired.invite.id))?.uses).toBe(0);
  });
});
