/**
 * Request types through REST: the project's live types for anyone raising a request, and the
 * workspace's list (archived ones too) that owners and admins edit in settings.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { adminWorkspace, teamWorkspace, visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayListRequests } from '../access/policies/requests.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { createRequestType, listRequestTypes, updateRequestType } from '../requests/requestTypes.ts';
import { type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, errors, id, json } from './schemas.ts';

const TypeName = z.string().trim().min(1).max(60);
const RequestTypeSchema = z
  .object({ key: z.string(), name: z.string(), position: z.number(), archived: z.boolean() })
  .openapi('RequestType');
const WorkspaceParams = z.object({ workspaceId: id });

export const requestTypeRoutes = new OpenAPIHono<ApiEnv>();

requestTypeRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/request-types',
    tags: ['requests'],
    request: { params: z.object({ projectId: id }) },
    responses: {
      200: json(z.object({ types: z.array(z.object({ key: z.string(), name: z.string() })) }), 'Types in use'),
      ...errors,
    },
  }),
  async (c) => {
    const { db } = services(c);
    const { project, standing } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    enforce(mayListRequests(standing));
    const types = (await listRequestTypes(db, project.workspaceId)).filter((type) => !type.archived);
    return c.json({ types: types.map(({ key, name }) => ({ key, name })) }, 200);
  },
);

requestTypeRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/request-types',
    tags: ['requests'],
    request: { params: WorkspaceParams },
    responses: { 200: json(z.object({ types: z.array(RequestTypeSchema) }), 'Every type, archived too'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    return c.json({ types: await listRequestTypes(db, workspace.id) }, 200);
  },
);

requestTypeRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces/{workspaceId}/request-types',
    tags: ['requests'],
    request: { params: WorkspaceParams, ...body(z.object({ name: TypeName })) },
    responses: { 201: json(RequestTypeSchema, 'Created'), 409: json(z.unknown(), 'A type like it exists'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { user } = caller(c);
    const { workspace } = await adminWorkspace(db, user.id, c.req.valid('param').workspaceId);
    const type = await createRequestType(db, workspace.id, c.req.valid('json').name);
    await recordAudit(db, {
      action: 'request_type.created',
      actorId: user.id,
      workspaceId: workspace.id,
      target: { type: 'request_type', id: type.key },
      details: { name: type.name },
      ip: clientAddress(c),
    });
    return c.json(type, 201);
  },
);

requestTypeRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/workspaces/{workspaceId}/request-types/{key}',
    tags: ['requests'],
    request: {
      params: WorkspaceParams.extend({ key: z.string().min(1).max(40) }),
      ...body(
        z.object({
          name: TypeName.optional(),
          archived: z.boolean().optional(),
          position: z.number().int().min(0).max(1000).optional(),
        }),
      ),
    },
    responses: { 200: json(RequestTypeSchema, 'Changed'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { user } = caller(c);
    const { workspaceId, key } = c.req.valid('param');
    const { workspace } = await adminWorkspace(db, user.id, workspaceId);
    const change = c.req.valid('json');
    const type = await updateRequestType(db, workspace.id, key, change);
    await recordAudit(db, {
      action: 'request_type.changed',
      actorId: user.id,
      workspaceId: workspace.id,
      target: { type: 'request_type', id: key },
      details: change,
      ip: clientAddress(c),
    });
    return c.json(type, 200);
  },
);
