/**
 * The operators' command line on the run's engine (SQLite in DATA_DIR, or PostgreSQL under
 * `npm run test:postgres`, as DATABASE_URL): commands, exit statuses, the installed bin, and a
 * change committed together with its audit entry or not at all; access changes move the access epoch
 * running servers watch.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, refuseWrites } from '../../test/support/engines.ts';
import { dropTestDatabase, testDatabaseUrl } from '../../test/support/testDatabase.ts';
import { readAccessEpoch } from '../access/accessChanges.ts';
import { listAudit } from '../audit/auditLog.ts';
import type { Database } from '../storage/database.ts';
import { runCli } from './atrium.ts';

const dirs: string[] = [];
const databases: Database[] = [];
afterEach(async () => {
  for (const database of databases.splice(0)) await database.close();
  for (const dir of dirs.splice(0)) {
    await dropTestDatabase(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-cli-'));
  dirs.push(dir);
  return dir;
}

/** The environment an operator would set: a data directory, and DATABASE_URL on PostgreSQL. */
async function environment(): Promise<Record<string, string | undefined>> {
  const dir = dataDir();
  return { DATA_DIR: dir, DATABASE_URL: await testDatabaseUrl(dir) };
}

describe('atrium CLI', () => {
  it('creates a user, a workspace, a project, a membership and a token, in that order', async () => {
    const env = await environment();
    const run = (...args: string[]) => runCli(args, env);
    expect(
      await run('user', 'create', '--email', 'ann@example.com', '--name', 'Ann', '--password', 'long-enough-1'),
    ).toMatchObject({ code: 0 });
    expect(await run('user', 'create', '--email', 'cy@example.com', '--name', 'Cy')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/with password: \S{10,}/),
    });
    const workspace = await run('workspace', 'create', '--name', 'Studio', '--owner', 'ann@example.com');
    expect(workspace.out).toMatch(/^wsp_/);
    const project = await run('project', 'create', '--workspace', workspace.out, '--name', 'Site');
    expect(project.out).toMatch(/^prj_/);
    expect(
      await run('member', 'add', '--email', 'cy@example.com', '--project', project.out, '--role', 'viewer'),
    ).toMatchObject({
      code: 0,
      out: 'cy@example.com is now viewer of project Site',
    });
    expect((await run('token', 'create', '--email', 'ann@example.com')).out).toMatch(/^atr_\S{40,}$/);
    expect((await run('user', 'list')).out.split('\n')).toHaveLength(2);
  });

  it('answers usage errors with status 2 and failures with status 1', async () => {
    const env = await environment();
    expect(await runCli(['frobnicate'], env)).toMatchObject({
      code: 2,
      out: expect.stringContaining('Unknown command'),
    });
    expect(await runCli(['user', 'create', '--name', 'No Email'], env)).toMatchObject({
      code: 2,
      out: expect.stringContaining('Missing --email'),
    });
    expect(await runCli(['user', 'create', '--bogus', 'x'], env)).toMatchObject({ code: 2 });
    expect(await runCli(['user', 'reset-password', '--email', 'ghost@example.com'], env)).toMatchObject({
      code: 1,
      out: 'No account with email ghost@example.com.',
    });
    expect(await runCli(['user', 'list'], { ...(await environment()), PORT: 'not-a-port' })).toMatchObject({
      code: 1,
      out: expect.stringContaining('PORT'),
    });
  });

  it('runs as the installed bin and exits with the command status', async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/atrium.mjs');
    const env = { ...process.env, ...(await environment()) };
    const ok = await promisify(execFile)(process.execPath, [bin, 'user', 'list'], { env });
    expect(ok.stdout.trim()).toBe('No accounts yet.');
    const failed = await promisify(execFile)(process.execPath, [bin, 'nope'], { env }).catch(
      (error: { code: number }) => error,
    );
    expect(failed).toMatchObject({ code: 2 });
  });

  it('commits each change with its audit entry, or neither', async () => {
    const env = await environment();
    const run = (...args: string[]) => runCli(args, env);
    await run('user', 'create', '--email', 'ann@example.com', '--name', 'Ann', '--password', 'long-enough-1');
    await run('user', 'create', '--email', 'cy@example.com', '--name', 'Cy', '--password', 'long-enough-2');
    const workspaceId = (await run('workspace', 'create', '--name', 'Studio', '--owner', 'ann@example.com')).out;
    const projectId = (await run('project', 'create', '--workspace', workspaceId, '--name', 'Site')).out;
    const database = await openTestDatabase(env.DATA_DIR as string);
    databases.push(database);
    const { db } = database;
    const counts = async () =>
      Promise.all(
        (['workspaces', 'workspace_members', 'project_members', 'api_tokens'] as const).map(async (table) =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const changes = [
      ['member', 'add', '--email', 'cy@example.com', '--project', projectId, '--role', 'viewer'],
      ['member', 'add', '--email', 'cy@example.com', '--workspace', workspaceId, '--role', 'member'],
      ['workspace', 'create', '--name', 'Second', '--owner', 'cy@example.com'],
      ['token', 'create', '--email', 'cy@example.com'],
    ];

    const refusal = await refuseWrites(database, {
      name: 'refuse_audit',
      table: 'audit_log',
      event: 'insert',
      message: 'audit log refused',
    });
    const before = await counts();
    const epoch = await readAccessEpoch(db);
    for (const change of changes) await expect(run(...change), change.join(' ')).rejects.toThrow('audit log refused');
    expect(await counts()).toEqual(before);
    // Nothing changed, so running servers have nothing to re-decide.
    expect(await readAccessEpoch(db)).toBe(epoch);

    await refusal.allow();
    for (const change of changes) expect(await run(...change), change.join(' ')).toMatchObject({ code: 0 });
    // The second workspace comes with its owner's membership.
    const [workspaces, workspaceMembers, projectMembers, tokens] = before as [number, number, number, number];
    expect(await counts()).toEqual([workspaces + 1, workspaceMembers + 2, projectMembers + 1, tokens + 1]);
    const entries = await listAudit(db, workspaceId, { limit: 100 });
    expect(entries.filter((entry) => entry.action.endsWith('member_set'))).toEqual([
      expect.objectContaining({ action: 'workspace.member_set', details: { via: 'cli', to: 'member' } }),
      expect.objectContaining({ action: 'project.member_set', details: { via: 'cli', projectId, to: 'viewer' } }),
    ]);
  });

  it('removes a project member or a team member with an audit entry, moving the access epoch; keeps a last owner', async () => {
    const env = await environment();
    const run = (...args: string[]) => runCli(args, env);
    await run('user', 'create', '--email', 'ann@example.com', '--name', 'Ann', '--password', 'long-enough-1');
    await run('user', 'create', '--email', 'cy@example.com', '--name', 'Cy', '--password', 'long-enough-2');
    const workspaceId = (await run('workspace', 'create', '--name', 'Studio', '--owner', 'ann@example.com')).out;
    const projectId = (await run('project', 'create', '--workspace', workspaceId, '--name', 'Site')).out;
    await run('member', 'add', '--email', 'cy@example.com', '--project', projectId, '--role', 'viewer');
    await run('member', 'add', '--email', 'cy@example.com', '--workspace', workspaceId, '--role', 'member');
    const database = await openTestDatabase(env.DATA_DIR as string);
    databases.push(database);
    const epoch = await readAccessEpoch(database.db);

    expect(await run('member', 'remove', '--email', 'cy@example.com', '--project', projectId)).toEqual({
      code: 0,
      out: 'cy@example.com is no longer a member of project Site',
    });
    expect(await run('member', 'remove', '--email', 'cy@example.com', '--workspace', workspaceId)).toEqual({
      code: 0,
      out: 'cy@example.com is no longer on the team of workspace Studio',
    });
    expect(await readAccessEpoch(database.db)).toBe(epoch + 2);
    expect(await run('member', 'remove', '--email', 'cy@example.com', '--project', projectId)).toEqual({
      code: 1,
      out: 'cy@example.com is not a member of project Site.',
    });
    expect(await run('member', 'remove', '--email', 'ann@example.com', '--workspace', workspaceId)).toEqual({
      code: 1,
      out: 'ann@example.com is the only owner of Studio. Make someone else owner first.',
    });
    expect(await run('member', 'remove', '--email', 'cy@example.com')).toMatchObject({ code: 2 });
    expect(await readAccessEpoch(database.db)).toBe(epoch + 2);
    const entries = await listAudit(database.db, workspaceId, { limit: 100 });
    expect(entries.filter((entry) => entry.action.endsWith('member_removed'))).toEqual([
      expect.objectContaining({ action: 'workspace.member_removed', details: { via: 'cli', role: 'member' } }),
      expect.objectContaining({
        action: 'project.member_removed',
        details: { via: 'cli', projectId, role: 'viewer' },
      }),
    ]);
  });
});
