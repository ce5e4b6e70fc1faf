/**
 * Workspaces and their team: list, create, read, change a member's role, remove a member.
 * Only the team sees a workspace; customers' people get 404 for all of it.
 */

import { workspaceRoles } from '@atrium/shared/access/roles.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { inAccessTransaction } from '../access/accessChanges.ts';
import { adminWorkspace, teamWorkspace } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayRemoveFromWorkspace, maySetWorkspaceRole } from '../access/policies/workspaces.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { AppError, NotFound } from '../errors.ts';
import {
  countOwners,
  createWorkspace,
  listTeamWorkspaces,
  listWorkspaceMembers,
  lockTeam,
  removeWorkspaceMember,
  setWorkspaceRole,
  workspaceRole,
} from '../org/workspaces.ts';
import { type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, entityName, errors, id, json, noContent } from './schemas.ts';

const Workspace = z.object({ id: z.string(), name: z.string(), role: z.enum(workspaceRoles) }).openapi('Workspace');
const Member = z
  .object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(workspaceRoles) })
  .openapi('WorkspaceMember');
const WorkspaceParams = z.object({ workspaceId: id });
const MemberParams = z.object({ workspaceId: id, userId: id });

export const workspaceRoutes = new OpenAPIHono<ApiEnv>();

const lastOwner = () =>
  new AppError('conflict', 'A workspace needs at least one owner. Make someone else owner first.');

workspaceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces',
    tags: ['workspaces'],
    responses: { 200: json(z.array(Workspace), 'Workspaces where you are on the team'), 401: errors[401] },
  }),
  async (c) =>
    c.json(
      (await listTeamWorkspaces(services(c).db, caller(c).user.id)).map(({ id, name, role }) => ({ id, name, role })),
      200,
    ),
);

workspaceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces',
    tags: ['workspaces'],
    request: body(z.object({ name: entityName })),
    responses: { 201: json(Workspace, 'Created; you are its owner'), 400: errors[400], 401: errors[401] },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db } = services(c);
    const workspace = await createWorkspace(db, c.req.valid('json').name, user.id);
    await recordAudit(db, {
      action: 'workspace.created',
      actorId: user.id,
      workspaceId: workspace.id,
      ip: clientAddress(c),
    });
    return c.json({ id: workspace.id, name: workspace.name, role: 'owner' as const }, 201);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}',
    tags: ['workspaces'],
    request: { params: WorkspaceParams },
    responses: { 200: json(Workspace, 'The workspace'), 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { workspace, role } = await teamWorkspace(
      services(c).db,
      caller(c).user.id,
      c.req.valid('param').workspaceId,
    );
    return c.json({ id: workspace.id, name: workspace.name, role }, 200);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/members',
    tags: ['workspaces'],
    request: { params: WorkspaceParams },
    responses: { 200: json(z.array(Member), 'The team'), 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    return c.json(await listWorkspaceMembers(db, workspace.id), 200);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/workspaces/{workspaceId}/members/{userId}',
    tags: ['workspaces'],
    request: { params: MemberParams, ...body(z.object({ role: z.enum(workspaceRoles) })) },
    responses: { 204: noContent, ...errors, 409: json(z.any(), 'Would leave the workspace without an owner') },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, live } = services(c);
    const { workspaceId, userId } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const { role: callerRole } = await adminWorkspace(db, user.id, workspaceId);
    // Checked and changed in one transaction with the team locked: two owners demoting each other
    // at once must not both pass the last-owner check.
    await inAccessTransaction(db, async (tx) => {
      await lockTeam(tx, workspaceId);
      const current = await workspaceRole(tx, workspaceId, userId);
      if (!current) throw NotFound('That person is not on this workspace team. Invite them with an invite link.');
      enforce(maySetWorkspaceRole(callerRole, { from: current, to: role }));
      if (current === 'owner' && role !== 'owner' && (await countOwners(tx, workspaceId)) === 1) throw lastOwner();
      await setWorkspaceRole(tx, workspaceId, userId, role);
      await recordAudit(tx, {
        action: 'workspace.member_set',
        actorId: user.id,
        workspaceId,
        target: { type: 'user', id: userId },
        details: { from: current, to: role },
        ip: clientAddress(c),
      });
    });
    live.revalidateUsers([userId]);
    return c.body(null, 204);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/workspaces/{workspaceId}/members/{userId}',
    tags: ['workspaces'],
    request: { params: MemberParams },
    responses: { 204: noContent, ...errors, 409: json(z.any(), 'Would leave the workspace without an owner') },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, live } = services(c);
    const { workspaceId, userId } = c.req.valid('param');
    const self = userId === user.id;
    const { role: callerRole } = await teamWorkspace(db, user.id, workspaceId);
    enforce(mayRemoveFromWorkspace(callerRole, { self }));
    // As for a role change: checked and removed with the team locked.
    await inAccessTransaction(db, async (tx) => {
      await lockTeam(tx, workspaceId);
      const current = await workspaceRole(tx, workspaceId, userId);
      if (!current) throw NotFound('That person is not on this workspace team.');
      enforce(mayRemoveFromWorkspace(callerRole, { self, role: current }));
      if (current === 'owner' && (await countOwners(tx, workspaceId)) === 1) throw lastOwner();
      await removeWorkspaceMember(tx, workspaceId, userId);
      await recordAudit(tx, {
        action: 'workspace.member_removed',
        actorId: user.id,
        workspaceId,
        target: { type: 'user', id: userId },
        details: { role: current },
        ip: clientAddress(c),
      });
    });
    live.revalidateUsers([userId]);
    return c.body(null, 204);
  },
);
