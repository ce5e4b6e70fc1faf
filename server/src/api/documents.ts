import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { itemHistory } from '../access/itemHistory.ts';
import { enforce } from '../access/policies/decision.ts';
import {
  mayDecideApproval,
  mayListVersions,
  mayReadHistory,
  mayRestoreVersion,
  maySubmitForApproval,
  mayTakeVersion,
} from '../access/policies/itemParts.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { type ApprovalTarget, takeApprovalStep } from '../content/approvals.ts';
import { changeAfterVersion, restoreDescription, takeVersion, versionKinds } from '../content/versions.ts';
import { NotFound } from '../errors.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { type ItemAccess, itemAccess } from './itemAccess.ts';
import { body, entityName, errors, id, json } from './schemas.ts';

const Version = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(versionKinds),
    createdBy: z.string().nullable(),
    createdAt: z.number(),
  })
  .openapi('Version');
const VersionWithState = Version.extend({
  state: z.string().describe('The Yjs state of the shareable part at that moment, base64'),
}).openapi('VersionWithState');
const Approval = z
  .object({
    state: z.enum(['none', 'submitted', 'approved', 'changes_requested']),
    submittedBy: z.string().nullable(),
    submittedAt: z.number().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.number().nullable(),
    comment: z.string().nullable(),
    versionId: z.string().nullable(),
  })
  .openapi('Approval');
const Decision = z
  .object({
    decision: z.enum(['approved', 'changes_requested']),
    comment: z.string().trim().max(20_000).optional(),
  })
  .openapi('ApprovalDecision');
const ItemParams = z.object({ projectId: id, itemId: id });
const VersionParams = z.object({ projectId: id, itemId: id, versionId: id });

export const documentRoutes = new OpenAPIHono<ApiEnv>();

/** The part's history as the caller may see it: customers only what happened while it was shared. */
const historyOf = (c: ApiContext, access: ItemAccess, itemId: string) =>
  itemHistory(services(c).db, {
    projectId: access.project.id,
    itemId,
    document: access.document,
    standing: access.standing,
  });

documentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/items/{itemId}/versions',
    tags: ['versions'],
    request: { params: ItemParams },
    responses: {
      200: json(z.array(Version), 'Newest first; customers get those taken while the item was shared with them'),
      401: errors[401],
      404: errors[404],
    },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayListVersions(access));
    return c.json(await historyOf(c, access, itemId).versions(), 200);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/items/{itemId}/versions',
    tags: ['versions'],
    request: { params: ItemParams, ...body(z.object({ name: entityName })) },
    responses: { 201: json(Version, 'Saved'), ...errors },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayTakeVersion(access));
    const { db, documents } = services(c);
    const version = await documents.read(access.document, (doc) =>
      takeVersion(db, doc, {
        document: access.document,
        name: c.req.valid('json').name,
        kind: 'named',
        createdBy: caller(c).user.id,
      }),
    );
    return c.json(version, 201);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/items/{itemId}/versions/{versionId}',
    tags: ['versions'],
    request: { params: VersionParams },
    responses: { 200: json(VersionWithState, 'The version with its state'), 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { projectId, itemId, versionId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayListVersions(access));
    const version = await historyOf(c, access, itemId).version(versionId);
    if (!version) throw NotFound('Version not found.');
    const { state, ...info } = version;
    return c.json({ ...info, state: Buffer.from(state).toString('base64') }, 200);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/items/{itemId}/writers',
    tags: ['versions'],
    request: { params: ItemParams },
    responses: {
      200: json(
        z.array(z.object({ clientId: z.number(), userId: z.string() })),
        'Who wrote the shareable part under which Yjs clientID (to say who changed what)',
      ),
      401: errors[401],
      404: errors[404],
    },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayReadHistory(access));
    return c.json(await historyOf(c, access, itemId).writers(), 200);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/items/{itemId}/deletions',
    tags: ['versions'],
    request: { params: ItemParams },
    responses: {
      200: json(
        z.array(z.object({ clientId: z.number(), clock: z.number(), length: z.number(), userId: z.string() })),
        'Who deleted which content of the shareable part (Yjs ids), oldest first: to say who removed text. Customers get the deletions made while the item was shared with them',
      ),
      401: errors[401],
      404: errors[404],
    },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayReadHistory(access));
    return c.json(await historyOf(c, access, itemId).deletions(), 200);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/items/{itemId}/versions/{versionId}/restore',
    tags: ['versions'],
    request: { params: VersionParams },
    responses: { 200: json(Version, 'Restored; the state before is saved as this version'), ...errors },
  }),
  async (c) => {
    const { projectId, itemId, versionId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayRestoreVersion(access));
    const { db, documents } = services(c);
    const { user } = caller(c);
    const version = await historyOf(c, access, itemId).version(versionId);
    if (!version) throw NotFound('Version not found.');
    // The state before the restore is saved with the restoring change: both or neither.
    const saved = await changeAfterVersion(
      db,
      documents,
      { actorId: user.id, edit: (doc) => restoreDescription(doc, version.state) },
      {
        document: access.document,
        name: `Before restoring “${version.name}”`,
        kind: 'before_restore',
        createdBy: user.id,
      },
    );
    await recordAudit(db, {
      action: 'item.version_restored',
      actorId: user.id,
      workspaceId: access.project.workspaceId,
      target: { type: 'item', id: itemId },
      details: { projectId, versionId, savedAs: saved.id },
      ip: clientAddress(c),
    });
    return c.json(saved, 200);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/items/{itemId}/approval/submit',
    tags: ['approvals'],
    request: { params: ItemParams },
    responses: { 200: json(Approval, 'Submitted; waiting on the customer'), ...errors },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(maySubmitForApproval(access));
    const record = await takeApprovalStep(approvalTarget(c, access, itemId), { kind: 'submit' });
    return c.json(record, 200);
  },
);

documentRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/items/{itemId}/approval/decision',
    tags: ['approvals'],
    request: { params: ItemParams, ...body(Decision) },
    responses: { 200: json(Approval, 'Decided'), ...errors },
  }),
  async (c) => {
    const { projectId, itemId } = c.req.valid('param');
    const access = await itemAccess(c, projectId, itemId);
    enforce(mayDecideApproval(access));
    const { decision, comment } = c.req.valid('json');
    const record = await takeApprovalStep(approvalTarget(c, access, itemId), {
      kind: 'decide',
      decision,
      comment: comment || null,
    });
    return c.json(record, 200);
  },
);

function approvalTarget(c: ApiContext, access: ItemAccess, itemId: string): ApprovalTarget {
  const { db, documents } = services(c);
  return { db, documents, project: access.project, itemId, actorId: caller(c).user.id, ip: clientAddress(c) };
}
