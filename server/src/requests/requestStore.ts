/**
 * The request rows: the `requests` table (the source of truth for status, routing and the clocks'
 * inputs), its append-only `request_events`, and the links of change requests to plan items. Only
 * the request actions (`requestActions.ts`) and derivations write here, each inside the transaction
 * of the change it records (audit included), so a row never moves without its event.
 */
import type { RequestStatus } from '@atrium/shared/model/requests.ts';
import type { Insertable, Selectable } from 'kysely';
import { type Db, locksRows } from '../storage/database.ts';
import type { RequestsTable } from '../storage/schema.ts';

export type RequestRow = Selectable<RequestsTable>;

export type RequestEventKind =
  | 'created'
  | 'status'
  | 'priority'
  | 'type'
  | 'assignee'
  | 'team'
  | 'decision'
  | 'link'
  | 'unlink'
  | 'first_response'
  | 'escalation';

/** Routing and escalations are the team's; everything else both sides see. */
const internalKinds: ReadonlySet<RequestEventKind> = new Set(['assignee', 'team', 'escalation']);

export type RequestEvent = {
  at: number;
  actorId: string;
  kind: string;
  from: string | null;
  to: string | null;
  internal: boolean;
};

export async function getRequest(db: Db, projectId: string, requestId: string): Promise<RequestRow | undefined> {
  return db
    .selectFrom('requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export async function getRequestById(db: Db, requestId: string): Promise<RequestRow | undefined> {
  return db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirst();
}

/**
 * Inserts a new request with the project's next number (call inside a transaction). The project's
 * row is locked first on PostgreSQL, so two requests raised at once cannot both take the same
 * number (SQLite runs one transaction at a time anyway).
 */
export async function insertRequest(db: Db, row: Omit<Insertable<RequestsTable>, 'number'>): Promise<RequestRow> {
  if (!db.isTransaction) throw new Error('insertRequest needs a transaction');
  await db
    .selectFrom('projects')
    .select('id')
    .where('id', '=', row.project_id)
    .$if(locksRows(db), (query) => query.forUpdate())
    .execute();
  const last = await db
    .selectFrom('requests')
    .select((eb) => eb.fn.max('number').as('number'))
    .where('project_id', '=', row.project_id)
    .executeTakeFirst();
  const number = Number(last?.number ?? 0) + 1;
  await db
    .insertInto('requests')
    .values({ ...row, number })
    .execute();
  return (await getRequestById(db, row.id)) as RequestRow;
}

export async function updateRequest(
  db: Db,
  requestId: string,
  values: Partial<Omit<RequestRow, 'id' | 'project_id' | 'workspace_id' | 'number'>>,
  onlyIf?: { status: RequestStatus },
): Promise<boolean> {
  let query = db
    .updateTable('requests')
    .set({ ...values, updated_at: values.updated_at ?? Date.now() })
    .where('id', '=', requestId);
  if (onlyIf) query = query.where('status', '=', onlyIf.status);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function appendEvent(
  db: Db,
  event: {
    requestId: string;
    at: number;
    actorId: string;
    kind: RequestEventKind;
    from?: string | null;
    to?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('request_events')
    .values({
      request_id: event.requestId,
      at: event.at,
      actor_id: event.actorId,
      kind: event.kind,
      from_value: event.from ?? null,
      to_value: event.to ?? null,
      internal: internalKinds.has(event.kind) ? 1 : 0,
    })
    .execute();
}

/** Events of many requests, in order, grouped by request (`kinds` narrows them, e.g. status only). */
export async function eventsOf(
  db: Db,
  requestIds: string[],
  kinds?: RequestEventKind[],
): Promise<Map<string, RequestEvent[]>> {
  const byRequest = new Map<string, RequestEvent[]>();
  for (const chunk of chunks(requestIds)) {
    let query = db.selectFrom('request_events').selectAll().where('request_id', 'in', chunk);
    if (kinds) query = query.where('kind', 'in', kinds);
    for (const row of await query.orderBy('id').execute()) {
      const list = byRequest.get(row.request_id) ?? [];
      list.push({
        at: row.at,
        actorId: row.actor_id,
        kind: row.kind,
        from: row.from_value,
        to: row.to_value,
        internal: row.internal === 1,
      });
      byRequest.set(row.request_id, list);
    }
  }
  return byRequest;
}

export async function linksOf(db: Db, requestIds: string[]): Promise<Map<string, string[]>> {
  const byRequest = new Map<string, string[]>();
  for (const chunk of chunks(requestIds)) {
    const rows = await db
      .selectFrom('request_links')
      .select(['request_id', 'item_id'])
      .where('request_id', 'in', chunk)
      .orderBy('linked_at')
      .execute();
    for (const row of rows) byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row.item_id]);
  }
  return byRequest;
}

/** Whether the link was added (false: it was there already). */
export async function addLink(
  db: Db,
  link: { requestId: string; itemId: string; projectId: string; by: string; at: number },
): Promise<boolean> {
  const result = await db
    .insertInto('request_links')
    .values({
      request_id: link.requestId,
      item_id: link.itemId,
      project_id: link.projectId,
      linked_at: link.at,
      linked_by: link.by,
    })
    .onConflict((oc) => oc.columns(['request_id', 'item_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeLink(db: Db, requestId: string, itemId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('request_links')
    .where('request_id', '=', requestId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** SQLite allows at most 999 bound parameters in older builds: query long id lists in parts. */
function* chunks(ids: string[], size = 500): Generator<string[]> {
  for (let start = 0; start < ids.length; start += size) yield ids.slice(start, start + size);
}
