/**
 * Where SLA policies are kept: one per workspace (project_id '') and optionally one per project
 * that overrides it. The effective policy of a project is its own, else its workspace's, else the
 * default. Stored policies were validated when written; one that no longer parses (the schema grew
 * a rule) is skipped: it falls back to the next level, so one bad row never stops the clocks.
 */
import type { Db } from '../storage/database.ts';
import { defaultSlaPolicy, type SlaPolicy, SlaPolicySchema } from './slaPolicy.ts';

const workspaceLevel = '';

async function storedPolicy(db: Db, workspaceId: string, projectId: string): Promise<SlaPolicy | null> {
  const row = await db
    .selectFrom('sla_policies')
    .select('policy')
    .where('workspace_id', '=', workspaceId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) return null;
  const parsed = SlaPolicySchema.safeParse(JSON.parse(row.policy));
  return parsed.success ? parsed.data : null;
}

export async function workspacePolicy(db: Db, workspaceId: string): Promise<SlaPolicy> {
  return (await storedPolicy(db, workspaceId, workspaceLevel)) ?? defaultSlaPolicy;
}

/** The project's own override, or null when it follows its workspace. */
export async function projectOverride(db: Db, workspaceId: string, projectId: string): Promise<SlaPolicy | null> {
  return storedPolicy(db, workspaceId, projectId);
}

/** Project override ?? workspace policy ?? the default policy. */
export async function effectivePolicy(db: Db, workspaceId: string, projectId: string): Promise<SlaPolicy> {
  return (await projectOverride(db, workspaceId, projectId)) ?? workspacePolicy(db, workspaceId);
}

/** Stores a policy (already validated) for the workspace (`projectId` null) or a project. */
export async function savePolicy(
  db: Db,
  target: { workspaceId: string; projectId: string | null },
  policy: SlaPolicy,
  actorId: string,
): Promise<void> {
  const row = {
    workspace_id: target.workspaceId,
    project_id: target.projectId ?? workspaceLevel,
    policy: JSON.stringify(policy),
    updated_at: Date.now(),
    updated_by: actorId,
  };
  await db
    .insertInto('sla_policies')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['workspace_id', 'project_id'])
        .doUpdateSet({ policy: row.policy, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}

/** Drops a project's override: it follows its workspace's policy again. Whether there was one. */
export async function removeProjectOverride(db: Db, workspaceId: string, projectId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sla_policies')
    .where('workspace_id', '=', workspaceId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Effective policies of many projects at once (the team queue): two queries, however many projects. */
export async function effectivePolicies(
  db: Db,
  projects: Array<{ workspaceId: string; projectId: string }>,
): Promise<Map<string, SlaPolicy>> {
  const result = new Map<string, SlaPolicy>();
  if (projects.length === 0) return result;
  const workspaceIds = [...new Set(projects.map((p) => p.workspaceId))];
  const rows = await db.selectFrom('sla_policies').selectAll().where('workspace_id', 'in', workspaceIds).execute();
  const parse = (text: string) => {
    const parsed = SlaPolicySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  };
  const byKey = new Map(rows.map((row) => [`${row.workspace_id}/${row.project_id}`, parse(row.policy)]));
  for (const { workspaceId, projectId } of projects)
    result.set(
      projectId,
      byKey.get(`${workspaceId}/${projectId}`) ?? byKey.get(`${workspaceId}/${workspaceLevel}`) ?? defaultSlaPolicy,
    );
  return result;
}
