/**
 * Real Atrium servers for integration tests: in-process, on an ephemeral port, with their data in a
 * fresh temporary directory that is removed after the test — the SQLite file in it, or under
 * `npm run test:postgres` a PostgreSQL database of that directory's own, dropped with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningAtrium, startAtrium } from '../../src/atriumServer.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Defer } from './cleanup.ts';
import { databaseEnv, dropTestDatabase } from './testDatabase.ts';

export type TestServer = RunningAtrium & {
  dataDir: string;
  /** ws:// base URL: append `/ws` or `/sync/<name>`. */
  wsUrl: string;
  env: Record<string, string>;
};

/** A fresh data directory, removed after the test with its database (PostgreSQL runs). */
export function makeDataDir(defer: Defer, prefix = 'atrium-test-'): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  defer(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dropTestDatabase(dataDir);
  });
  return dataDir;
}

/**
 * A test server's configuration on `dataDir`: quiet, no demo, an ephemeral port, on the run's
 * engine (the same data directory always gets the same database, so a restart sees its data).
 */
export async function testConfig(dataDir: string, env: Record<string, string> = {}): Promise<Config> {
  return loadConfig({
    LOG_LEVEL: 'silent',
    ATRIUM_DEMO: 'off',
    ...env,
    PORT: '0',
    DATA_DIR: dataDir,
    ...(await databaseEnv(dataDir)),
  });
}

/** Starts a server; `env` holds extra configuration variables (e.g. COMPACT_AFTER_UPDATES). */
export async function startTestServer(
  defer: Defer,
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir(defer);
  const env = options.env ?? {};
  const config = await testConfig(dataDir, env);
  // The bare sync engine (anyone may write any validly named document): these tests are about the
  // protocol and storage; the access rules have their own tests against the real policy.
  const atrium = await startAtrium(config, { openSync: true });
  defer(() => atrium.close());
  return { ...atrium, dataDir, env, wsUrl: atrium.url.replace(/^http/, 'ws') };
}

/** Closes the server cleanly and starts a new one on the same data directory and configuration. */
export async function restartTestServer(defer: Defer, server: TestServer): Promise<TestServer> {
  await server.close();
  return startTestServer(defer, { dataDir: server.dataDir, env: server.env });
}

export async function healthStatus(server: { url: string }): Promise<number> {
  const response = await fetch(`${server.url}/healthz`);
  await response.arrayBuffer();
  return response.status;
}
