/**
 * Real Atrium servers for integration tests: in-process, on an ephemeral port, with their SQLite
 * file in a fresh temporary directory that is removed after the test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningAtrium, startAtrium } from '../../src/atriumServer.ts';
import { loadConfig } from '../../src/config.ts';
import type { Defer } from './cleanup.ts';

export type TestServer = RunningAtrium & {
  dataDir: string;
  /** ws:// base URL: append `/ws` or `/sync/<name>`. */
  wsUrl: string;
  env: Record<string, string>;
};

export function makeDataDir(defer: Defer): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-test-'));
  defer(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  return dataDir;
}

/** Starts a server; `env` holds extra configuration variables (e.g. COMPACT_AFTER_UPDATES). */
export async function startTestServer(
  defer: Defer,
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir(defer);
  const env = options.env ?? {};
  const config = loadConfig({ LOG_LEVEL: 'silent', ATRIUM_DEMO: 'off', ...env, PORT: '0', DATA_DIR: dataDir });
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
