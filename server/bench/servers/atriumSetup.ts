/**
 * Atrium enforces accounts on sync: a socket must present a session or an API token, and may open
 * only documents of projects the account belongs to. So before the first run we prepare, with
 * Atrium's own operator CLI (`src/cli/main.ts`), a data directory holding one account, a workspace
 * it owns, a project in it and an API token. Every run starts from a copy of that directory; the
 * load uses `?token=` and item documents of that project (`project/<id>/item/<name>`), which the
 * workspace owner may write. The access check runs once per subscription, as in production.
 *
 * On PostgreSQL the same CLI commands fill a template database instead (`benchDatabase.ts`); the
 * data directory is still prepared and copied, as a server on PostgreSQL has one too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TemplateDatabase } from './benchDatabase.ts';
import { createTemplateDatabase, urlOf } from './benchDatabase.ts';

export type Prepared = {
  /** Data directory to copy for each run, or null for an empty one. */
  template: string | null;
  /** Query string (without '?') to add to every socket URL. */
  query: string;
  /** Prefix that turns a bench document name into one the server accepts. */
  namePrefix: string;
  /** The database each run gets a copy of (Atrium on PostgreSQL), or null. */
  database: TemplateDatabase | null;
};

const run = promisify(execFile);

/** Prepares Atrium on SQLite, or on PostgreSQL when given the URL of a PostgreSQL server. */
export async function prepareAtrium(serverDir: string, databaseUrl: string | null): Promise<Prepared> {
  const template = mkdtempSync(path.join(tmpdir(), 'bench-atrium-template-'));
  const database = databaseUrl ? await createTemplateDatabase(databaseUrl) : null;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: template, LOG_LEVEL: 'warn', ATRIUM_DEMO: 'off' };
  // The SQLite variant must not follow a DATABASE_URL that happens to be in our environment.
  delete env.DATABASE_URL;
  if (database) env.DATABASE_URL = urlOf(database.serverUrl, database.name);
  const cli = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: serverDir,
      env,
    });
    return stdout.trim().split('\n').at(-1)?.trim() ?? '';
  };
  const email = 'bench@atrium.invalid';
  await cli('user', 'create', '--email', email, '--name', 'Bench', '--password', 'bench-password-not-secret');
  const workspace = await cli('workspace', 'create', '--name', 'Bench', '--owner', email);
  const project = await cli('project', 'create', '--workspace', workspace, '--name', 'Bench');
  const token = await cli('token', 'create', '--email', email, '--name', 'bench');
  if (!workspace || !project || !token) throw new Error('Atrium CLI did not print the ids/token expected');
  return {
    template,
    query: `token=${encodeURIComponent(token)}`,
    namePrefix: `project/${project}/item/`,
    database,
  };
}
