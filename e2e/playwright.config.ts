/**
 * End-to-end tests: the real server (fresh SQLite data directory, demo seeded) serving the built
 * web app, driven in Debian's Chromium. Screenshots of each main screen go to e2e/test-results
 * (not committed). With ATRIUM_TEST_DATABASE_URL (`npm run test:postgres`) the server's relational
 * data lives in a fresh PostgreSQL database of this run instead.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
/** Where email.spec.ts listens as the SMTP server (a sink of its own); e2e/support/mailSink.ts. */
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? port + 1);
const dataDir = path.join(os.tmpdir(), `atrium-e2e-${process.pid}-${Date.now()}`);
const databaseUrl = runDatabaseUrl();

/**
 * Creates this run's database and drops it when Playwright exits. Synchronously, here: Playwright
 * starts the web server before any globalSetup runs. Its worker processes load this file again;
 * they inherit the URL through ATRIUM_E2E_DATABASE_URL rather than creating databases of their own.
 */
function runDatabaseUrl(): string | undefined {
  const serverUrl = process.env.ATRIUM_TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const inherited = process.env.ATRIUM_E2E_DATABASE_URL;
  if (inherited) return inherited;

  const name = `atrium_e2e_${process.pid}_${Date.now()}`;
  runSql(serverUrl, `CREATE DATABASE ${name}`);
  process.on('exit', () => {
    // FORCE: closes whatever connection the stopped server's pool may have left behind. A failure
    // is reported, not thrown: the run's own result stands.
    try {
      runSql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.ATRIUM_E2E_DATABASE_URL = url.toString();
  return url.toString();
}

/** psql from PATH: server/scripts/withPostgres.mjs puts the server's own binaries first. */
function runSql(url: string, sql: string): void {
  try {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`e2e database: '${sql}' failed (psql, the PostgreSQL client, must be on PATH): ${stderr || error}`);
  }
}

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx tsx ../server/src/main.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ATRIUM_DEMO: 'on',
      // Escalations within a second, so requests.spec.ts sees a breach escalate without waiting 30 s.
      SLA_SCAN_MS: '1000',
      // Email on, to the sink email.spec.ts starts; the outbox looks for due messages twice a second.
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Atrium <atrium@demo.atrium.test>',
      OUTBOX_POLL_MS: '500',
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    },
  },
});
