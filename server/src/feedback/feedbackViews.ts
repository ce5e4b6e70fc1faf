/**
 * What each side sees of feedback entries, loaded for any number of them in a few queries. The
 * team gets the routing (service team), the project and the customer's name; the customer who gave
 * the feedback gets their entry, the answer and the request it became — never the team it was
 * routed to. The one place that decides what a customer sees of feedback.
 */
import type { FeedbackView } from '@atrium/shared/model/feedback.ts';
import { mirroredItem } from '../content/itemVisibility.ts';
import type { Db } from '../storage/database.ts';
import type { FeedbackRow } from './feedbackStore.ts';

export type Side = 'team' | 'customer';

const unique = (values: Array<string | null>) => [...new Set(values.filter((value): value is string => !!value))];

export async function feedbackViews(db: Db, rows: FeedbackRow[], side: Side): Promise<FeedbackView[]> {
  if (rows.length === 0) return [];
  const visible = side === 'team' ? rows : await stillShared(db, rows);
  if (visible.length === 0) return [];
  const userIds = unique(visible.flatMap((row) => [row.author_id, row.answered_by]));
  const projectIds = unique(visible.map((row) => row.project_id));
  const requestIds = unique(visible.map((row) => row.request_id));
  const teamIds = unique(visible.map((row) => row.team_id));
  const [users, items, projects, requests, teams] = await Promise.all([
    db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute(),
    db
      .selectFrom('item_visibility')
      .select(['project_id', 'item_id', 'title'])
      .where('project_id', 'in', projectIds)
      .where('item_id', 'in', unique(visible.map((row) => row.item_id)))
      .execute(),
    db
      .selectFrom('projects as p')
      .leftJoin('customers as c', 'c.id', 'p.customer_id')
      .select(['p.id', 'p.name', 'c.name as customerName'])
      .where('p.id', 'in', projectIds)
      .execute(),
    requestIds.length
      ? db.selectFrom('requests').select(['id', 'number']).where('id', 'in', requestIds).execute()
      : Promise.resolve([]),
    side === 'team' && teamIds.length
      ? db.selectFrom('service_teams').select(['id', 'name']).where('id', 'in', teamIds).execute()
      : Promise.resolve([]),
  ]);
  const name = new Map(users.map((user) => [user.id, user.name]));
  const title = new Map(items.map((item) => [`${item.project_id}/${item.item_id}`, item.title]));
  const project = new Map(projects.map((p) => [p.id, p]));
  const number = new Map(requests.map((request) => [request.id, request.number]));
  const teamName = new Map(teams.map((team) => [team.id, team.name]));
  return visible.map((row) => {
    const view: FeedbackView = {
      id: row.id,
      projectId: row.project_id,
      itemId: row.item_id,
      itemTitle: title.get(`${row.project_id}/${row.item_id}`) ?? '',
      targetKind: row.target_kind,
      targetId: row.target_id,
      authorId: row.author_id,
      authorName: name.get(row.author_id) ?? 'Deleted account',
      sentiment: row.sentiment,
      note: row.note,
      createdAt: row.created_at,
      answer: row.answer,
      answeredAt: row.answered_at,
      answeredByName: row.answered_by ? (name.get(row.answered_by) ?? null) : null,
      requestId: row.request_id,
      requestNumber: row.request_id ? (number.get(row.request_id) ?? null) : null,
    };
    if (side === 'customer') return view;
    const where = project.get(row.project_id);
    return {
      ...view,
      projectName: where?.name ?? '',
      customerName: where?.customerName ?? null,
      teamId: row.team_id,
      teamName: row.team_id ? (teamName.get(row.team_id) ?? null) : null,
    };
  });
}

/**
 * A customer's entries on items still shared with them: once the team unshares (or deletes) an
 * item, nothing about it — its title included — reaches the customer, their reaction on it neither.
 */
async function stillShared(db: Db, rows: FeedbackRow[]): Promise<FeedbackRow[]> {
  const shared = new Map<string, boolean>();
  for (const key of new Set(rows.map((row) => `${row.project_id}/${row.item_id}`))) {
    const [projectId, itemId] = key.split('/') as [string, string];
    shared.set(key, (await mirroredItem(db, projectId, itemId))?.shared ?? false);
  }
  return rows.filter((row) => shared.get(`${row.project_id}/${row.item_id}`));
}
