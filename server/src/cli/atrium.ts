/**
 * The operators' command line: `npm run atrium -- <command>` (or the `atrium` bin). Works on the
 * server's database (DATA_DIR, or DATABASE_URL), also while it runs (SQLite WAL: writers wait for
 * each other). A change and its audit entry commit in one transaction; a running server re-decides
 * the live sockets an access change concerns within a second (access/accessChanges.ts).
 * Exit status: 0 done, 1 failed (e.g. no such user), 2 usage error.
 */
import { parseArgs } from 'node:util';
import { projectRoles, workspaceRoles } from '@atrium/shared/access/roles.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { createUser, findUserByEmail, listUsers, setPassword } from '../identity/accounts.ts';
import { createApiToken } from '../identity/apiTokens.ts';
import { newSecret } from '../identity/secrets.ts';
import { deleteUserSessions } from '../identity/sessions.ts';
import { createCustomer, getCustomer } from '../org/customers.ts';
import { createProject, getProject, removeProjectMember, setProjectRole, standingIn } from '../org/projects.ts';
import {
  countOwners,
  createWorkspace,
  getWorkspace,
  removeWorkspaceMember,
  setWorkspaceRole,
  workspaceRole,
} from '../org/workspaces.ts';
import { type Database, type Db, openDatabase } from '../storage/database.ts';

const usage = `Usage: npm run atrium -- <command> [options]

Commands:
  user create --email <email> --name <name> [--password <password>]
      Create an account (a random password is generated and printed when none is given).
  user list
      List accounts.
  user reset-password --email <email> [--password <password>]
      Set a new password (random if none is given) and print it; signs the account out everywhere
      (its sessions and their sync sockets; API tokens stay).
  workspace create --name <name> --owner <email>
      Create a workspace owned by an existing account; prints its id.
  customer create --workspace <id> --name <name>
      Add a customer organisation to a workspace; prints its id.
  project create --workspace <id> --name <name> [--customer <id>]
      Create a project; prints its id.
  member add --email <email> (--workspace <id> --role owner|admin|member | --project <id> --role member|collaborator|viewer)
      Give an account a role in a workspace team or in one project.
  member remove --email <email> (--workspace <id> | --project <id>)
      Take an account off a workspace team or a project (a workspace keeps at least one owner).
  token create --email <email> [--name <label>]
      Create an API token for an account; the token is printed once.

Works on the server's database, like the server: DATA_DIR (default ./data), or DATABASE_URL.`;

class UsageError extends Error {}

type Options = Record<string, string | undefined>;

function need(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new UsageError(`Missing --${name}.`);
  return value;
}

async function workspaceFrom(db: Db, options: Options) {
  const workspace = await getWorkspace(db, need(options, 'workspace'));
  if (!workspace) throw new AppError('not_found', `No workspace ${options.workspace}.`);
  return workspace;
}

