/**
 * Service teams: the groups of a workspace's team that requests and feedback are routed to
 * (delivery, product, support, sales, …). A team is archived rather than deleted, so work routed to
 * it keeps its name; its members must be on the workspace team. Which team handles something is the
 * provider's internal business and never reaches a customer.
 */
import type { ServiceTeam } from '@atrium/shared/model/feedback.ts';
import { newId } from '../identity/secrets.ts';
import { type Db, locksRows } from '../storage/database.ts';

export async function listServiceTeams(db: Db, workspaceId: string): Promise<ServiceTeam[]> {
  const [teams, members] = await Promise.all([
    db.selectFrom('service_teams').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute(),
    db
      .selectFrom('service_team_members as m')
      .innerJoin('service_teams as t', 't.id', 'm.team_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.team_id', 'm.user_id', 'u.name'])
      .where('t.workspace_id', '=', workspaceId)
      .orderBy('u.name')
      .execute(),
  ]);
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    archived: team.archived_at !== null,
    createdAt: team.created_at,
    members: members
      .filter((member) => member.team_id === team.id)
      .map((member) => ({ userId: member.user_id, name: member.name })),
  }));
}

export async function getServiceTeam(db: Db, workspaceId: string, teamId: string): Promise<ServiceTeam | undefined> {
  return (await listServiceTeams(db, workspaceId)).find((team) => team.id === teamId);
}

/**
 * A live team of that name (case aside) other than `exceptId`, if any: names are unique among live
 * teams. In a transaction it first locks the workspace's row on PostgreSQL, so two admins naming
 * teams at once are checked one after the other (SQLite runs one transaction at a time anyway).
 */
export async function liveTeamNamed(
  db: Db,
  workspaceId: string,
  name: string,
  exceptId?: string,
): Promise<string | undefined> {
  if (db.isTransaction)
    await db
      .selectFrom('workspaces')
      .select('id')
      .where('id', '=', workspaceId)
      .$if(locksRows(db), (query) => query.forUpdate())
      .execute();
  const teams = await db
    .selectFrom('service_teams')
    .select(['id', 'name'])
    .where('workspace_id', '=', workspaceId)
    .where('archived_at', 'is', null)
    .execute();
  return teams.find((team) => team.id !== exceptId && team.name.toLowerCase() === name.toLowerCase())?.id;
}

export async function insertServiceTeam(db: Db, workspaceId: string, name: string): Promise<string> {
  const id = newId('tm');
  await db
    .insertInto('service_teams')
    .values({ id, workspace_id: workspaceId, name, created_at: Date.now(), archived_at: null })
    .execute();
  return id;
}

export async function updateServiceTeam(
  db: Db,
  teamId: string,
  change: { name?: string; archived?: boolean },
): Promise<void> {
  const values: { name?: string; archived_at?: number | null } = {};
  if (change.name !== undefined) values.name = change.name;
  if (change.archived !== undefined) values.archived_at = change.archived ? Date.now() : null;
  if (Object.keys(values).length === 0) return;
  await db.updateTable('service_teams').set(values).where('id', '=', teamId).execute();
}

/** Adds the member; false when they already were one. */
export async function addTeamMember(db: Db, teamId: string, userId: string): Promise<boolean> {
  const result = await db
    .insertInto('service_team_members')
    .values({ team_id: teamId, user_id: userId })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes the member; false when they were not one. */
export async function removeTeamMember(db: Db, teamId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('service_team_members')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
