/**
 * The audit log: an append-only record of every access and sharing change — who, what, when and
 * from where. Admins read it through the API, filtered by action, actor and time.
 */
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';

export const auditActions = [
  'user.signed_up',
  'user.signed_in',
  'user.sign_in_failed',
  'user.signed_out',
  'user.password_changed',
  'api_token.created',
  'api_token.revoked',
  'workspace.created',
  'workspace.member_set',
  'workspace.member_removed',
  'customer.created',
  'project.created',
  'project.member_set',
  'project.member_removed',
  'invite.created',
  'invite.used',
  'invite.revoked',
  'item.shared',
  'item.unshared',
  'item.submitted_for_approval',
  'item.approved',
  'item.changes_requested',
  'item.version_restored',
  'file.uploaded',
  'file.removed',
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditEntry = {
  action: AuditAction;
  actorId: string | null;
  workspaceId?: string | null;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
  ip?: string | null;
};

export type AuditRecord = {
  id: number;
  at: number;
  action: string;
  actorId: string | null;
  workspaceId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
};

type Row = {
  id: number;
  at: number;
  workspace_id: string | null;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
  ip: string | null;
};

export function recordAudit(db: SqliteDatabase, entry: AuditEntry): void {
  sql(
    db,
    'INSERT INTO audit_log (at, workspace_id, actor_id, action, target_type, target_id, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    Date.now(),
    entry.workspaceId ?? null,
    entry.actorId,
    entry.action,
    entry.target?.type ?? null,
    entry.target?.id ?? null,
    entry.details ? JSON.stringify(entry.details) : null,
    entry.ip ?? null,
  );
}

export type AuditFilter = { action?: string; actorId?: string; since?: number; before?: number; limit: number };

/** Newest first; `before` (an entry id) pages backwards. */
export function listAudit(db: SqliteDatabase, workspaceId: string, filter: AuditFilter): AuditRecord[] {
  type Params = {
    workspaceId: string;
    action: string | null;
    actorId: string | null;
    since: number;
    before: number;
    limit: number;
  };
  const rows = sql<[Params], Row>(
    db,
    // Account-level events (sign-ins) have no workspace; they belong to the workspaces of their actor.
    `SELECT * FROM audit_log WHERE (workspace_id = @workspaceId OR (workspace_id IS NULL AND actor_id IN (
         SELECT user_id FROM workspace_members WHERE workspace_id = @workspaceId
         UNION SELECT pm.user_id FROM project_members pm JOIN projects p ON p.id = pm.project_id WHERE p.workspace_id = @workspaceId)))
       AND (@action IS NULL OR action = @action) AND (@actorId IS NULL OR actor_id = @actorId) AND at >= @since AND id < @before
     ORDER BY id DESC LIMIT @limit`,
  ).all({
    workspaceId,
    action: filter.action ?? null,
    actorId: filter.actorId ?? null,
    since: filter.since ?? 0,
    before: filter.before ?? Number.MAX_SAFE_INTEGER,
    limit: filter.limit,
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    action: row.action,
    actorId: row.actor_id,
    workspaceId: row.workspace_id,
    targetType: row.target_type,
    targetId: row.target_id,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
    ip: row.ip,
  }));
}