function roleIn<const Roles extends readonly string[]>(roles: Roles, role: string): Roles[number] {
  if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}.`);
  return role as Roles[number];
}

async function userByEmail(db: Db, email: string) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError('not_found', `No account with email ${email}.`);
  return user;
}

/** A command works on the data layer (either engine); a change and its audit entry commit together. */
type Command = (db: Db, options: Options) => Promise<string>;

const commands: Record<string, Command> = {
  'user create': async (db, o) => {
    const password = o.password ?? newSecret('pw').slice(3, 19);
    const user = await createUser(db, { email: need(o, 'email'), name: need(o, 'name'), password });
    return o.password
      ? `Created ${user.email} (${user.id})`
      : `Created ${user.email} (${user.id}) with password: ${password}`;
  },
  'user list': async (db) =>
    (await listUsers(db))
      .map((u) => `${u.id}\t${u.email}\t${u.name}\t${new Date(u.createdAt).toISOString()}`)
      .join('\n') || 'No accounts yet.',
  'user reset-password': async (db, o) => {
    const user = await userByEmail(db, need(o, 'email'));
    const password = o.password ?? newSecret('pw').slice(3, 19);
    // Hashing is slow: done before the transaction, which may wait for nothing but queries.
    await setPassword(db, user.id, password);
    // Signed out everywhere: the server answers 401 to these sessions at once (it reads them from
    // the database on every request) and closes their sync sockets within a second (the sessions'
    // deletion moves the access epoch it watches). API tokens are explicit credentials and stay (README, "API tokens").
    const ended = await db.transaction().execute(async (tx) => {
      const sessions = await deleteUserSessions(tx, user.id);
      await recordAudit(tx, {
        action: 'user.password_changed',
        actorId: null,
        target: { type: 'user', id: user.id },
        details: { via: 'cli', sessionsEnded: sessions.length },
      });
      return sessions;
    });
    const signedOut = `${ended.length} session(s) signed out`;
    return o.password
      ? `Password reset for ${user.email}; ${signedOut}`
      : `New password for ${user.email}: ${password} (${signedOut})`;
  },
  'workspace create': async (db, o) => {
    const owner = await userByEmail(db, need(o, 'owner'));
    const name = need(o, 'name');
    const workspace = await db.transaction().execute(async (tx) => {
      const created = await createWorkspace(tx, name, owner.id);
      await recordAudit(tx, {
        action: 'workspace.created',
        actorId: null,
        workspaceId: created.id,
        details: { via: 'cli', owner: owner.id },
      });
      return created;
    });
    return workspace.id;
  },
  'customer create': async (db, o) => {
    const workspace = await workspaceFrom(db, o);
    return (await createCustomer(db, workspace.id, need(o, 'name'))).id;
  },
  'project create': async (db, o) => {
    const workspace = await workspaceFrom(db, o);
    const customerId = o.customer ?? null;
    if (customerId && (await getCustomer(db, customerId))?.workspaceId !== workspace.id) {
      throw new AppError('not_found', `No customer ${customerId} in that workspace.`);
    }
    return (await createProject(db, { workspaceId: workspace.id, customerId, name: need(o, 'name') })).id;
  },
  'member add': async (db, o) => {
    const user = await userByEmail(db, need(o, 'email'));
    const role = need(o, 'role');
    if (o.project) {
      const project = await getProject(db, o.project);
      if (!project) throw new AppError('not_found', `No project ${o.project}.`);
      const projectRole = roleIn(projectRoles, role);
      await db.transaction().execute(async (tx) => {
        await setProjectRole(tx, project.id, user.id, projectRole);
        await recordAudit(tx, {
          action: 'project.member_set',
          actorId: null,
          workspaceId: project.workspaceId,
          target: { type: 'user', id: user.id },
          details: { via: 'cli', projectId: project.id, to: role },
        });
      });
      return `${user.email} is now ${role} of project ${project.name}`;
    }
    const workspace = await workspaceFrom(db, o);
    const workspaceRole = roleIn(workspaceRoles, role);
    await db.transaction().execute(async (tx) => {
      await setWorkspaceRole(tx, workspace.id, user.id, workspaceRole);
      await recordAudit(tx, {
        action: 'workspace.member_set',
        actorId: null,
        workspaceId: workspace.id,
        target: { type: 'user', id: user.id },
        details: { via: 'cli', to: role },
      });
    });
    return `${user.email} is now ${role} of workspace ${workspace.name}`;
  },
  'member remove': async (db, o) => {
    const user = await userByEmail(db, need(o, 'email'));
    if (o.project) {
      const project = await getProject(db, o.project);
      if (!project) throw new AppError('not_found', `No project ${o.project}.`);
      await db.transaction().execute(async (tx) => {
        const role = (await standingIn(tx, user.id, project.id)).projectRole;
        if (!(await removeProjectMember(tx, project.id, user.id))) {
          throw new AppError('not_found', `${user.email} is not a member of project ${project.name}.`);
        }
        await recordAudit(tx, {
          action: 'project.member_removed',
          actorId: null,
          workspaceId: project.workspaceId,
          target: { type: 'user', id: user.id },
          details: { via: 'cli', projectId: project.id, role },
        });
      });
      return `${user.email} is no longer a member of project ${project.name}`;
    }
    const workspace = await workspaceFrom(db, o);
    await db.transaction().execute(async (tx) => {
      const role = await workspaceRole(tx, workspace.id, user.id);
      if (!role) throw new AppError('not_found', `${user.email} is not on the team of workspace ${workspace.name}.`);
      // Checked in the removing transaction, as the REST route checks it: a workspace keeps an owner.
      if (role === 'owner' && (await countOwners(tx, workspace.id)) === 1) {
        throw new AppError(
          'conflict',
          `${user.email} is the only owner of ${workspace.name}. Make someone else owner first.`,
        );
      }
      await removeWorkspaceMember(tx, workspace.id, user.id);
      await recordAudit(tx, {
        action: 'workspace.member_removed',
        actorId: null,
        workspaceId: workspace.id,
        target: { type: 'user', id: user.id },
        details: { via: 'cli', role },
      });
    });
    return `${user.email} is no longer on the team of workspace ${workspace.name}`;
  },
  'token create': async (db, o) => {
    const user = await userByEmail(db, need(o, 'email'));
    const { token } = await db.transaction().execute(async (tx) => {
      const created = await createApiToken(tx, user.id, o.name ?? 'cli');
      await recordAudit(tx, {
        action: 'api_token.created',
        actorId: user.id,
        target: { type: 'api_token', id: created.apiToken.id },
        details: { via: 'cli' },
      });
      return created;
    });
    return token;
  },
};

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; out: string }> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: Object.fromEntries(
        ['email', 'name', 'password', 'owner', 'workspace', 'project', 'customer', 'role'].map((name) => [
          name,
          { type: 'string' as const },
        ]),
      ),
    });
  } catch (error) {
    return { code: 2, out: `${(error as Error).message}\n\n${usage}` };
  }
  const key = parsed.positionals.slice(0, 2).join(' ');
  const command = commands[key];
  if (!command || parsed.positionals.length !== 2) {
    return {
      code: 2,
      out: key && key !== 'help' ? `Unknown command "${parsed.positionals.join(' ')}".\n\n${usage}` : usage,
    };
  }
  let database: Database | undefined;
  try {
    const config = loadConfig(env);
    database = await openDatabase({
      dataDir: config.dataDir,
      sqliteSync: config.sqliteSync,
      databaseUrl: config.databaseUrl,
    });
    return { code: 0, out: await command(database.db, parsed.values as Options) };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, out: `${error.message}\n\n${usage}` };
    if (error instanceof AppError || error instanceof ConfigError) return { code: 1, out: error.message };
    throw error;
  } finally {
    await database?.close();
  }
}
