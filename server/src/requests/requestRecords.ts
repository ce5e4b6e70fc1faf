/**
 * Everything said about a request, loaded in a few queries for any number of them (a team queue of
 * thousands): the row, names (project, type, team, people), links, events, escalations, and the
 * clocks computed from them now. `requestViews.ts` turns a record into what each side may see.
 */
import type { ClockView, StatusEntry } from '@atrium/shared/model/requests.ts';
import { sharedDespiteLag } from '../content/mirrorBehind.ts';
import type { Db } from '../storage/database.ts';
import { effectivePolicies } from './policyStore.ts';
import { clocksOf, clockView, reopenUntil, statusHistory } from './requestClocks.ts';
import { eventsOf, linksOf, type RequestEvent, type RequestRow } from './requestStore.ts';

export type Escalation = {
  clock: 'first_response' | 'resolution';
  level: 'at_risk' | 'breached';
  at: number;
  cycle: number;
};

export type RequestRecord = {
  row: RequestRow;
  projectName: string;
  typeName: string;
  teamName: string | null;
  assigneeName: string | null;
  /** The assignee is one of the customer's people on this project (so the customer may see who). */
  assigneeIsCustomer: boolean;
  linkedItemIds: string[];
  /**
   * Of the request item, the item asked about and the linked items: those shared with the customer
   * now (fail-closed while the mirror is behind). A customer sees no id of any other.
   */
  sharedItemIds: ReadonlySet<string>;
  events: RequestEvent[];
  history: StatusEntry[];
  names: ReadonlyMap<string, string>;
  firstResponse: ClockView | null;
  resolution: ClockView | null;
  /** Reopen cycle of each clock now (escalations of earlier cycles are history). */
  cycles: { first_response: number; resolution: number };
  escalations: Escalation[];
  reopenUntil: number | null;
  computedAt: number;
};

export async function loadRecords(db: Db, rows: RequestRow[], now = Date.now()): Promise<RequestRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const projectIds = [...new Set(rows.map((row) => row.project_id))];
  const workspaceIds = [...new Set(rows.map((row) => row.workspace_id))];
  const [projects, types, teams, events, links, escalations, policies, customerPeople] = await Promise.all([
    db.selectFrom('projects').select(['id', 'name']).where('id', 'in', projectIds).execute(),
    db.selectFrom('request_types').selectAll().where('workspace_id', 'in', workspaceIds).execute(),
    db.selectFrom('service_teams').select(['id', 'name']).where('workspace_id', 'in', workspaceIds).execute(),
    eventsOf(db, ids),
    linksOf(db, ids),
    db.selectFrom('sla_escalations').selectAll().where('request_id', 'in', ids).execute(),
    effectivePolicies(
      db,
      projectIds.map((projectId) => ({
        projectId,
        workspaceId: (rows.find((row) => row.project_id === projectId) as RequestRow).workspace_id,
      })),
    ),
    db
      .selectFrom('project_members')
      .select(['project_id', 'user_id'])
      .where('project_id', 'in', projectIds)
      .where('role', 'in', ['collaborator', 'viewer'])
      .execute(),
  ]);
  const referenced = new Set(ids);
  for (const row of rows) if (row.about_item_id) referenced.add(row.about_item_id);
  for (const list of links.values()) for (const itemId of list) referenced.add(itemId);
  const visibility = await db
    .selectFrom('item_visibility')
    .select(['project_id', 'item_id', 'shared'])
    .where('project_id', 'in', projectIds)
    .where('item_id', 'in', [...referenced])
    .execute();
  const sharedItemIds = new Set(
    visibility
      .filter((item) => sharedDespiteLag(db, item.project_id, item.item_id, item.shared === 1))
      .map((item) => item.item_id),
  );
  const userIds = new Set<string>();
  for (const row of rows) {
    if (row.assignee_id) userIds.add(row.assignee_id);
    if (row.requested_by) userIds.add(row.requested_by);
    userIds.add(row.raised_by);
  }
  for (const list of events.values()) for (const event of list) userIds.add(event.actorId);
  const users = userIds.size
    ? await db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', [...userIds])
        .execute()
    : [];
  const names = new Map(users.map((user) => [user.id, user.name]));
  const projectName = new Map(projects.map((project) => [project.id, project.name]));
  const typeName = new Map(types.map((type) => [`${type.workspace_id}/${type.key}`, type.name]));
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  const customers = new Set(customerPeople.map((person) => `${person.project_id}/${person.user_id}`));
  // By request, once: a queue of thousands with as many escalations must not scan them per request.
  const escalationsOf = new Map<string, Escalation[]>();
  for (const escalation of escalations) {
    const list = escalationsOf.get(escalation.request_id) ?? [];
    list.push({ clock: escalation.clock, level: escalation.level, at: escalation.at, cycle: escalation.cycle });
    escalationsOf.set(escalation.request_id, list);
  }
  return rows.map((row) => {
    const rowEvents = events.get(row.id) ?? [];
    const history = statusHistory(row, rowEvents);
    const policy = policies.get(row.project_id);
    const clocks = policy ? clocksOf(row, history, policy, now) : { firstResponse: null, resolution: null };
    return {
      row,
      projectName: projectName.get(row.project_id) ?? '',
      typeName: typeName.get(`${row.workspace_id}/${row.type_key}`) ?? row.type_key,
      teamName: row.team_id ? (teamName.get(row.team_id) ?? null) : null,
      assigneeName: row.assignee_id ? (names.get(row.assignee_id) ?? null) : null,
      assigneeIsCustomer: row.assignee_id !== null && customers.has(`${row.project_id}/${row.assignee_id}`),
      linkedItemIds: links.get(row.id) ?? [],
      sharedItemIds,
      events: rowEvents,
      history,
      names,
      firstResponse: clockView(clocks.firstResponse, now),
      resolution: clockView(clocks.resolution, now),
      cycles: { first_response: clocks.firstResponse?.cycle ?? 0, resolution: clocks.resolution?.cycle ?? 0 },
      escalations: escalationsOf.get(row.id) ?? [],
      reopenUntil: policy ? reopenUntil(row, history, policy) : null,
      computedAt: now,
    };
  });
}

export async function loadRecord(db: Db, row: RequestRow, now = Date.now()): Promise<RequestRecord> {
  return (await loadRecords(db, [row], now))[0] as RequestRecord;
}

/** The highest threshold crossed in the clocks' current cycles; null when none. */
export function escalationLevel(record: RequestRecord): 'at_risk' | 'breached' | null {
  const current = record.escalations.filter((escalation) => escalation.cycle === record.cycles[escalation.clock]);
  if (current.some((escalation) => escalation.level === 'breached')) return 'breached';
  return current.length > 0 ? 'at_risk' : null;
}
