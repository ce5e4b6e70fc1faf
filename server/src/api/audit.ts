/**
 * The audit log, for workspace owners and admins: newest first, filtered by action, actor and time,
 * paged with `before`.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { adminWorkspace } from '../access/guards.ts';
import { auditActions, listAudit } from '../audit/auditLog.ts';
import { type ApiEnv, caller, services } from './context.ts';
import { errors, id, json } from './schemas.ts';

const Entry = z
  .object({
    id: z.number(),
    at: z.number(),
    action: z.string(),
    actorId: z.string().nullable(),
    workspaceId: z.string().nullable(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');

const Query = z.object({
  action: z.enum(auditActions).optional(),
  actorId: id.optional(),
  since: z.coerce.number().int().min(0).optional().describe('Only entries at or after this time (ms since epoch)'),
  before: z.coerce.number().int().min(1).optional().describe('Only entries with a smaller id (paging)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditRoutes = new OpenAPIHono<ApiEnv>();

auditRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/audit',
    tags: ['audit'],
    request: { params: z.object({ workspaceId: id }), query: Query },
    responses: { 200: json(z.array(Entry), 'Audit entries, newest first'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await adminWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    return c.json(await listAudit(db, workspace.id, c.req.valid('query')), 200);
  },
);
