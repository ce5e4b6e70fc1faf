/**
 * Requests through REST: raising one (as the customer from the portal or "Ask about this", or by
 * the team on someone's behalf), the project's list, one request with its events, the requests an
 * item shows, a customer's own across providers, and the team's queue by SLA urgency. Changes to
 * a request are in `requestChanges.ts`; what each side sees is decided in `requests/requestViews.ts`.
 */
import { isOpenRequest, requestChannels, requestPriorities } from '@atrium/shared/model/requests.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { teamWorkspace, visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import {
  mayListRequests,
  mayRaiseOnBehalf,
  mayRaiseRequest,
  mayReadRequestQueue,
  maySeeRouting,
} from '../access/policies/requests.ts';
import { mirroredItem } from '../content/itemVisibility.ts';
import { Invalid, NotFound } from '../errors.ts';
import { createRequest } from '../requests/requestActions.ts';
import { customerPerson, teamsOf } from '../requests/requestPeople.ts';
import { byUrgency } from '../requests/requestQueue.ts';
import { loadRecord, loadRecords } from '../requests/requestRecords.ts';
import { getRequest, type RequestRow } from '../requests/requestStore.ts';
import { findRequestType } from '../requests/requestTypes.ts';
import { eventViews, toSummary } from '../requests/requestViews.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { itemAccess } from './itemAccess.ts';
import {
  ProjectParams,
  RequestDetail,
  RequestList,
  RequestParams,
  RequestSummarySchema,
  stateQuery,
} from './requestSchemas.ts';
import { body, entityName, errors, id, json } from './schemas.ts';

const day = 24 * 3600_000;
/** How far back a request entered on someone's behalf may say they asked. */
const receivedWindowMs = 30 * day;
/** Clocks of the caller's machine and ours may differ a little; "now" on their side is not the future. */
const clockSkewMs = 60_000;

const RaiseRequest = z
  .object({
    type: z.string().min(1).max(40),
    title: entityName,
    body: z.string().trim().min(1).max(20_000),
    priority: z.enum(requestPriorities).default('normal'),
    aboutItemId: id.optional(),
    requestedBy: id.optional(),
    requesterName: z.string().trim().min(1).max(100).optional(),
    channel: z.enum(requestChannels).optional(),
    receivedAt: z.number().int().optional(),
  })
  .openapi('RaiseRequest');

export const requestRoutes = new OpenAPIHono<ApiEnv>();

function byState(rows: RequestRow[], state: 'open' | 'closed' | 'all'): RequestRow[] {
  if (state === 'all') return rows;
  return rows.filter((row) => isOpenRequest(row.status) === (state === 'open'));
}

/** The summaries each side may see: a customer only requests whose item is shared with them. */
async function summaries(c: ApiContext, rows: RequestRow[], side: 'team' | 'customer') {
  return (await loadRecords(services(c).db, rows))
    .filter((record) => side === 'team' || record.sharedItemIds.has(record.row.id))
    .map((record) => toSummary(record, side));
}

requestRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/requests',
    tags: ['requests'],
    request: { params: ProjectParams, ...body(RaiseRequest) },
    responses: { 201: json(RequestSummarySchema, 'Raised; both sides see it at once'), ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, documents, serviceEvents } = services(c);
    const { project, standing } = await visibleProject(db, user.id, c.req.valid('param').projectId);
    enforce(mayRaiseRequest(standing));
    const input = c.req.valid('json');
    const team = maySeeRouting(standing);
    const onBehalf =
      input.requestedBy !== undefined ||
      input.requesterName !== undefined ||
      input.receivedAt !== undefined ||
      (input.channel !== undefined && input.channel !== 'portal');
    if (onBehalf) enforce(mayRaiseOnBehalf(standing));
    const type = await findRequestType(db, project.workspaceId, input.type);
    if (!type) throw Invalid(`Unknown request type “${input.type}”.`);
    if (type.archived) throw Invalid(`The request type “${type.name}” is no longer in use.`);
    if (input.aboutItemId) {
      const item = await mirroredItem(db, project.id, input.aboutItemId);
      if (!item || (!team && !item.shared)) throw NotFound('Item not found.');
    }
    const now = Date.now();
    const receivedAt = input.receivedAt ?? now;
    if (receivedAt > now + clockSkewMs) throw Invalid('When they asked cannot be in the future.');
    if (receivedAt < now - receivedWindowMs) throw Invalid('When they asked must be within the last 30 days.');
    let requesterName = input.requesterName ?? user.name;
    if (input.requestedBy !== undefined) {
      const person = await customerPerson(db, project, input.requestedBy);
      if (!person) throw Invalid('The person who asked must be one of the customer’s people on this project.');
      requesterName = person.name;
    }
    const record = await createRequest(
      { db, documents, events: serviceEvents },
      project,
      { id: user.id, ip: clientAddress(c) },
      {
        typeKey: type.key,
        title: input.title,
        body: input.body,
        priority: input.priority,
        aboutItemId: input.aboutItemId ?? null,
        // From the portal, the customer asks for themselves.
        requestedBy: team ? (input.requestedBy ?? null) : user.id,
        requesterName,
        channel: input.channel ?? 'portal',
        receivedAt: Math.min(receivedAt, now),
      },
    );
    return c.json(toSummary(record, team ? 'team' : 'customer'), 201);
  },
);

requestRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/requests',
    tags: ['requests'],
    request: { params: ProjectParams, query: stateQuery },
    responses: { 200: json(RequestList, "The project's requests"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { project, standing } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    enforce(mayListRequests(standing));
    const rows = await db
      .selectFrom('requests')
      .selectAll()
      .where('project_id', '=', project.id)
      .orderBy('number', 'desc')
      .execute();
    const side = maySeeRouting(standing) ? 'team' : 'customer';
    return c.json({ requests: await summaries(c, byState(rows, c.req.valid('query').state ?? 'all'), side) }, 200);
  },
);

requestRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/requests/{requestId}',
    tags: ['requests'],
    request: { params: RequestParams },
    responses: { 200: json(RequestDetail, 'The request and what happened to it'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { projectId, requestId } = c.req.valid('param');
    const { project, standing } = await visibleProject(db, caller(c).user.id, projectId);
    enforce(mayListRequests(standing));
    const row = await getRequest(db, project.id, requestId);
    if (!row) throw NotFound('Request not found.');
    const side = maySeeRouting(standing) ? 'team' : 'customer';
    const record = await loadRecord(db, row);
    if (side === 'customer' && !record.sharedItemIds.has(row.id)) throw NotFound('Request not found.');
    return c.json({ ...toSummary(record, side), events: eventViews(record, side) }, 200);
  },
);

requestRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/items/{itemId}/requests',
    tags: ['requests'],
    request: { params: z.object({ projectId: id, itemId: id }) },
    responses: { 200: json(RequestList, 'Requests linked to the item or asked about it'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { projectId, itemId } = c.req.valid('param');
    const { project, standing } = await itemAccess(c, projectId, itemId);
    const rows = await db
      .selectFrom('requests')
      .selectAll()
      .where('project_id', '=', project.id)
      .where((eb) =>
        eb.or([
          eb('about_item_id', '=', itemId),
          eb('id', 'in', eb.selectFrom('request_links').select('request_id').where('item_id', '=', itemId)),
        ]),
      )
      .orderBy('number')
      .execute();
    return c.json({ requests: await summaries(c, rows, maySeeRouting(standing) ? 'team' : 'customer') }, 200);
  },
);

requestRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/me/requests',
    tags: ['requests'],
    request: { query: stateQuery },
    responses: { 200: json(RequestList, 'Your requests as a customer, across providers'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const me = caller(c).user.id;
    // Only projects where the caller is one of the customer's people: a team's requests are its queue.
    const rows = await db
      .selectFrom('requests as r')
      .innerJoin('project_members as pm', (join) =>
        join.onRef('pm.project_id', '=', 'r.project_id').on('pm.user_id', '=', me),
      )
      .selectAll('r')
      .where('pm.role', 'in', ['collaborator', 'viewer'])
      .where((eb) => eb.or([eb('r.requested_by', '=', me), eb('r.raised_by', '=', me), eb('r.assignee_id', '=', me)]))
      .orderBy('r.updated_at', 'desc')
      .execute();
    return c.json(
      { requests: await summaries(c, byState(rows, c.req.valid('query').state ?? 'all'), 'customer') },
      200,
    );
  },
);

requestRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/requests',
    tags: ['requests'],
    request: {
      params: z.object({ workspaceId: id }),
      query: stateQuery.extend({ team: z.string().min(1).max(64).optional() }),
    },
    responses: { 200: json(RequestList, "The team's queue, most urgent first"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const me = caller(c).user.id;
    const { workspace, role } = await teamWorkspace(db, me, c.req.valid('param').workspaceId);
    enforce(mayReadRequestQueue(role));
    const { team, state = 'open' } = c.req.valid('query');
    let query = db.selectFrom('requests').selectAll().where('workspace_id', '=', workspace.id);
    if (state === 'open') query = query.where('status', 'in', ['new', 'in_progress', 'waiting_on_customer']);
    if (state === 'closed') query = query.where('status', 'in', ['resolved', 'closed']);
    if (team === 'none') query = query.where('team_id', 'is', null);
    else if (team === 'mine') {
      const mine = await teamsOf(db, workspace.id, me);
      query = query.where((eb) =>
        eb.or([eb('assignee_id', '=', me), ...(mine.length > 0 ? [eb('team_id', 'in', mine)] : [])]),
      );
    } else if (team) query = query.where('team_id', '=', team);
    const list = await summaries(c, await query.execute(), 'team');
    return c.json({ requests: list.sort(byUrgency) }, 200);
  },
);
