/**
 * The real entry point (`npm start` → server/src/main.ts) as a process: it starts from the
 * environment, serves, and on SIGTERM shuts down cleanly with exit code 0. A bad variable stops it
 * with a message naming that variable.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { spawnServer } from './support/childServer.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { healthStatus, makeDataDir } from './support/testServer.ts';

const defer = cleanupAfterEach();
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('main.ts serves health checks and exits 0 on SIGTERM', async () => {
  const server = await spawnServer(defer, makeDataDir(defer), { entry: 'server/src/main.ts' });
  expect(await healthStatus(server)).toBe(200);
  server.process.kill('SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
});

it('main.ts refuses to start with an invalid variable, naming it', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', PORT: 'eighty', DATA_DIR: makeDataDir(defer) },
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/\bPORT\b/);
});
