import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupAfterEach } from './cleanup.ts';
import { dropTestDatabase, testDatabaseName, testDatabaseUrl } from './testDatabase.ts';

const postgresUrl = process.env.ATRIUM_TEST_DATABASE_URL;

/** A data directory path of its own (the database name depends on the path only). */
function someDataDir(): string {
  return path.join(os.tmpdir(), `atrium-test-${randomUUID()}`);
}

async function query(url: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  const result = await query(postgresUrl ?? '', 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return result.rowCount === 1;
}

describe('without ATRIUM_TEST_DATABASE_URL', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('there is no test database: the suite runs on SQLite', async () => {
    vi.stubEnv('ATRIUM_TEST_DATABASE_URL', undefined);
    await expect(testDatabaseUrl(someDataDir())).resolves.toBeUndefined();
    await expect(dropTestDatabase(someDataDir())).resolves.toBeUndefined();
  });
});

describe.skipIf(!postgresUrl)('test databases on PostgreSQL', () => {
  const defer = cleanupAfterEach();

  function dataDirWithCleanup(): string {
    const dataDir = someDataDir();
    defer(() => dropTestDatabase(dataDir));
    return dataDir;
  }

  it('the same data directory reaches the same, existing database', async () => {
    const dataDir = dataDirWithCleanup();
    const first = await testDatabaseUrl(dataDir);
    const second = await testDatabaseUrl(dataDir);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    const current = await query(first ?? '', 'SELECT current_database() AS name');
    expect(current.rows[0].name).toBe(testDatabaseName(dataDir));
  });

  it('different data directories get different databases', async () => {
    const [one, other] = [dataDirWithCleanup(), dataDirWithCleanup()];
    const [oneUrl, otherUrl] = await Promise.all([testDatabaseUrl(one), testDatabaseUrl(other)]);
    expect(oneUrl).not.toBe(otherUrl);
    await query(oneUrl ?? '', 'CREATE TABLE marker (id integer)');
    const seen = await query(otherUrl ?? '', "SELECT to_regclass('marker') AS marker");
    expect(seen.rows[0].marker).toBeNull();
  });

  it('concurrent creations of one database all succeed with the same URL', async () => {
    const dataDir = dataDirWithCleanup();
    const urls = await Promise.all(Array.from({ length: 6 }, () => testDatabaseUrl(dataDir)));
    expect(new Set(urls).size).toBe(1);
    expect(await databaseExists(testDatabaseName(dataDir))).toBe(true);
  });

  it('dropping removes the database, even with a connection still open to it', async () => {
    const dataDir = dataDirWithCleanup();
    const url = await testDatabaseUrl(dataDir);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // The forced drop terminates this connection; the error it then reports is expected.
    client.on('error', () => {});
    defer(() => client.end().catch(() => {}));

    await dropTestDatabase(dataDir);
    expect(await databaseExists(testDatabaseName(dataDir))).toBe(false);
  });
});
