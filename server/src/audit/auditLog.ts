/**
 * The audit log: an append-only record of every access and sharing change — who, what, when and
 * from where. Admins read it through the API, filtered by action, actor and time.
 */
import type { Db } from '../storage/database.ts';

export const auditActions = [
  'user.signed_up',
  'user.signed_in',
  'user.sign_in_failed',
  'user.signed_out',
  'user.password_changed',
  'user.password_reset_requested',
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
  'invite.emailed',
  'item.shared',
  'item.unshared',
  'item.submitted_for_approval',
  'item.approved',
  'item.changes_requested',
  'item.version_restored',
  'file.uploaded',
  'file.removed',
  'request.created',
  'request.status',
  'request.assigned',
  'request.routed',
  'request.priority',
  'request.retyped',
  'request.decided',
  'request.linked',
  'request.unlinked',
  'request.first_response',
  'request.sla_at_risk',
  'request.sla_breached',
  'request_type.created',
  'request_type.changed',
  'sla_policy.set',
  'sla_policy.removed',
  'service_team.created',
  'service_team.changed',
  'service_team.member_added',
  'service_team.member_removed',
  'feedback.given',
  'feedback.changed',
  'feedback.routed',
  'feedback.answered',
  'feedback.turned_into_request',
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

/** Appends one entry; pass the transaction of the change it records, so both commit or neither. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: Date.now(),
      workspace_id: entry.workspaceId ?? null,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: entry.ip ?? null,
    })
    .execute();
}

export type AuditFilter = { action?: string; actorId?: string; since?: number; before?: number; limit: number };

/**
 * Newest first; `before` (an entry id) pages backwards. Filters are on columns only: `details` is
 * JSON text, read here and never searched in SQL (SQLite and PostgreSQL query JSON differently).
 */
export async function listAudit(db: Db, workspaceId: string, filter: AuditFilter): Promise<AuditRecord[]> {
  const { action, actorId, since, before } = filter;
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('workspace_id', '=', workspaceId),
        // Account-level events (sign-ins) have no workspace; they belong to the workspaces of their actor.
        eb.and([
          eb('workspace_id', 'is', null),
          eb.or([
            eb(
              'actor_id',
              'in',
              eb.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', workspaceId),
            ),
            eb(
              'actor_id',
              'in',
              eb
                .selectFrom('project_members')
                .innerJoin('projects', 'projects.id', 'project_members.project_id')
                .select('project_members.user_id')
                .where('projects.workspace_id', '=', workspaceId),
            ),
          ]),
        ]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (action !== undefined) query = query.where('action', '=', action);
  if (actorId !== undefined) query = query.where('actor_id', '=', actorId);
  if (since !== undefined) query = query.where('at', '>=', since);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.execute();
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
