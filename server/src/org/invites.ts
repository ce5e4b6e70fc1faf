/**
 * Invite links. An admin creates a link for the workspace team (with a workspace role) or for one
 * project (with a project role, usually for the customer's people): it expires, has a maximum
 * number of uses, and can be revoked. The token is random, shown once, and stored hashed. Who used
 * a link is read back from the audit log (`inviteRedemptions`).
 */
import type { ProjectRole, WorkspaceRole } from '@atrium/shared/access/roles.ts';
import { AppError } from '../errors.ts';
import { hashSecret, newId, newSecret } from '../identity/secrets.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';
import { setProjectRole } from './projects.ts';
import { setWorkspaceRole } from './workspaces.ts';

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

type Row = {
  id: string;
  workspace_id: string;
  project_id: string | null;
  role: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number;
  uses: number;
  revoked_at: number | null;
};

const toInvite = (row: Row): Invite => ({
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

export function createInvite(
  db: SqliteDatabase,
  input: { workspaceId: string; target: InviteTarget; createdBy: string; expiresInMs: number; maxUses: number },
): { token: string; invite: Invite } {
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
  sql(
    db,
    `INSERT INTO invites (id, token_hash, workspace_id, project_id, role, created_by, created_at, expires_at, max_uses)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    invite.id,
    hashSecret(token),
    invite.workspaceId,
    invite.projectId,
    invite.role,
    invite.createdBy,
    now,
    invite.expiresAt,
    invite.maxUses,
  );
  return { token, invite };
}

export function listInvites(db: SqliteDatabase, workspaceId: string): Invite[] {
  return sql<[string], Row>(db, 'SELECT * FROM invites WHERE workspace_id = ? ORDER BY created_at DESC')
    .all(workspaceId)
    .map(toInvite);
}

/** Someone who joined through an invite link, and when. */
export type Redemption = { userId: string; name: string | null; email: string | null; at: number };

/**
 * Who used each of a workspace's invite links, oldest first, keyed by invite id. Read from the audit
 * log's `invite.used` entries — the one record of every use, kept since the first invite — rather
 * than a second table that could disagree with it. A deleted account keeps its entry, without a name.
 */
export function inviteRedemptions(db: SqliteDatabase, workspaceId: string): Map<string, Redemption[]> {
  const rows = sql<
    [string],
    { invite_id: string; user_id: string; name: string | null; email: string | null; at: number }
  >(
    db,
    `SELECT audit_log.target_id AS invite_id, audit_log.actor_id AS user_id, users.name, users.email, audit_log.at
     FROM audit_log LEFT JOIN users ON users.id = audit_log.actor_id
     WHERE audit_log.workspace_id = ? AND audit_log.action = 'invite.used' AND audit_log.target_type = 'invite'
     ORDER BY audit_log.id`,
  ).all(workspaceId);
  const byInvite = new Map<string, Redemption[]>();
  for (const row of rows) {
    const list = byInvite.get(row.invite_id) ?? [];
    list.push({ userId: row.user_id, name: row.name, email: row.email, at: row.at });
    byInvite.set(row.invite_id, list);
  }
  return byInvite;
}

export function getInvite(db: SqliteDatabase, id: string): Invite | undefined {
  const row = sql<[string], Row>(db, 'SELECT * FROM invites WHERE id = ?').get(id);
  return row ? toInvite(row) : undefined;
}

export function revokeInvite(db: SqliteDatabase, id: string): void {
  sql(db, 'UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(Date.now(), id);
}

/**
 * The invite behind a token if it can still be used. Each reason it cannot gets its own clear
 * message; an unknown or tampered token is simply "not found".
 */
export function usableInvite(db: SqliteDatabase, token: string): Invite {
  const row = sql<[string], Row>(db, 'SELECT * FROM invites WHERE token_hash = ?').get(hashSecret(token));
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
  if (invite.uses >= invite.maxUses)
    throw new AppError('gone', 'This invite link has already been used. Ask the person who sent it for a new one.');
  return invite;
}

/**
 * Joins the user through the invite, atomically: the use is counted only if a use is left, so two
 * people racing for the last use cannot both get in. Never lowers an existing role.
 */
export function redeemInvite(db: SqliteDatabase, token: string, userId: string): Invite {
  return db.transaction(() => {
    const invite = usableInvite(db, token);
    const counted = sql(db, 'UPDATE invites SET uses = uses + 1 WHERE id = ? AND uses < max_uses').run(invite.id);
    if (counted.changes !== 1)
      throw new AppError('gone', 'This invite link has already been used. Ask the person who sent it for a new one.');
    if (invite.projectId === null) {
      const current = sql<[string, string], { role: string }>(
        db,
        'SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ?',
      ).get(invite.workspaceId, userId);
      if (!current) setWorkspaceRole(db, invite.workspaceId, userId, invite.role as WorkspaceRole);
    } else {
      const team = sql<[string, string], { role: string }>(
        db,
        'SELECT role FROM workspace_members WHERE workspace_id = ? AND user_id = ?',
      ).get(invite.workspaceId, userId);
      const current = sql<[string, string], { role: ProjectRole }>(
        db,
        'SELECT role FROM project_members WHERE project_id = ? AND user_id = ?',
      ).get(invite.projectId, userId);
      const rank: Record<ProjectRole, number> = { viewer: 0, collaborator: 1, member: 2 };
      const role = invite.role as ProjectRole;
      if (!team && (!current || rank[current.role] < rank[role])) setProjectRole(db, invite.projectId, userId, role);
    }
    return { ...invite, uses: invite.uses + 1 };
  })();
}
