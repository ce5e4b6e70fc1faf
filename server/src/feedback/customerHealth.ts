/**
 * Customer health: for each customer organisation of a workspace, what the team owes it and how
 * recently it was heard from, worst first — open requests, SLA breaches, concerns nobody answered,
 * and days since the customer's last recorded activity.
 *
 * - Breaches: open requests whose first-response or resolution target is breached now (computed
 *   from the record, so a breach counts before the escalation worker's next scan), plus requests
 *   resolved or closed in the last 30 days that breached on the way (`sla_escalations`).
 * - Unanswered concerns: `concern` feedback neither answered nor turned into a request.
 * - Last activity: the latest of a request they asked (received), feedback they gave, and any audit
 *   entry one of the customer's people wrote in the workspace (joining, approving, asking for
 *   changes, uploading, moving a request). Messages and edits inside documents are not counted:
 *   they live in the Yjs documents, which this summary does not open.
 */
import type { CustomerHealth } from '@atrium/shared/model/feedback.ts';
import { listCustomers } from '../org/customers.ts';
import { escalationLevel, loadRecords } from '../requests/requestRecords.ts';
import type { Db } from '../storage/database.ts';

const day = 24 * 3600_000;
const recentWindowMs = 30 * day;
/** Not heard from for this long, a customer needs attention. */
export const quietDays = 14;

const openStatuses = ['new', 'in_progress', 'waiting_on_customer'] as const;

export async function customerHealth(db: Db, workspaceId: string, now = Date.now()): Promise<CustomerHealth[]> {
  const [customers, projects, openRows, recentBreaches, concerns, requested, feedbackAt, people] = await Promise.all([
    listCustomers(db, workspaceId),
    db
      .selectFrom('projects')
      .select(['id', 'customer_id'])
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'is not', null)
      .execute(),
    db
      .selectFrom('requests')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('status', 'in', [...openStatuses])
      .execute(),
    db
      .selectFrom('requests as r')
      .innerJoin('sla_escalations as e', 'e.request_id', 'r.id')
      .select('r.project_id')
      .distinct()
      .select('r.id')
      .where('r.workspace_id', '=', workspaceId)
      .where('r.status', 'in', ['resolved', 'closed'])
      .where('e.level', '=', 'breached')
      .where((eb) => eb(eb.fn.coalesce('r.closed_at', 'r.resolved_at', 'r.updated_at'), '>=', now - recentWindowMs))
      .execute(),
    db
      .selectFrom('feedback')
      .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('sentiment', '=', 'concern')
      .where('answer', 'is', null)
      .where('request_id', 'is', null)
      .groupBy('project_id')
      .execute(),
    db
      .selectFrom('requests')
      .select(['project_id', (eb) => eb.fn.max('received_at').as('at')])
      .where('workspace_id', '=', workspaceId)
      .where('requested_by', 'is not', null)
      .groupBy('project_id')
      .execute(),
    db
      .selectFrom('feedback')
      .select(['project_id', (eb) => eb.fn.max('created_at').as('at')])
      .where('workspace_id', '=', workspaceId)
      .groupBy('project_id')
      .execute(),
    db
      .selectFrom('project_members as pm')
      .innerJoin('projects as p', 'p.id', 'pm.project_id')
      .select(['p.customer_id', 'pm.user_id'])
      .where('p.workspace_id', '=', workspaceId)
      .where('p.customer_id', 'is not', null)
      .where('pm.role', 'in', ['collaborator', 'viewer'])
      .execute(),
  ]);
  const peopleIds = [...new Set(people.map((person) => person.user_id))];
  const audited = peopleIds.length
    ? await db
        .selectFrom('audit_log')
        .select(['actor_id', (eb) => eb.fn.max('at').as('at')])
        .where('workspace_id', '=', workspaceId)
        .where('actor_id', 'in', peopleIds)
        .groupBy('actor_id')
        .execute()
    : [];

  const customerOf = new Map(projects.map((project) => [project.id, project.customer_id as string]));
  const health = new Map<string, CustomerHealth>(
    customers.map((customer) => [
      customer.id,
      {
        customerId: customer.id,
        customerName: customer.name,
        projects: 0,
        openRequests: 0,
        breaches: 0,
        unansweredConcerns: 0,
        lastActivityAt: null,
        daysSinceActivity: null,
        level: 'healthy',
      },
    ]),
  );
  const of = (projectId: string) => {
    const customerId = customerOf.get(projectId);
    return customerId ? health.get(customerId) : undefined;
  };
  const seen = (entry: CustomerHealth | undefined, at: unknown) => {
    const time = at === null || at === undefined ? null : Number(at);
    if (entry && time !== null && (entry.lastActivityAt === null || time > entry.lastActivityAt))
      entry.lastActivityAt = time;
  };

  for (const project of projects) {
    const entry = of(project.id);
    if (entry) entry.projects += 1;
  }
  const records = await loadRecords(
    db,
    openRows.filter((row) => customerOf.has(row.project_id)),
    now,
  );
  for (const record of records) {
    const entry = of(record.row.project_id);
    if (!entry) continue;
    entry.openRequests += 1;
    const breachedNow =
      escalationLevel(record) === 'breached' ||
      record.firstResponse?.level === 'breached' ||
      record.resolution?.level === 'breached';
    if (breachedNow) entry.breaches += 1;
  }
  for (const row of recentBreaches) {
    const entry = of(row.project_id);
    if (entry) entry.breaches += 1;
  }
  for (const row of concerns) {
    const entry = of(row.project_id);
    if (entry) entry.unansweredConcerns += Number(row.n);
  }
  for (const row of [...requested, ...feedbackAt]) seen(of(row.project_id), row.at);
  const lastByPerson = new Map(audited.map((row) => [row.actor_id, row.at]));
  for (const person of people) seen(health.get(person.customer_id as string), lastByPerson.get(person.user_id));

  const list = [...health.values()];
  for (const entry of list) {
    entry.daysSinceActivity = entry.lastActivityAt === null ? null : Math.floor((now - entry.lastActivityAt) / day);
    entry.level =
      entry.breaches > 0
        ? 'critical'
        : entry.unansweredConcerns > 0 || (entry.daysSinceActivity ?? 0) >= quietDays
          ? 'attention'
          : 'healthy';
  }
  return list.sort(worstFirst);
}

const levelRank = { critical: 0, attention: 1, healthy: 2 } as const;

/** Worst first: level, then breaches, unanswered concerns, open requests, the longest silence, name. */
export function worstFirst(a: CustomerHealth, b: CustomerHealth): number {
  return (
    levelRank[a.level] - levelRank[b.level] ||
    b.breaches - a.breaches ||
    b.unansweredConcerns - a.unansweredConcerns ||
    b.openRequests - a.openRequests ||
    (b.daysSinceActivity ?? -1) - (a.daysSinceActivity ?? -1) ||
    a.customerName.localeCompare(b.customerName)
  );
}
