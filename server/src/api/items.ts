/**
 * Items of a project's plan through REST: the team creates items and shares or unshares them; a
 * customer collaborator moves items along the transitions the project's workflow allows customers
 * (requests have their own routes: `requests.ts`). The plan document stays the
 * single source of truth: every action here is a change to it, made by the server on the caller's
 * behalf, and the portal follows.
 */

import { orderAfterAll } from '@atrium/shared/model/ordering.ts';
import { itemKinds, Plan, type PlanItem } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayCreateItem, mayMoveItem, mayMoveItems, maySeeItem, mayShareItem } from '../access/policies/projects.ts';
import { AppError, Invalid, NotFound } from '../errors.ts';
import { newId } from '../identity/secrets.ts';
import { type ApiEnv, caller, services } from './context.ts';
import { body, entityName, errors, id, json } from './schemas.ts';

const Item = z
  .object({
    id: z.string(),
    kind: z.enum(itemKinds),
    title: z.string(),
    status: z.string(),
    order: z.string(),
    dueDate: z.string().nullable(),
    assignees: z.array(z.string()),
    milestoneId: z.string().nullable(),
    shared: z.boolean(),
    createdBy: z.string(),
    createdAt: z.number(),
  })
  .openapi('PlanItem');
const dueDate = z.iso.date().nullable().default(null);
const CreateItem = z
  .object({
    kind: z.enum(itemKinds).default('task'),
    title: entityName,
    status: z.string().optional(),
    dueDate,
    shared: z.boolean().default(false),
  })
  .openapi('CreateItem');
const ProjectParams = z.object({ projectId: id });
const ItemParams = z.object({ projectId: id, itemId: id });

export const itemRoutes = new OpenAPIHono<ApiEnv>();

/** Adds an item at the end of its column (an order key after every existing one) and returns it. */
function addToPlan(
  plan: Plan,
  fields: Pick<PlanItem, 'kind' | 'title' | 'status' | 'dueDate' | 'shared' | 'createdBy'>,
): PlanItem {
  const item: PlanItem = {
    assignees: [],
    milestoneId: null,
    createdAt: Date.now(),
    ...fields,
    ...(fields.kind === 'deliverable' ? { approval: 'none' as const } : {}),
    id: newId('itm'),
    order: orderAfterAll(plan.items().map((existing) => existing.order)),
  };
  plan.addItem(item);
  return item;
}

itemRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/items',
    tags: ['items'],
    request: { params: ProjectParams, ...body(CreateItem) },
    responses: { 201: json(Item, 'Created in the plan'), ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, documents } = services(c);
    const { project, standing } = await visibleProject(db, user.id, c.req.valid('param').projectId);
    enforce(mayCreateItem(standing));
    const input = c.req.valid('json');
    let created: PlanItem | undefined;
    await documents.change(projectDocumentName.plan(project.id), user.id, (doc) => {
      const plan = new Plan(doc);
      const workflow = plan.workflow();
      const status = input.status ?? workflow.statuses[0]?.id ?? 'todo';
      if (!workflow.statuses.some((s) => s.id === status)) throw Invalid(`Unknown status "${status}".`);
      created = addToPlan(plan, { ...input, status, createdBy: user.id });
    });
    return c.json(created as PlanItem, 201);
  },
);

itemRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/items/{itemId}/sharing',
    tags: ['items'],
    request: { params: ItemParams, ...body(z.object({ shared: z.boolean() })) },
    responses: {
      200: json(z.object({ shared: z.boolean() }), 'Visibility set; connected customers see it at once'),
      ...errors,
    },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, documents } = services(c);
    const { projectId, itemId } = c.req.valid('param');
    const { project, standing } = await visibleProject(db, user.id, projectId);
    enforce(mayShareItem(standing));
    const { shared } = c.req.valid('json');
    await documents.change(projectDocumentName.plan(project.id), user.id, (doc) => {
      const plan = new Plan(doc);
      const item = plan.item(itemId);
      if (!item) throw NotFound('Item not found.');
      if (item.kind === 'request' && !shared)
        throw new AppError('conflict', 'A request is always shared with the customer; resolve or close it instead.');
      plan.updateItem(itemId, { shared });
    });
    return c.json({ shared }, 200);
  },
);

itemRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/items/{itemId}/status',
    tags: ['items'],
    request: { params: ItemParams, ...body(z.object({ status: z.string().min(1).max(40) })) },
    responses: { 200: json(z.object({ status: z.string() }), 'Moved'), ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, documents } = services(c);
    const { projectId, itemId } = c.req.valid('param');
    const { project, standing } = await visibleProject(db, user.id, projectId);
    enforce(mayMoveItems(standing));
    const { status } = c.req.valid('json');
    await documents.change(projectDocumentName.plan(project.id), user.id, (doc) => {
      const plan = new Plan(doc);
      const item = plan.item(itemId);
      // Asked before the status is validated: a customer cannot learn that an unshared item exists.
      if (!item || !maySeeItem(standing, item)) throw NotFound('Item not found.');
      const workflow = plan.workflow();
      if (!workflow.statuses.some((s) => s.id === status)) throw Invalid(`Unknown status "${status}".`);
      enforce(mayMoveItem(standing, item, status, workflow));
      plan.updateItem(itemId, { status });
    });
    return c.json({ status }, 200);
  },
);
