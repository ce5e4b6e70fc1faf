/**
 * Service teams through REST: the workspace team lists them (to route requests and feedback);
 * owners and admins create, rename and archive them and choose their members, who must be on the
 * workspace team. Every change is audited. Customers get the 404 of a workspace they are not on, so
 * team names never reach them.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { adminWorkspace, teamWorkspace } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayManageServiceTeams, mayReadServiceTeams } from '../access/policies/feedback.ts';
import { type AuditAction, recordAudit } from '../audit/auditLog.ts';
import { AppError, Invalid, NotFound } from '../errors.ts';
import {
  addTeamMember,
  getServiceTeam,
  insertServiceTeam,
  listServiceTeams,
  liveTeamNamed,
  removeTeamMember,
  updateServiceTeam,
} from '../org/serviceTeams.ts';
import { workspaceRole } from '../org/workspaces.ts';
import type { Db } from '../storage/database.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, errors, id, json } from './schemas.ts';

const teamName = z.string().trim().min(1).max(60);

const ServiceTeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    archived: z.boolean(),
    createdAt: z.number(),
    members: z.array(z.object({ userId: z.string(), name: z.string() })),
  })
  .openapi('ServiceTeam');

const WorkspaceParams = z.object({ workspaceId: id });
const TeamParams = z.object({ workspaceId: id, teamId: id });
const MemberParams = z.object({ workspaceId: id, teamId: id, userId: id });

export const serviceTeamRoutes = new OpenAPIHono<ApiEnv>();

const duplicate = (name: string) => new AppError('conflict', `There is already a team called “${name}”.`);

/** The audit entry of a change, written in the change's transaction. */
async function audit(tx: Db, c: ApiContext, action: AuditAction, workspaceId: string, teamId: string, details: object) {
  await recordAudit(tx, {
    action,
    actorId: caller(c).user.id,
    workspaceId,
    target: { type: 'service_team', id: teamId },
    details: { ...details },
    ip: clientAddress(c),
  });
}

/** The team, checked to belong to the workspace; the caller's admin rights already enforced. */
async function teamOf(c: ApiContext, workspaceId: string, teamId: string) {
  const team = await getServiceTeam(services(c).db, workspaceId, teamId);
  if (!team) throw NotFound('Team not found.');
  return team;
}

serviceTeamRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/teams',
    tags: ['service teams'],
    request: { params: WorkspaceParams },
    responses: { 200: json(z.array(ServiceTeamSchema), "The workspace's service teams, archived ones too"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace, role } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    enforce(mayReadServiceTeams(role));
    return c.json(await listServiceTeams(db, workspace.id), 200);
  },
);

serviceTeamRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces/{workspaceId}/teams',
    tags: ['service teams'],
    request: { params: WorkspaceParams, ...body(z.object({ name: teamName })) },
    responses: { 201: json(ServiceTeamSchema, 'Created, with no members yet'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace, role } = await adminWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    enforce(mayManageServiceTeams(role));
    const { name } = c.req.valid('json');
    const teamId = await db.transaction().execute(async (tx) => {
      if (await liveTeamNamed(tx, workspace.id, name)) throw duplicate(name);
      const created = await insertServiceTeam(tx, workspace.id, name);
      await audit(tx, c, 'service_team.created', workspace.id, created, { name });
      return created;
    });
    return c.json(await teamOf(c, workspace.id, teamId), 201);
  },
);

serviceTeamRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/workspaces/{workspaceId}/teams/{teamId}',
    tags: ['service teams'],
    request: {
      params: TeamParams,
      ...body(z.object({ name: teamName.optional(), archived: z.boolean().optional() })),
    },
    responses: { 200: json(ServiceTeamSchema, 'Renamed or archived (or brought back)'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspaceId, teamId } = c.req.valid('param');
    const { workspace, role } = await adminWorkspace(db, caller(c).user.id, workspaceId);
    enforce(mayManageServiceTeams(role));
    const before = await teamOf(c, workspace.id, teamId);
    const change = c.req.valid('json');
    if (change.name === undefined && change.archived === undefined) throw Invalid('Give a new name or archived.');
    const name = change.name ?? before.name;
    const live = !(change.archived ?? before.archived);
    await db.transaction().execute(async (tx) => {
      if (live && (await liveTeamNamed(tx, workspace.id, name, teamId))) throw duplicate(name);
      await updateServiceTeam(tx, teamId, change);
      await audit(tx, c, 'service_team.changed', workspace.id, teamId, {
        ...(change.name !== undefined && change.name !== before.name ? { name: { from: before.name, to: name } } : {}),
        ...(change.archived !== undefined && change.archived !== before.archived ? { archived: change.archived } : {}),
      });
    });
    return c.json(await teamOf(c, workspace.id, teamId), 200);
  },
);

serviceTeamRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/workspaces/{workspaceId}/teams/{teamId}/members/{userId}',
    tags: ['service teams'],
    request: { params: MemberParams },
    responses: { 200: json(ServiceTeamSchema, 'They are a member (already were, or now)'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspaceId, teamId, userId } = c.req.valid('param');
    const { workspace, role } = await adminWorkspace(db, caller(c).user.id, workspaceId);
    enforce(mayManageServiceTeams(role));
    await teamOf(c, workspace.id, teamId);
    if (!(await workspaceRole(db, workspace.id, userId)))
      throw Invalid('Only people on the workspace team can be members of a service team.');
    await db.transaction().execute(async (tx) => {
      if (await addTeamMember(tx, teamId, userId))
        await audit(tx, c, 'service_team.member_added', workspace.id, teamId, { userId });
    });
    return c.json(await teamOf(c, workspace.id, teamId), 200);
  },
);

serviceTeamRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/workspaces/{workspaceId}/teams/{teamId}/members/{userId}',
    tags: ['service teams'],
    request: { params: MemberParams },
    responses: { 200: json(ServiceTeamSchema, 'They are no longer a member'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspaceId, teamId, userId } = c.req.valid('param');
    const { workspace, role } = await adminWorkspace(db, caller(c).user.id, workspaceId);
    enforce(mayManageServiceTeams(role));
    await teamOf(c, workspace.id, teamId);
    await db.transaction().execute(async (tx) => {
      if (await removeTeamMember(tx, teamId, userId))
        await audit(tx, c, 'service_team.member_removed', workspace.id, teamId, { userId });
    });
    return c.json(await teamOf(c, workspace.id, teamId), 200);
  },
);
