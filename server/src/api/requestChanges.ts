/**
 * Changing a request through REST: its status (either side, within the workflow of each), and —
 * the team's only — priority, type, assignee and owner team, a change request's links to plan
 * items, and its decision. Every change goes through `requests/requestActions.ts`.
 */

import type { ProjectStanding } from '@atrium/shared/access/roles.ts';
import { changeRequestType, requestPriorities, requestStatuses } from '@atrium/shared/model/requests.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayListRequests, mayMoveRequest, maySeeRouting, mayWorkRequest } from '../access/policies/requests.ts';
import { isItemShared, mirroredItem } from '../content/itemVisibility.ts';
import { AppError, Invalid, NotFound } from '../errors.ts';
import type { Project } from '../org/projects.ts';
import { changeLinks, decideRequest, moveRequest, patchRequest } from '../requests/requestActions.ts';
import { isLiveTeam, isProjectPerson } from '../requests/requestPeople.ts';
import { loadRecord } from '../requests/requestRecords.ts';
import { getRequest, type RequestRow } from '../requests/requestStore.ts';
import { findRequestType } from '../requests/requestTypes.ts';
import { toSummary } from '../requests/requestViews.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { RequestParams, RequestSummarySchema } from './requestSchemas.ts';
import { body, errors, id, json } from './schemas.ts';

export const requestChangeRoutes = new OpenAPIHono<ApiEnv>();

/** The request as the caller may address it: outsiders and missing requests get the same 404. */
async function visibleRequest(
  c: ApiContext,
  params: { projectId: string; requestId: string },
): Promise<{ project: Project; standing: ProjectStanding; row: RequestRow }> {
  const { db } = services(c);
  const { project, standing } = await visibleProject(db, caller(c).user.id, params.projectId);
  enforce(mayListRequests(standing));
  const row = await getRequest(db, project.id, params.requestId);
  // A customer addresses only a request whose item is shared with them (a request is always shared
  // unless the team unshared its plan item over sync): anything else is as missing as a wrong id.
  if (!row || (!maySeeRouting(standing) && !(await isItemShared(db, project.id, row.id))))
    throw NotFound('Request not found.');
  return { project, standing, row };
}

function actions(c: ApiContext) {
  const { db, documents, serviceEvents } = services(c);
  return { db, documents, events: serviceEvents };
}

const actor = (c: ApiContext) => ({ id: caller(c).user.id, ip: clientAddress(c) });

const summary = json(RequestSummarySchema, 'The request after the change');

requestChangeRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/requests/{requestId}/status',
    tags: ['requests'],
    request: { params: RequestParams, ...body(z.object({ status: z.enum(requestStatuses) })) },
    responses: { 200: summary, 409: json(z.unknown(), 'Not a move the request allows now'), ...errors },
  }),
  async (c) => {
    const { standing, row } = await visibleRequest(c, c.req.valid('param'));
    const { status } = c.req.valid('json');
    const current = await loadRecord(services(c).db, row);
    enforce(
      mayMoveRequest(standing, { from: row.status, to: status, reopenUntil: current.reopenUntil, now: Date.now() }),
    );
    const record = await moveRequest(actions(c), row, actor(c), status);
    return c.json(toSummary(record, maySeeRouting(standing) ? 'team' : 'customer'), 200);
  },
);

const PatchRequest = z
  .object({
    priority: z.enum(requestPriorities).optional(),
    type: z.string().min(1).max(40).optional(),
    assigneeId: id.nullable().optional(),
    teamId: id.nullable().optional(),
  })
  .openapi('PatchRequest');

requestChangeRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/projects/{projectId}/requests/{requestId}',
    tags: ['requests'],
    request: { params: RequestParams, ...body(PatchRequest) },
    responses: { 200: summary, ...errors },
  }),
  async (c) => {
    const { project, standing, row } = await visibleRequest(c, c.req.valid('param'));
    enforce(mayWorkRequest(standing));
    const input = c.req.valid('json');
    const { db } = services(c);
    if (input.type !== undefined) {
      const type = await findRequestType(db, project.workspaceId, input.type);
      if (!type) throw Invalid(`Unknown request type “${input.type}”.`);
      if (type.archived && type.key !== row.type_key)
        throw Invalid(`The request type “${type.name}” is no longer in use.`);
    }
    if (input.assigneeId && !(await isProjectPerson(db, project, input.assigneeId)))
      throw Invalid('The assignee must be someone on this project: the team, or one of the customer’s people.');
    if (input.teamId && !(await isLiveTeam(db, project.workspaceId, input.teamId)))
      throw Invalid('That team does not exist in this workspace (or was archived).');
    const record = await patchRequest(actions(c), row, actor(c), {
      priority: input.priority,
      typeKey: input.type,
      assigneeId: input.assigneeId,
      teamId: input.teamId,
    });
    return c.json(toSummary(record, 'team'), 200);
  },
);

/** Links and decisions are about change requests only. */
function changeRequestOnly(row: RequestRow): void {
  if (row.type_key !== changeRequestType)
    throw new AppError('conflict', 'Only change requests are linked to plan items and accepted or declined.');
}

requestChangeRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/requests/{requestId}/links',
    tags: ['requests'],
    request: { params: RequestParams, ...body(z.object({ itemId: id })) },
    responses: { 200: summary, ...errors },
  }),
  async (c) => {
    const { project, standing, row } = await visibleRequest(c, c.req.valid('param'));
    enforce(mayWorkRequest(standing));
    changeRequestOnly(row);
    const { itemId } = c.req.valid('json');
    if (itemId === row.id || !(await mirroredItem(services(c).db, project.id, itemId)))
      throw NotFound('Item not found.');
    const current = await loadRecord(services(c).db, row);
    if (current.linkedItemIds.includes(itemId)) return c.json(toSummary(current, 'team'), 200);
    const record = await changeLinks(actions(c), row, actor(c), { kind: 'link', itemId });
    return c.json(toSummary(record, 'team'), 200);
  },
);

requestChangeRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/projects/{projectId}/requests/{requestId}/links/{itemId}',
    tags: ['requests'],
    request: { params: RequestParams.extend({ itemId: id }) },
    responses: { 200: summary, ...errors },
  }),
  async (c) => {
    const { itemId, ...params } = c.req.valid('param');
    const { standing, row } = await visibleRequest(c, params);
    enforce(mayWorkRequest(standing));
    changeRequestOnly(row);
    const current = await loadRecord(services(c).db, row);
    if (!current.linkedItemIds.includes(itemId)) throw NotFound('That item is not linked to this request.');
    const record = await changeLinks(actions(c), row, actor(c), { kind: 'unlink', itemId });
    return c.json(toSummary(record, 'team'), 200);
  },
);

requestChangeRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/requests/{requestId}/decision',
    tags: ['requests'],
    request: { params: RequestParams, ...body(z.object({ decision: z.enum(['accepted', 'declined']) })) },
    responses: { 200: summary, ...errors },
  }),
  async (c) => {
    const { standing, row } = await visibleRequest(c, c.req.valid('param'));
    enforce(mayWorkRequest(standing));
    changeRequestOnly(row);
    const record = await decideRequest(actions(c), row, actor(c), c.req.valid('json').decision);
    return c.json(toSummary(record, 'team'), 200);
  },
);
