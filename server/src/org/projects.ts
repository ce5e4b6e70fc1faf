/**
 * Projects and their per-project members. A person's standing in a project combines their
 * workspace role (the team works on every project) with their project role (contractors, and the
 * customer's collaborators and viewers).
 */
import type { ProjectRole, ProjectStanding } from '@atrium/shared/access/roles.ts';
import { type Selectable, sql } from 'kysely';
import { bumpAccessEpoch, inAccessTransaction } from '../access/accessChanges.ts';
import { newId } from '../identity/secrets.ts';
import type { Db } from '../storage/database.ts';
import type { ProjectsTable } from '../storage/schema.ts';

export type Project = { id: string; workspaceId: string; customerId: string | null; name: string; createdAt: number };
const toProject = (row: Selectable<ProjectsTable>): Project => ({
  id: row.id,
  workspaceId: row.workspace_id,
  customerId: row.customer_id,
  name: row.name,
  createdAt: row.created_at,
});

export type ProjectPerson = { userId: string; name: string; email: string; side: 'team' | 'customer'; role: string };

const projectColumns = ['p.id', 'p.workspace_id', 'p.customer_id', 'p.name', 'p.created_at'] as const;

export async function createProject(
  db: Db,
  input: { workspaceId: string; customerId: string | null; name: string },
): Promise<Project> {
  const project = { id: newId('prj'), ...input, name: input.name.trim(), createdAt: Date.now() };
  await db
    .insertInto('projects')
    .values({
      id: project.id,
      workspace_id: project.workspaceId,
      customer_id: project.customerId,
      name: project.name,
      created_at: project.createdAt,
    })
    .execute();
  return project;
}

export async function getProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProject(row) : undefined;
}

export async function standingIn(
  db: Db,
  userId: string,
  projectId: string,
): Promise<ProjectStanding & { project?: Project }> {
  const row = await db
    .selectFrom('projects as p')
    .leftJoin('workspace_members as wm', (join) =>
      join.onRef('wm.workspace_id', '=', 'p.workspace_id').on('wm.user_id', '=', userId),
    )
    .leftJoin('project_members as pm', (join) => join.onRef('pm.project_id', '=', 'p.id').on('pm.user_id', '=', userId))
    .select([...projectColumns, 'wm.role as workspace_role', 'pm.role as project_role'])
    .where('p.id', '=', projectId)
    .executeTakeFirst();
  if (!row) return { workspaceRole: null, projectRole: null };
  return { workspaceRole: row.workspace_role, projectRole: row.project_role, project: toProject(row) };
}

/** Every project the user can open: all of their team's workspaces, plus those they were added to. */
export async function listProjectsFor(
  db: Db,
  userId: string,
): Promise<
  Array<Project & { workspaceName: string; customerName: string | null; side: 'team' | 'customer'; role: string }>
> {
  const rows = await db
    .selectFrom('projects as p')
    .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
    .leftJoin('customers as c', 'c.id', 'p.customer_id')
    .leftJoin('workspace_members as wm', (join) =>
      join.onRef('wm.workspace_id', '=', 'p.workspace_id').on('wm.user_id', '=', userId),
    )
    .leftJoin('project_members as pm', (join) => join.onRef('pm.project_id', '=', 'p.id').on('pm.user_id', '=', userId))
    .select([
      ...projectColumns,
      'w.name as workspace_name',
      'c.name as customer_name',
      'wm.role as workspace_role',
      'pm.role as project_role',
    ])
    .where((eb) => eb.or([eb('wm.role', 'is not', null), eb('pm.role', 'is not', null)]))
    .orderBy('w.name')
    .orderBy('p.name')
    .execute();
  return rows.map((row) => ({
    ...toProject(row),
    workspaceName: row.workspace_name,
    customerName: row.customer_name,
    // The team works on every project; an internal project member (a contractor) is on its side too.
    side: row.workspace_role !== null || row.project_role === 'member' ? 'team' : 'customer',
    role: (row.workspace_role ?? row.project_role) as string,
  }));
}

export async function listWorkspaceProjects(db: Db, workspaceId: string): Promise<Project[]> {
  const rows = await db
    .selectFrom('projects')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('name')
    .execute();
  return rows.map(toProject);
}

/** Gives or changes a project role; running servers re-decide live sockets (access/accessChanges.ts). */
export async function setProjectRole(db: Db, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await inAccessTransaction(db, async (tx) => {
    await tx
      .insertInto('project_members')
      .values({ project_id: projectId, user_id: userId, role, created_at: Date.now() })
      .onConflict((oc) =>
        oc.columns(['project_id', 'user_id']).doUpdateSet((eb) => ({ role: eb.ref('excluded.role') })),
      )
      .execute();
    await bumpAccessEpoch(tx);
  });
}

export async function removeProjectMember(db: Db, projectId: string, userId: string): Promise<boolean> {
  return inAccessTransaction(db, async (tx) => {
    const result = await tx
      .deleteFrom('project_members')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows) === 1;
    if (removed) await bumpAccessEpoch(tx);
    return removed;
  });
}

/** The people of one project: the workspace team and the project's own members. */
export async function listProjectPeople(db: Db, project: Project): Promise<ProjectPerson[]> {
  type PersonRow = { user_id: string; name: string; email: string; side: 'team' | 'customer'; role: string };
  const team = db
    .selectFrom('workspace_members as wm')
    .innerJoin('users as u', 'u.id', 'wm.user_id')
    .select(['u.id as user_id', 'u.name', 'u.email', sql.lit('team').as('side'), 'wm.role'])
    .where('wm.workspace_id', '=', project.workspaceId)
    .$castTo<PersonRow>();
  const members = db
    .selectFrom('project_members as pm')
    .innerJoin('users as u', 'u.id', 'pm.user_id')
    .select((eb) => [
      'u.id as user_id',
      'u.name',
      'u.email',
      eb.case().when('pm.role', '=', 'member').then(sql.lit('team')).else(sql.lit('customer')).end().as('side'),
      'pm.role',
    ])
    .where('pm.project_id', '=', project.id)
    .where('pm.user_id', 'not in', (eb) =>
      eb.selectFrom('workspace_members').select('user_id').where('workspace_id', '=', project.workspaceId),
    )
    .$castTo<PersonRow>();
  const rows = await team.unionAll(members).orderBy('side').orderBy('name').execute();
  return rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email, side: row.side, role: row.role }));
}
