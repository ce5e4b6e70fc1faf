/**
 * The PostgreSQL database behind a test's data directory, when the suite runs against PostgreSQL
 * (`ATRIUM_TEST_DATABASE_URL`, set by server/scripts/withPostgres.mjs); without it tests run on
 * SQLite files as always.
 *
 * The database name is derived from the data directory alone, so everything that shares a data
 * directory — a server restarted on it, the CLI or a killed server run as a child process — shares
 * one database, as it would share one SQLite file.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

// PostgreSQL error codes (SQLSTATE) of a CREATE DATABASE that lost a race to a concurrent one:
// duplicate_database when the other committed first, unique_violation on pg_database's name index
// when both got past the existence check at once.
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

function baseUrl(): string | undefined {
  return process.env.ATRIUM_TEST_DATABASE_URL || undefined;
}

/** `atrium_` and 16 hex digits: a valid identifier that needs no quoting, well under 63 bytes. */
export function testDatabaseName(dataDir: string): string {
  return `atrium_${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/**
 * The URL of `dataDir`'s database, created when missing; undefined when the suite runs on SQLite.
 * Safe to call concurrently for the same directory.
 */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  const base = baseUrl();
  if (base === undefined) return undefined;
  const name = testDatabaseName(dataDir);
  await withMaintenanceClient(base, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount !== 0) return;
    try {
      // Identifiers cannot be bound parameters; the name is `atrium_` + hex digits, safe to inline.
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
    }
  });
  return databaseUrlOf(base, dataDir);
}

/**
 * The URL of `dataDir`'s database without creating it (for readers of what a server committed,
 * which must find it there); undefined when the suite runs on SQLite.
 */
export function existingTestDatabaseUrl(dataDir: string): string | undefined {
  const base = baseUrl();
  return base === undefined ? undefined : databaseUrlOf(base, dataDir);
}

/**
 * `DATABASE_URL` for a server or CLI run on `dataDir` (its database created when missing), or
 * nothing on SQLite: spread it into the environment beside `DATA_DIR`.
 */
export async function databaseEnv(dataDir: string): Promise<{ DATABASE_URL?: string }> {
  const url = await testDatabaseUrl(dataDir);
  return url === undefined ? {} : { DATABASE_URL: url };
}

function databaseUrlOf(base: string, dataDir: string): string {
  const url = new URL(base);
  url.pathname = `/${testDatabaseName(dataDir)}`;
  return url.toString();
}

/** Drops `dataDir`'s database (closing any connections still open to it), if there is one. */
export async function dropTestDatabase(dataDir: string): Promise<void> {
  const base = baseUrl();
  if (base === undefined) return;
  await withMaintenanceClient(base, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${testDatabaseName(dataDir)}" WITH (FORCE)`);
  });
}

async function withMaintenanceClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
