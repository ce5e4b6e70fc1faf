/**
 * Who may stand in a request: the person asking (one of the customer's people on the project), the
 * assignee (anyone on the project: the workspace team, an internal project member, or one of the
 * customer's people) and the owner team (a live team of the project's workspace).
 */
import type { Db } from '../storage/database.ts';

type Project = { id: string; workspaceId: string };

/** The customer's person on the project (collaborator or viewer) with their name, or undefined. */
export async function customerPerson(db: Db, project: Project, userId: string): Promise<{ name: string } | undefined> {
  return db
    .selectFrom('project_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select('u.name')
    .where('pm.project_id', '=', project.id)
    .where('pm.user_id', '=', userId)
    .where('pm.role', 'in', ['collaborator', 'viewer'])
    .executeTakeFirst();
}

export async function isProjectPerson(db: Db, project: Project, userId: string): Promise<boolean> {
  const [team, member] = await Promise.all([
    db
      .selectFrom('workspace_members')
      .select('user_id')
      .where('workspace_id', '=', project.workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('project_members')
      .select('user_id')
      .where('project_id', '=', project.id)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  ]);
  return Boolean(team ?? member);
}

export async function isLiveTeam(db: Db, workspaceId: string, teamId: string): Promise<boolean> {
  const team = await db
    .selectFrom('service_teams')
    .select('id')
    .where('id', '=', teamId)
    .where('workspace_id', '=', workspaceId)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  return Boolean(team);
}

/** The teams a person belongs to in a workspace (their "mine" queue). */
export async function teamsOf(db: Db, workspaceId: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('service_team_members as m')
    .innerJoin('service_teams as t', 't.id', 'm.team_id')
    .select('t.id')
    .where('t.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .execute();
  return rows.map((row) => row.id);
}
