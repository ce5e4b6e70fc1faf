import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './atrium.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-cli-'));
  dirs.push(dir);
  return dir;
}

describe('atrium CLI', () => {
  it('creates a user, a workspace, a project, a membership and a token, in that order', async () => {
    const env = { DATA_DIR: dataDir() };
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
    const env = { DATA_DIR: dataDir() };
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
    expect(await runCli(['user', 'list'], { DATA_DIR: dataDir(), PORT: 'not-a-port' })).toMatchObject({
      code: 1,
      out: expect.stringContaining('PORT'),
    });
  });

  it('runs as the installed bin and exits with the command status', async () => {
    const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/atrium.mjs');
    const env = { ...process.env, DATA_DIR: dataDir() };
    const ok = await promisify(execFile)(process.execPath, [bin, 'user', 'list'], { env });
    expect(ok.stdout.trim()).toBe('No accounts yet.');
    const failed = await promisify(execFile)(process.execPath, [bin, 'nope'], { env }).catch(
      (error: { code: number }) => error,
    );
    expect(failed).toMatchObject({ code: 2 });
  });
});
