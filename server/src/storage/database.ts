/**
 * The data layer's entry: one typed query builder (Kysely) over either engine, with the schema
 * brought up to date before anything else runs.
 *
 *   no DATABASE_URL    SQLite in DATA_DIR/atrium.db (embedded default, nothing to configure)
 *   DATABASE_URL=postgres://user:password@host:port/database   PostgreSQL
 *
 * Domain modules take a `Db` and build their queries with it; transactions are `db.transaction()`
 * on either engine. Everything is async, so the networked engine fits without changes above.
 *
 * Inside a transaction, use its `tx` for every query and await nothing but queries: SQLite has one
 * connection, so a query on the outer `db` would wait for the transaction forever, and anything
 * slow inside one holds every other query back.
 */
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { type Engine, migrationsFor } from './migrations/migrations.ts';
import type { Schema } from './schema.ts';
import { openSqliteFile, type SqliteDatabase } from './sqlite/sqliteFile.ts';

export type { Engine } from './migrations/migrations.ts';

export type Db = Kysely<Schema>;
/** A transaction; anything that takes a `Db` also runs inside one. */
export type Tx = Transaction<Schema>;

/**
 * Whether `db` (or a transaction of it) is on PostgreSQL. A transaction that reads rows and then
 * changes something on the strength of them (the last owner) must lock what it read there
 * (`forUpdate()`): transactions run side by side. SQLite runs one transaction at a time and has no
 * row locks (its SQL has no FOR UPDATE).
 */
export function locksRows(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Bytes as a column value: node-postgres sends Buffers as bytea (a bare Uint8Array it does not); better-sqlite3 takes either. */
export function bufferOf(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export type Database = {
  engine: Engine;
  db: Db;
  /**
   * What the document log commits through (`SqlDocumentStore`). On PostgreSQL, connections of its
   * own: an append never waits in the pool's queue behind other queries (a burst of access checks
   * after a sharing change, say). On SQLite, `db` itself.
   */
  documents: Db;
  /** The SQLite file (WAL checkpoints, its own pragmas), or null on PostgreSQL. */
  sqlite: SqliteDatabase | null;
  /** Where the data is, for logs: the file, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  dataDir: string;
  sqliteSync: 'normal' | 'full';
  /** A postgres:// URL, or undefined for SQLite. */
  databaseUrl?: string | undefined;
  /** Connections kept open to PostgreSQL. */
  poolSize?: number;
};

/**
 * Distinct values in chunks small enough for one `in (…)` list on either engine (SQLite binds at
 * most 32,766 parameters, PostgreSQL 65,535), for queries about many rows at once.
 */
export function chunksOf<T>(values: readonly T[], size = 1000): T[][] {
  const distinct = [...new Set(values)];
  const chunks: T[][] = [];
  for (let start = 0; start < distinct.length; start += size) chunks.push(distinct.slice(start, start + size));
  return chunks;
}

/** PostgreSQL's 64-bit integers (times in ms, sequence numbers) are read as numbers, as SQLite gives them. */
const int8 = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === int8 && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize) : openSqlite(options);
  try {
    await migrate(database.db, database.engine);
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}

function openSqlite(options: DatabaseOptions): Database {
  const file = openSqliteFile({ dataDir: options.dataDir, sync: options.sqliteSync });
  // Kysely prepares every query it runs; the statements are kept (the queries are a fixed set).
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const prepare = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= 1000) statements.clear();
      statement = file.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: { prepare, close: () => file.close() } }),
  });
  return {
    engine: 'sqlite',
    db,
    documents: db,
    sqlite: file,
    location: file.name,
    // Kysely's SQLite driver closes the file it was given.
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, poolSize = 10): Database {
  const connect = (max: number) => {
    const pool = new pg.Pool({ connectionString: url, max, types: pgTypes });
    // An idle connection the server drops (restart, network) must not crash the process; the next
    // query takes a new one.
    pool.on('error', () => {});
    return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  };
  const db = connect(poolSize);
  // Group commit runs one batch at a time; the others load and compact documents.
  const documents = connect(3);
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return {
    engine: 'postgres',
    db,
    documents,
    sqlite: null,
    location: shown.toString(),
    close: async () => {
      await Promise.all([db.destroy(), documents.destroy()]);
    },
  };
}

async function migrate(db: Db, engine: Engine): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationsFor(engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(
      `The database schema could not be brought up to date${failed ? ` (${failed})` : ''}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}
