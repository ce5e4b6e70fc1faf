/**
 * Invite links: admins create, list and revoke them; anyone holding a link can preview where it
 * leads and join — with a name, email and password if they are new, or as the signed-in person.
 */

import { projectRoles, workspaceRoles } from '@atrium/shared/access/roles.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { inAccessTransaction } from '../access/accessChanges.ts';
import { adminWorkspace } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { mayCreateInvite } from '../access/policies/workspaces.ts';
import { recordAudit } from '../audit/auditLog.ts';
import { AppError, Invalid, NotFound } from '../errors.ts';
import { createUser, findUserByEmail } from '../identity/accounts.ts';
import { inviteEmail } from '../mail/emails.ts';
import { inviteEmails, nextInviteEmail } from '../mail/inviteEmails.ts';
import { enqueue } from '../mail/outbox.ts';
import {
  createInvite,
  getInvite,
  type Invite,
  inviteRedemptions,
  listInvites,
  redeemInvite,
  revokeInvite,
  usableInvite,
} from '../org/invites.ts';
import { getProject } from '../org/projects.ts';
import { getWorkspace } from '../org/workspaces.ts';
import { signIn } from './auth.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, displayName, email, errors, id, json, noContent, password, UserSchema } from './schemas.ts';

const InviteSchema = z
  .object({
    id: z.string(),
    projectId: z.string().nullable(),
    role: z.string(),
    createdAt: z.number(),
    expiresAt: z.number(),
    maxUses: z.number(),
    uses: z.number(),
    revokedAt: z.number().nullable(),
  })
  .openapi('Invite');
const Redemption = z
  .object({
    userId: z.string(),
    name: z.string().nullable().describe('null when the account was deleted since'),
    email: z.string().nullable(),
    at: z.number(),
  })
  .openapi('InviteRedemption');
const EmailedTo = z
  .object({
    to: z.string(),
    sendings: z.number().describe('How many times the link was emailed (1 + resends)'),
    lastAt: z.number(),
    sentAt: z.number().nullable().describe('When the SMTP server took the latest one; null while queued'),
    status: z
      .enum(['queued', 'sent', 'retrying', 'failed'])
      .describe('The latest sending: not tried yet, sent, failed and retried later, or given up'),
  })
  .nullable()
  .openapi('InviteEmail');
const ListedInvite = InviteSchema.extend({
  usedBy: z.array(Redemption).describe('Who joined through the link, and when; oldest first'),
  email: EmailedTo.describe('null when the link was never emailed'),
}).openapi('ListedInvite');
const CreatedInvite = InviteSchema.extend({
  token: z.string().describe('Shown only in this response'),
  url: z.string().describe('The link to send'),
  emailedTo: z.string().nullable().describe('Where the link is being emailed; null when it was not'),
}).openapi('CreatedInvite');
const CreateInvite = z
  .object({
    projectId: id.nullable().default(null).describe('null: join the workspace team; otherwise: join this project'),
    role: z.enum([...new Set([...workspaceRoles, ...projectRoles])] as [string, ...string[]]),
    expiresInHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24 * 7),
    maxUses: z.number().int().min(1).max(1000).default(1),
    email: email.optional().describe('Email the link to this address (only when the server sends email)'),
  })
  .openapi('CreateInvite');
const Preview = z
  .object({
    workspaceName: z.string(),
    projectName: z.string().nullable(),
    role: z.string(),
    expiresAt: z.number(),
    invitedBy: z.string(),
  })
  .openapi('InvitePreview');
const Join = z.object({ name: displayName, email, password }).partial().openapi('JoinWithInvite');
const Joined = z
  .object({ user: UserSchema, workspaceId: z.string(), projectId: z.string().nullable() })
  .openapi('Joined');

const WorkspaceParams = z.object({ workspaceId: id });
const TokenParams = z.object({ token: z.string().min(1).max(200) });
const gone = json(z.any(), 'The link expired, was revoked or is used up');

const publicInvite = ({ createdBy: _createdBy, workspaceId: _workspaceId, ...rest }: Invite) => rest;

export const inviteRoutes = new OpenAPIHono<ApiEnv>();

inviteRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces/{workspaceId}/invites',
    tags: ['invites'],
    request: { params: WorkspaceParams, ...body(CreateInvite) },
    responses: { 201: json(CreatedInvite, 'Created'), ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, config } = services(c);
    const { workspace, role: callerRole } = await adminWorkspace(db, user.id, c.req.valid('param').workspaceId);
    const input = c.req.valid('json');
    const target = inviteTarget(input.projectId, input.role);
    if (target.kind === 'project' && (await getProject(db, target.projectId))?.workspaceId !== workspace.id)
      throw NotFound('Project not found.');
    enforce(mayCreateInvite(callerRole, target));
    const { outbox } = services(c);
    if (input.email !== undefined && !outbox)
      throw Invalid('Email is off on this server (no SMTP_URL): leave the email out and copy the link instead.');
    const project = target.kind === 'project' ? await getProject(db, target.projectId) : undefined;
    // The invite, its audit entry and its email are one change: an invite whose email is lost
    // cannot exist, nor an email for an invite that does not.
    const { token, invite, url } = await db.transaction().execute(async (tx) => {
      const created = await createInvite(tx, {
        workspaceId: workspace.id,
        target,
        createdBy: user.id,
        expiresInMs: input.expiresInHours * 3600_000,
        maxUses: input.maxUses,
      });
      const url = `${config.publicUrl}/join/${created.token}`;
      await recordAudit(tx, {
        action: 'invite.created',
        actorId: user.id,
        workspaceId: workspace.id,
        target: { type: 'invite', id: created.invite.id },
        details: {
          projectId: created.invite.projectId,
          role: created.invite.role,
          maxUses: created.invite.maxUses,
          expiresAt: created.invite.expiresAt,
        },
        ip: clientAddress(c),
      });
      if (input.email !== undefined) {
        await enqueue(
          tx,
          inviteEmail({
            inviteId: created.invite.id,
            sending: 1,
            to: input.email,
            url,
            inviterName: user.name,
            workspaceName: workspace.name,
            projectName: project?.name ?? null,
            expiresAt: created.invite.expiresAt,
          }),
        );
        await recordAudit(tx, {
          action: 'invite.emailed',
          actorId: user.id,
          workspaceId: workspace.id,
          target: { type: 'invite', id: created.invite.id },
          details: { to: input.email },
          ip: clientAddress(c),
        });
      }
      return { ...created, url };
    });
    if (input.email !== undefined) outbox?.poke();
    return c.json({ ...publicInvite(invite), token, url, emailedTo: input.email ?? null }, 201);
  },
);

inviteRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/invites',
    tags: ['invites'],
    request: { params: WorkspaceParams },
    responses: {
      200: json(z.array(ListedInvite), "The workspace's invite links (without their secrets) and who used them"),
      ...errors,
    },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace } = await adminWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    const redemptions = await inviteRedemptions(db, workspace.id);
    const invites = await listInvites(db, workspace.id);
    const emails = await inviteEmails(
      db,
      invites.map((invite) => invite.id),
    );
    const listed = invites.map((invite) => ({
      ...publicInvite(invite),
      usedBy: redemptions.get(invite.id) ?? [],
      email: emails.get(invite.id) ?? null,
    }));
    return c.json(listed, 200);
  },
);

inviteRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/workspaces/{workspaceId}/invites/{inviteId}',
    tags: ['invites'],
    request: { params: z.object({ workspaceId: id, inviteId: id }) },
    responses: { 204: noContent, ...errors },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db } = services(c);
    const { workspaceId, inviteId } = c.req.valid('param');
    await adminWorkspace(db, user.id, workspaceId);
    const invite = await getInvite(db, inviteId);
    if (!invite || invite.workspaceId !== workspaceId) throw NotFound('Invite not found.');
    await revokeInvite(db, inviteId);
    await recordAudit(db, {
      action: 'invite.revoked',
      actorId: user.id,
      workspaceId,
      target: { type: 'invite', id: inviteId },
      ip: clientAddress(c),
    });
    return c.body(null, 204);
  },
);

inviteRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/workspaces/{workspaceId}/invites/{inviteId}/resend',
    tags: ['invites'],
    request: { params: z.object({ workspaceId: id, inviteId: id }) },
    responses: {
      202: json(z.object({ emailedTo: z.string() }).openapi('InviteResent'), 'The link is being emailed again'),
      ...errors,
      410: gone,
    },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, outbox } = services(c);
    const { workspaceId, inviteId } = c.req.valid('param');
    await adminWorkspace(db, user.id, workspaceId);
    const invite = await getInvite(db, inviteId);
    if (!invite || invite.workspaceId !== workspaceId) throw NotFound('Invite not found.');
    if (!outbox) throw Invalid('Email is off on this server (no SMTP_URL): copy the link instead.');
    if (invite.revokedAt !== null) throw new AppError('gone', 'This invite was revoked: create a new one.');
    if (invite.expiresAt <= Date.now()) throw new AppError('gone', 'This invite has expired: create a new one.');
    if (invite.uses >= invite.maxUses) throw new AppError('gone', 'This invite is used up: create a new one.');
    const emailedTo = await db.transaction().execute(async (tx) => {
      const next = await nextInviteEmail(tx, inviteId);
      if (!next) throw Invalid('This invite was never emailed (its link is shown only once): create a new one.');
      await enqueue(tx, next);
      await recordAudit(tx, {
        action: 'invite.emailed',
        actorId: user.id,
        workspaceId,
        target: { type: 'invite', id: inviteId },
        details: { to: next.payload.to, resend: true },
        ip: clientAddress(c),
      });
      return next.payload.to;
    });
    outbox.poke();
    return c.json({ emailedTo }, 202);
  },
);

inviteRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/invites/{token}',
    tags: ['invites'],
    request: { params: TokenParams },
    responses: { 200: json(Preview, 'Where the link leads'), 404: errors[404], 410: gone },
  }),
  async (c) => {
    const { db } = services(c);
    const invite = await usableInvite(db, c.req.valid('param').token);
    const inviter = await db.selectFrom('users').select('name').where('id', '=', invite.createdBy).executeTakeFirst();
    return c.json(
      {
        workspaceName: (await getWorkspace(db, invite.workspaceId))?.name ?? '',
        projectName: invite.projectId ? ((await getProject(db, invite.projectId))?.name ?? null) : null,
        role: invite.role,
        expiresAt: invite.expiresAt,
        invitedBy: inviter?.name ?? '',
      },
      200,
    );
  },
);

inviteRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/invites/{token}/accept',
    tags: ['invites'],
    request: { params: TokenParams, body: { content: { 'application/json': { schema: Join } }, required: false } },
    responses: {
      200: json(Joined, 'Joined (and signed in when the account is new)'),
      400: errors[400],
      404: errors[404],
      409: json(z.any(), 'Account exists: sign in first'),
      410: gone,
    },
  }),
  async (c) => {
    const { db } = services(c);
    const { token } = c.req.valid('param');
    await usableInvite(db, token);
    const signedIn = c.get('caller');
    const user = signedIn?.user ?? (await newAccountFromInvite(c, c.req.valid('json') ?? {}));
    // The use is counted, the role granted and the use audited (who used the link is read from the
    // audit log) together, or not at all.
    const invite = await inAccessTransaction(db, async (tx) => {
      const redeemed = await redeemInvite(tx, token, user.id);
      await recordAudit(tx, {
        action: 'invite.used',
        actorId: user.id,
        workspaceId: redeemed.workspaceId,
        target: { type: 'invite', id: redeemed.id },
        details: { projectId: redeemed.projectId, role: redeemed.role },
        ip: clientAddress(c),
      });
      return redeemed;
    }).catch(async (error: unknown) => {
      // The link was used up or revoked while the account was being created: undo the account, so
      // nothing is half-made (it is signed in only once it has joined).
      if (!signedIn) await db.deleteFrom('users').where('id', '=', user.id).execute();
      throw error;
    });
    if (!signedIn) {
      await recordAudit(db, { action: 'user.signed_up', actorId: user.id, ip: clientAddress(c) });
      await signIn(c, user.id);
    }
    services(c).live.revalidateUsers([user.id]);
    return c.json(
      {
        user: { id: user.id, email: user.email, name: user.name },
        workspaceId: invite.workspaceId,
        projectId: invite.projectId,
      },
      200,
    );
  },
);

/** The account of someone new joining through an invite; signed in by the caller once they have joined. */
async function newAccountFromInvite(c: ApiContext, input: z.infer<typeof Join>) {
  const { db } = services(c);
  if (!input.name || !input.email || !input.password) {
    throw Invalid('To join, give your name, email and a password (or sign in first if you already have an account).');
  }
  if (await findUserByEmail(db, input.email)) {
    throw new AppError(
      'conflict',
      'An account with this email already exists. Sign in, then open the invite link again.',
    );
  }
  return createUser(db, { name: input.name, email: input.email, password: input.password });
}

function inviteTarget(projectId: string | null, role: string) {
  if (projectId === null) {
    if (!(workspaceRoles as readonly string[]).includes(role))
      throw Invalid(`A workspace invite's role must be one of ${workspaceRoles.join(', ')}.`);
    return { kind: 'workspace' as const, role: role as (typeof workspaceRoles)[number] };
  }
  if (!(projectRoles as readonly string[]).includes(role))
    throw Invalid(`A project invite's role must be one of ${projectRoles.join(', ')}.`);
  return { kind: 'project' as const, projectId, role: role as (typeof projectRoles)[number] };
}
