/**
 * The PostgreSQL databases of the "Atrium (PostgreSQL)" variant. As Atrium on SQLite gets a copy of
 * a prepared data directory per run, Atrium on PostgreSQL gets a copy of a prepared template
 * database (`CREATE DATABASE … TEMPLATE …`), dropped when the run ends, so no run sees another's
 * documents. Every database this bench creates is named `bench_<pid>_…`, so an interrupted bench
 * can drop them all.
 *
 * On a local server the PostgreSQL processes are found too (the postmaster, parent of our backend),
 * so their CPU is counted as the database's and not as other load on the machine.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

export type TemplateDatabase = {
  /** URL of a database to run maintenance from (the server's `postgres` database, say). */
  serverUrl: string;
  /** The prepared database each run copies. */
  name: string;
  /** e.g. "15.14 (Debian 15.14-0+deb12u1)". */
  version: string;
  /** The postmaster when PostgreSQL runs on this machine and we may read its /proc entry, else null. */
  postmasterPid: number | null;
};

const prefix = `bench_${process.pid}_`;
let copies = 0;

/** Creates the (empty) template database; Atrium's CLI then fills it through `urlOf`. */
export async function createTemplateDatabase(serverUrl: string): Promise<TemplateDatabase> {
  const name = `${prefix}template`;
  return withClient(serverUrl, async (client) => {
    // Identifiers cannot be bound parameters; ours are `bench_` + digits + letters, safe to inline.
    await client.query(`CREATE DATABASE "${name}"`);
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
    return { serverUrl, name, version: version ?? 'unknown', postmasterPid: parentOf(backend) };
  });
}

/** A fresh copy of the template for one run; resolves with its name. */
export async function copyTemplateDatabase(template: TemplateDatabase): Promise<string> {
  copies += 1;
  const name = `${prefix}run_${copies}`;
  await withClient(template.serverUrl, (client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${template.name}"`),
  );
  return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Drops every database this process created (end of the bench, or interrupted). */
export async function dropBenchDatabases(serverUrl: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/** `serverUrl` with its database replaced by `name`. */
export function urlOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The URL without its password, for the report. */
export function shownUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * The postmaster, parent of backend `pid`, if that backend runs on this machine: a remote server's
 * pid may name an unrelated local process, hence the check that both are `postgres`.
 */
function parentOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const [command, parent] = commandAndParent(pid);
    if (command !== 'postgres' || commandAndParent(parent)[0] !== 'postgres') return null;
    return parent;
  } catch {
    // No such process here: database CPU is not measured.
    return null;
  }
}

function commandAndParent(pid: number): [string, number] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const close = stat.lastIndexOf(')');
  return [stat.slice(stat.indexOf('(') + 1, close), Number(stat.slice(close + 2).split(' ')[1])];
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
