/**
 * SLA policies through REST: the workspace's, and a project's override (`inherited: true` when
 * the project follows its workspace; DELETE reverts to it). The team reads them; owners and admins
 * set them. Invalid policies (unknown time zone, negative target, …) are refused with sentences
 * from `requests/slaPolicy.ts`, and nothing is stored.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { adminWorkspace, teamWorkspace, visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayManageProjectMembers, mayWorkInProject } from '../access/policies/projects.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { Invalid } from '../errors.ts';
import { projectOverride, removeProjectOverride, savePolicy, workspacePolicy } from '../requests/policyStore.ts';
import { type SlaPolicy, SlaPolicySchema } from '../requests/slaPolicy.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, errors, id, json } from './schemas.ts';

const PolicyBody = z.object({ policy: z.unknown() }).openapi('SlaPolicyInput');
const PolicyAnswer = z.object({ policy: z.unknown(), inherited: z.boolean() }).openapi('SlaPolicyAnswer');

export const slaPolicyRoutes = new OpenAPIHono<ApiEnv>();

/** The policy schema validates here (not in the route's body schema) so its sentences reach the caller as they are. */
function validPolicy(input: unknown): SlaPolicy {
  const parsed = SlaPolicySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    path: ['policy', ...issue.path].join('.'),
    message: issue.message,
  }));
  throw Invalid([...new Set(details.map((d) => d.message))].join(' '), details);
}

async function audit(
  c: ApiContext,
  workspaceId: string,
  action: 'sla_policy.set' | 'sla_policy.removed',
  projectId: string | null,
) {
  await recordAudit(services(c).db, {
    action,
    actorId: caller(c).user.id,
    workspaceId,
    target: { type: projectId ? 'project' : 'workspace', id: projectId ?? workspaceId },
    ip: clientAddress(c),
  });
}

const WorkspaceParams = z.object({ workspaceId: id });
const ProjectParams = z.object({ projectId: id });

slaPolicyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/sla-policy',
    tags: ['requests'],
    request: { params: WorkspaceParams },
    responses: { 200: json(PolicyAnswer, "The workspace's policy"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    return c.json({ policy: await workspacePolicy(db, workspace.id), inherited: false }, 200);
  },
);

slaPolicyRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/workspaces/{workspaceId}/sla-policy',
    tags: ['requests'],
    request: { params: WorkspaceParams, ...body(PolicyBody) },
    responses: { 200: json(PolicyAnswer, 'Stored'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { user } = caller(c);
    const { workspace } = await adminWorkspace(db, user.id, c.req.valid('param').workspaceId);
    const policy = validPolicy(c.req.valid('json').policy);
    await savePolicy(db, { workspaceId: workspace.id, projectId: null }, policy, user.id);
    await audit(c, workspace.id, 'sla_policy.set', null);
    return c.json({ policy, inherited: false }, 200);
  },
);

slaPolicyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/sla-policy',
    tags: ['requests'],
    request: { params: ProjectParams },
    responses: { 200: json(PolicyAnswer, "The project's effective policy"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { project, standing } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    enforce(mayWorkInProject(standing));
    const own = await projectOverride(db, project.workspaceId, project.id);
    return c.json({ policy: own ?? (await workspacePolicy(db, project.workspaceId)), inherited: own === null }, 200);
  },
);

slaPolicyRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/sla-policy',
    tags: ['requests'],
    request: { params: ProjectParams, ...body(PolicyBody) },
    responses: { 200: json(PolicyAnswer, 'Stored as the project override'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { user } = caller(c);
    const { project, standing } = await visibleProject(db, user.id, c.req.valid('param').projectId);
    enforce(mayManageProjectMembers(standing));
    const policy = validPolicy(c.req.valid('json').policy);
    await savePolicy(db, { workspaceId: project.workspaceId, projectId: project.id }, policy, user.id);
    await audit(c, project.workspaceId, 'sla_policy.set', project.id);
    return c.json({ policy, inherited: false }, 200);
  },
);

slaPolicyRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/projects/{projectId}/sla-policy',
    tags: ['requests'],
    request: { params: ProjectParams },
    responses: { 200: json(PolicyAnswer, "Reverted: the workspace's policy applies"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { project, standing } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    enforce(mayManageProjectMembers(standing));
    if (await removeProjectOverride(db, project.workspaceId, project.id))
      await audit(c, project.workspaceId, 'sla_policy.removed', project.id);
    return c.json({ policy: await workspacePolicy(db, project.workspaceId), inherited: true }, 200);
  },
);
