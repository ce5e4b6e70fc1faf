/**
 * Customers and projects: the team lists and creates customers and projects; anyone on a project
 * (team or customer) can read it and its people; admins add, change and remove project members.
 * Customers' people see only the projects they are in, and only those projects' people.
 */

import { projectRoles } from '@atrium/shared/access/roles.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { adminProject, adminWorkspace, teamWorkspace, visibleProject } from '../access/guards.ts';
import { maySeeProjectCustomer } from '../access/policies/projects.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../errors.ts';
import { getUser } from '../identity/accounts.ts';
import { createCustomer, getCustomer, listCustomers } from '../org/customers.ts';
import {
  createProject,
  listProjectPeople,
  listProjectsFor,
  listWorkspaceProjects,
  removeProjectMember,
  setProjectRole,
  standingIn,
} from '../org/projects.ts';
import { type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, entityName, errors, id, json, noContent } from './schemas.ts';

const Customer = z.object({ id: z.string(), name: z.string(), createdAt: z.number() }).openapi('Customer');
const Project = z
  .object({
    id: z.string(),
    name: z.string(),
    workspaceId: z.string(),
    customerId: z.string().nullable().describe('Only shown to the provider team'),
    createdAt: z.number(),
  })
  .openapi('Project');
const Person = z
  .object({
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    side: z.enum(['team', 'customer']),
    role: z.string(),
  })
  .openapi('ProjectPerson');
const WorkspaceParams = z.object({ workspaceId: id });
const ProjectParams = z.object({ projectId: id });
const MemberParams = z.object({ projectId: id, userId: id });

export const projectRoutes = new OpenAPIHono<ApiEnv>();

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/customers',
    tags: ['customers'],
    request: { params: WorkspaceParams },
    responses: { 200: json(z.array(Customer), "The workspace's customers"), 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    return c.json(
      (await listCustomers(db, workspace.id)).map(({ id, name, createdAt }) => ({ id, name, createdAt })),
      200,
    );
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces/{workspaceId}/customers',
    tags: ['customers'],
    request: { params: WorkspaceParams, ...body(z.object({ name: entityName })) },
    responses: { 201: json(Customer, 'Created'), ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db } = services(c);
    const { workspace } = await adminWorkspace(db, user.id, c.req.valid('param').workspaceId);
    const customer = await createCustomer(db, workspace.id, c.req.valid('json').name);
    await recordAudit(db, {
      action: 'customer.created',
      actorId: user.id,
      workspaceId: workspace.id,
      target: { type: 'customer', id: customer.id },
      ip: clientAddress(c),
    });
    return c.json({ id: customer.id, name: customer.name, createdAt: customer.createdAt }, 201);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/projects',
    tags: ['projects'],
    request: { params: WorkspaceParams },
    responses: { 200: json(z.array(Project), "The workspace's projects"), 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    return c.json(await listWorkspaceProjects(db, workspace.id), 200);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces/{workspaceId}/projects',
    tags: ['projects'],
    request: {
      params: WorkspaceParams,
      ...body(z.object({ name: entityName, customerId: id.nullable().default(null) })),
    },
    responses: { 201: json(Project, 'Created'), ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db } = services(c);
    const { workspace } = await adminWorkspace(db, user.id, c.req.valid('param').workspaceId);
    const { name, customerId } = c.req.valid('json');
    if (customerId && (await getCustomer(db, customerId))?.workspaceId !== workspace.id)
      throw NotFound('Customer not found.');
    const project = await createProject(db, { workspaceId: workspace.id, customerId, name });
    await recordAudit(db, {
      action: 'project.created',
      actorId: user.id,
      workspaceId: workspace.id,
      target: { type: 'project', id: project.id },
      ip: clientAddress(c),
    });
    return c.json(project, 201);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects',
    tags: ['projects'],
    responses: { 200: json(z.array(Project), 'Every project you can open'), 401: errors[401] },
  }),
  async (c) =>
    c.json(
      (await listProjectsFor(services(c).db, caller(c).user.id)).map((p) => ({
        id: p.id,
        name: p.name,
        workspaceId: p.workspaceId,
        customerId: p.side === 'team' ? p.customerId : null,
        createdAt: p.createdAt,
      })),
      200,
    ),
);

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}',
    tags: ['projects'],
    request: { params: ProjectParams },
    responses: { 200: json(Project, 'The project'), 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { project, standing } = await visibleProject(
      services(c).db,
      caller(c).user.id,
      c.req.valid('param').projectId,
    );
    return c.json({ ...project, customerId: maySeeProjectCustomer(standing) ? project.customerId : null }, 200);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/people',
    tags: ['projects'],
    request: { params: ProjectParams },
    responses: {
      200: json(z.array(Person), "The project's people: the team and the customer's"),
      401: errors[401],
      404: errors[404],
    },
  }),
  async (c) => {
    const { db } = services(c);
    const { project } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    return c.json(await listProjectPeople(db, project), 200);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/members/{userId}',
    tags: ['projects'],
    request: { params: MemberParams, ...body(z.object({ role: z.enum(projectRoles) })) },
    responses: { 204: noContent, ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, live } = services(c);
    const { projectId, userId } = c.req.valid('param');
    const { role } = c.req.valid('json');
    const { project } = await adminProject(db, user.id, projectId);
    // Only people already connected to the workspace can be given a role here; new people come by invite.
    const target = await getUser(db, userId);
    const known = target && (await listProjectPeople(db, project)).some((person) => person.userId === userId);
    if (!target || !known) throw NotFound('That person is not on this project. Invite them with an invite link.');
    const before = (await standingIn(db, userId, projectId)).projectRole;
    await setProjectRole(db, projectId, userId, role);
    await recordAudit(db, {
      action: 'project.member_set',
      actorId: user.id,
      workspaceId: project.workspaceId,
      target: { type: 'user', id: userId },
      details: { projectId, from: before, to: role },
      ip: clientAddress(c),
    });
    live.revalidateUsers([userId]);
    return c.body(null, 204);
  },
);

projectRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/projects/{projectId}/members/{userId}',
    tags: ['projects'],
    request: { params: MemberParams },
    responses: { 204: noContent, ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, live } = services(c);
    const { projectId, userId } = c.req.valid('param');
    const { project } = await adminProject(db, user.id, projectId);
    const before = (await standingIn(db, userId, projectId)).projectRole;
    if (!(await removeProjectMember(db, projectId, userId)))
      throw NotFound('That person is not a member of this project.');
    await recordAudit(db, {
      action: 'project.member_removed',
      actorId: user.id,
      workspaceId: project.workspaceId,
      target: { type: 'user', id: userId },
      details: { projectId, role: before },
      ip: clientAddress(c),
    });
    live.revalidateUsers([userId]);
    return c.body(null, 204);
  },
);
