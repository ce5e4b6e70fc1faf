/**
 * What the sync tests against a real server share (tests only; nothing in the app imports it):
 * a real Atrium server with accounts (the real access rules) on a fresh data directory, clean-ups
 * run after each test, newest first, and a wait for a condition.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningAtrium, startAtrium } from '@atrium/server/atriumServer.ts';
import { loadConfig } from '@atrium/server/config.ts';
import { afterEach } from 'vitest';

export const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 10) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A real server with the account policy on a fresh data directory, closed and removed after the test. */
export async function startAccountServer(): Promise<RunningAtrium> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-web-sync-'));
  const atrium = await startAtrium(
    loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ATRIUM_DEMO: 'off' }),
  );
  cleanups.push(async () => {
    await atrium.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return atrium;
}
