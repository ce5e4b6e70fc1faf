/**
 * Workspaces (the provider's organisation) and their internal members with roles owner / admin /
 * member. Every internal member works on every project of the workspace.
 */
import type { WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { bumpAccessEpoch, inAccessTransaction } from '../access/accessChanges.ts';
import { newId } from '../identity/secrets.ts';
import { type Db, locksRows } from '../storage/database.ts';

export type Workspace = { id: string; name: string; createdAt: number };
export type WorkspaceMember = { userId: string; name: string; email: string; role: WorkspaceRole };

export async function createWorkspace(db: Db, name: string, ownerId: string): Promise<Workspace> {
  const workspace = { id: newId('wsp'), name: name.trim(), createdAt: Date.now() };
  // A workspace is never without its owner, not even for a moment another query could see.
  await inAccessTransaction(db, async (tx) => {
    await tx
      .insertInto('workspaces')
      .values({ id: workspace.id, name: workspace.name, created_at: workspace.createdAt })
      .execute();
    await setWorkspaceRole(tx, workspace.id, ownerId, 'owner');
  });
  return workspace;
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
}

/** Workspaces where the user is on the team, with their role. */
export async function listTeamWorkspaces(db: Db, userId: string): Promise<Array<Workspace & { role: WorkspaceRole }>> {
  const rows = await db
    .selectFrom('workspaces as w')
    .innerJoin('workspace_members as m', 'm.workspace_id', 'w.id')
    .select(['w.id', 'w.name', 'w.created_at', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('w.name')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, role: row.role }));
}

export async function workspaceRole(db: Db, workspaceId: string, userId: string): Promise<WorkspaceRole | null> {
  const row = await db
    .selectFrom('workspace_members')
    .select('role')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** Gives or changes a team role; running servers re-decide live sockets (access/accessChanges.ts). */
export async function setWorkspaceRole(
  db: Db,
  workspaceId: string,
  userId: string,
  role: WorkspaceRole,
): Promise<void> {
  await inAccessTransaction(db, async (tx) => {
    await tx
      .insertInto('workspace_members')
      .values({ workspace_id: workspaceId, user_id: userId, role, created_at: Date.now() })
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'user_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role') })),
      )
      .execute();
    await bumpAccessEpoch(tx);
  });
}

export async function removeWorkspaceMember(db: Db, workspaceId: string, userId: string): Promise<boolean> {
  return inAccessTransaction(db, async (tx) => {
    const result = await tx
      .deleteFrom('workspace_members')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows) === 1;
    if (removed) await bumpAccessEpoch(tx);
    return removed;
  });
}

export async function listWorkspaceMembers(db: Db, workspaceId: string): Promise<WorkspaceMember[]> {
  const rows = await db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.name', 'u.email', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('u.name')
    .execute();
  return rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email, role: row.role }));
}

export async function countOwners(db: Db, workspaceId: string): Promise<number> {
  const row = await db
    .selectFrom('workspace_members')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirst();
  // PostgreSQL's COUNT is a bigint, read as a string.
  return Number(row?.n ?? 0);
}

/**
 * Holds off every other change to the workspace's team until the transaction `tx` ends, so a check
 * of the team (the last owner) still holds when the change it allows is written: of two owners
 * stepping down at once, the second sees the first gone. PostgreSQL locks the workspace's row;
 * SQLite runs one transaction at a time anyway.
 */
export async function lockTeam(tx: Db, workspaceId: string): Promise<void> {
  // Outside a transaction the lock would end with the statement and guard nothing.
  if (!tx.isTransaction) throw new Error('lockTeam needs a transaction');
  await tx
    .selectFrom('workspaces')
    .select('id')
    .where('id', '=', workspaceId)
    .$if(locksRows(tx), (query) => query.forUpdate())
    .execute();
}
