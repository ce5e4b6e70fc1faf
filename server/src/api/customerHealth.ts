/**
 * Customer health through REST: the team's summary of every customer organisation of a workspace,
 * worst first (`feedback/customerHealth.ts` says what counts). Customers get the 404 of a workspace
 * they are not on.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { teamWorkspace } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayReadCustomerHealth } from '../access/policies/feedback.ts';
import { customerHealth } from '../feedback/customerHealth.ts';
import { type ApiEnv, caller, services } from './context.ts';
import { errors, id, json } from './schemas.ts';

const CustomerHealthSchema = z
  .object({
    customerId: z.string(),
    customerName: z.string(),
    projects: z.number(),
    openRequests: z.number(),
    breaches: z.number(),
    unansweredConcerns: z.number(),
    lastActivityAt: z.number().nullable(),
    daysSinceActivity: z.number().nullable(),
    level: z.enum(['critical', 'attention', 'healthy']),
  })
  .openapi('CustomerHealth');

export const customerHealthRoutes = new OpenAPIHono<ApiEnv>();

customerHealthRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/customer-health',
    tags: ['feedback'],
    request: { params: z.object({ workspaceId: id }) },
    responses: {
      200: json(z.object({ customers: z.array(CustomerHealthSchema) }), 'Every customer, worst first'),
      ...errors,
    },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace, role } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    enforce(mayReadCustomerHealth(role));
    return c.json({ customers: await customerHealth(db, workspace.id) }, 200);
  },
);
