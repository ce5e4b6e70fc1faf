/**
 * SLA reports through REST: a project's, and a workspace's — all its projects, or one customer
 * organisation's (`customerId`). Both take an optional day range (`from`, `to`, `YYYY-MM-DD`, UTC;
 * the last 30 days by default); a malformed day, `from` after `to` or a range over a year is a 400.
 * The figures are computed by `requests/slaReport.ts` from the requests' recorded history.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { teamWorkspace, visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayReadProjectSlaReport, mayReadWorkspaceSlaReport } from '../access/policies/slaReports.ts';
import { NotFound } from '../errors.ts';
import { reportRange, slaReport } from '../requests/slaReport.ts';
import type { ApiEnv } from './context.ts';
import { caller, services } from './context.ts';
import { errors, id, json } from './schemas.ts';

const day = z.string().max(40).optional().openapi({ description: 'A UTC day, YYYY-MM-DD', example: '2026-11-30' });
const RangeQuery = z.object({ from: day, to: day });

const ClockFiguresSchema = z.object({
  met: z.number(),
  breached: z.number(),
  running: z.number(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});
const SlaReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    scope: z.object({
      kind: z.enum(['project', 'customer', 'workspace']),
      name: z.string(),
      workspaceId: z.string(),
      projectId: z.string().nullable(),
      customerId: z.string().nullable(),
    }),
    projects: z.array(z.object({ id: z.string(), name: z.string() })),
    requests: z.number(),
    firstResponse: ClockFiguresSchema,
    resolution: ClockFiguresSchema,
    weeks: z.array(
      z.object({
        weekStart: z.string(),
        firstResponseMet: z.number(),
        firstResponseBreached: z.number(),
        resolutionMet: z.number(),
        resolutionBreached: z.number(),
      }),
    ),
  })
  .openapi('SlaReport');

export const slaReportRoutes = new OpenAPIHono<ApiEnv>();

slaReportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/sla-report',
    tags: ['requests'],
    request: { params: z.object({ projectId: id }), query: RangeQuery },
    responses: { 200: json(SlaReportSchema, "The project's SLA report over the range"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { project, standing } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    enforce(mayReadProjectSlaReport(standing));
    const range = reportRange(c.req.valid('query'), Date.now());
    const report = await slaReport(db, [project], range);
    const scope = {
      kind: 'project' as const,
      name: project.name,
      workspaceId: project.workspaceId,
      projectId: project.id,
      customerId: project.customerId,
    };
    return c.json({ ...report, scope, projects: [{ id: project.id, name: project.name }] }, 200);
  },
);

slaReportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/sla-report',
    tags: ['requests'],
    request: {
      params: z.object({ workspaceId: id }),
      query: RangeQuery.extend({ customerId: id.optional() }),
    },
    responses: {
      200: json(SlaReportSchema, "The workspace's SLA report over the range, or one customer organisation's"),
      ...errors,
    },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace, role } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    enforce(mayReadWorkspaceSlaReport(role));
    const query = c.req.valid('query');
    const range = reportRange(query, Date.now());
    const customer = query.customerId
      ? await db
          .selectFrom('customers')
          .select(['id', 'name'])
          .where('id', '=', query.customerId)
          .where('workspace_id', '=', workspace.id)
          .executeTakeFirst()
      : null;
    if (query.customerId && !customer) throw NotFound('Customer not found in this workspace.');
    let projectQuery = db
      .selectFrom('projects')
      .select(['id', 'name', 'workspace_id as workspaceId'])
      .where('workspace_id', '=', workspace.id);
    if (customer) projectQuery = projectQuery.where('customer_id', '=', customer.id);
    const projects = await projectQuery.orderBy('name').execute();
    const report = await slaReport(db, projects, range);
    const scope = {
      kind: customer ? ('customer' as const) : ('workspace' as const),
      name: customer?.name ?? workspace.name,
      workspaceId: workspace.id,
      projectId: null,
      customerId: customer?.id ?? null,
    };
    return c.json({ ...report, scope, projects: projects.map(({ id, name }) => ({ id, name })) }, 200);
  },
);
