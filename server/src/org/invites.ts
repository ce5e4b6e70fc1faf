/**
 * Invite links. An admin creates a link for the workspace team (with a workspace role) or for one
 * project (with a project role, usually for the customer's people): it expires, has a maximum
 * number of uses, and can be revoked. The token is random, shown once, and stored hashed. Who used
 * a link is read back from the audit log (`inviteRedemptions`).
 */
import type { ProjectRole, WorkspaceRole } from '@atrium/shared/access/roles.ts';
import type { Selectable } from 'kysely';
import { inAccessTransaction } from '../access/accessChanges.ts';
import { AppError } from '../errors.ts';
import { hashSecret, newId, newSecret } from '../identity/secrets.ts';
import type { Db } from '../storage/database.ts';
import type { InvitesTable } from '../storage/schema.ts';
import { setProjectRole } from './projects.ts';
import { setWorkspaceRole, workspaceRole } from './workspaces.ts';

export type InviteTarget =
  | { kind: 'workspace'; role: WorkspaceRole }
  | { kind: 'project'; projectId: string; role: ProjectRole };

export type Invite = {
  id: string;
  workspaceId: string;
  projectId: string | null;
  role: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedAt: number | null;
};

const toInvite = (row: Selectable<InvitesTable>): Invite => ({
  id: row.id,
  workspaceId: row.workspace_id,
  projectId: row.project_id,
  role: row.role,
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  maxUses: row.max_uses,
  uses: row.uses,
  revokedAt: row.revoked_at,
});

export async function createInvite(
  db: Db,
  input: { workspaceId: string; target: InviteTarget; createdBy: string; expiresInMs: number; maxUses: number },
): Promise<{ token: string; invite: Invite }> {
  const token = newSecret('inv');
  const now = Date.now();
  const invite: Invite = {
    id: newId('inv'),
    workspaceId: input.workspaceId,
    projectId: input.target.kind === 'project' ? input.target.projectId : null,
    role: input.target.role,
    createdBy: input.createdBy,
    createdAt: now,
    expiresAt: now + input.expiresInMs,
    maxUses: input.maxUses,
    uses: 0,
    revokedAt: null,
  };
  await db
    .insertInto('invites')
    .values({
      id: invite.id,
      token_hash: hashSecret(token),
      workspace_id: invite.workspaceId,
      project_id: invite.projectId,
      role: invite.role,
      created_by: invite.createdBy,
      created_at: now,
      expires_at: invite.expiresAt,
      max_uses: invite.maxUses,
    })
    .execute();
  return { token, invite };
}

export async function listInvites(db: Db, workspaceId: string): Promise<Invite[]> {
  const rows = await db
    .selectFrom('invites')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toInvite);
}

/** Someone who joined through an invite link, and when. */
export type Redemption = { userId: string; name: string | null; email: string | null; at: number };

/**
 * Who used each of a workspace's invite links, oldest first, keyed by invite id. Read from the audit
 * log's `invite.used` entries — the one record of every use, kept since the first invite — rather
 * than a second table that could disagree with it. A deleted account keeps its entry, without a name.
 */
export async function inviteRedemptions(db: Db, workspaceId: string): Promise<Map<string, Redemption[]>> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.target_id as invite_id',
      'audit_log.actor_id as user_id',
      'users.name',
      'users.email',
      'audit_log.at',
    ])
    .where('audit_log.workspace_id', '=', workspaceId)
    .where('audit_log.action', '=', 'invite.used')
    .where('audit_log.target_type', '=', 'invite')
    .orderBy('audit_log.id')
    .execute();
  const byInvite = new Map<string, Redemption[]>();
  for (const row of rows) {
    // An `invite.used` entry always names the invite and who used it (api/invites.ts records it).
    if (row.invite_id === null || row.user_id === null) continue;
    const list = byInvite.get(row.invite_id) ?? [];
    list.push({ userId: row.user_id, name: row.name, email: row.email, at: row.at });
    byInvite.set(row.invite_id, list);
  }
  return byInvite;
}

export async function getInvite(db: Db, id: string): Promise<Invite | undefined> {
  const row = await db.selectFrom('invites').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toInvite(row) : undefined;
}

export async function revokeInvite(db: Db, id: string): Promise<void> {
  await db
    .updateTable('invites')
    .set({ revoked_at: Date.now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

const usedUp = () =>
  new AppError('gone', 'This invite link has already been used. Ask the person who sent it for a new one.');

/**
 * The invite behind a token if it can still be used. Each reason it cannot gets its own clear
 * message; an unknown or tampered token is simply "not found".
 */
export async function usableInvite(db: Db, token: string): Promise<Invite> {
  const row = await db.selectFrom('invites').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
  if (!row)
    throw new AppError(
      'not_found',
      'This invite link is not valid. Check that you copied all of it, or ask for a new one.',
    );
  const invite = toInvite(row);
  if (invite.revokedAt !== null)
    throw new AppError('gone', 'This invite link was revoked. Ask the person who sent it for a new one.');
  if (invite.expiresAt <= Date.now())
    throw new AppError('gone', 'This invite link has expired. Ask the person who sent it for a new one.');
  if (invite.uses >= invite.maxUses) throw usedUp();
  return invite;
}

const projectRank: Record<ProjectRole, number> = { viewer: 0, collaborator: 1, member: 2 };

/**
 * Joins the user through the invite, atomically: the use is counted only if a use is left, so two
 * people racing for the last use cannot both get in. Never lowers an existing role.
 */
export function redeemInvite(db: Db, token: string, userId: string): Promise<Invite> {
  // The joining transaction's access change is this server's own (access/accessChanges.ts).
  return inAccessTransaction(db, async (tx) => {
    const invite = await usableInvite(tx, token);
    // The conditions are checked again by the UPDATE itself, on the row as it is when written: of
    // two acceptances racing for the last use, the second finds nothing to count (PostgreSQL waits
    // for the first to commit and re-checks its row; SQLite runs one transaction at a time). The
    // same holds for a revoke or expiry that lands in between.
    const counted = await tx
      .updateTable('invites')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', invite.id)
      .whereRef('uses', '<', 'max_uses')
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', Date.now())
      .returning('uses')
      .executeTakeFirst();
    if (!counted) {
      await usableInvite(tx, token); // says why, when the link was revoked or expired meanwhile
      throw usedUp();
    }
    if (invite.projectId === null) {
      if (!(await workspaceRole(tx, invite.workspaceId, userId)))
        await setWorkspaceRole(tx, invite.workspaceId, userId, invite.role as WorkspaceRole);
    } else {
      const team = await workspaceRole(tx, invite.workspaceId, userId);
      const current = await tx
        .selectFrom('project_members')
        .select('role')
        .where('project_id', '=', invite.projectId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const role = invite.role as ProjectRole;
      if (!team && (!current || projectRank[current.role] < projectRank[role]))
        await setProjectRole(tx, invite.projectId, userId, role);
    }
    return { ...invite, uses: counted.uses };
  });
}
