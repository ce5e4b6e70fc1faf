/**
 * Accounts and sessions: sign up, sign in, sign out, who am I, change password.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import { recordAudit } from '../audit/auditLog.ts';
import { AppError } from '../errors.ts';
import { createUser, findUserByEmail, getPasswordHash, setPassword } from '../identity/accounts.ts';
import { sessionCookie } from '../identity/callers.ts';
import { decoyHash, verifyPassword } from '../identity/passwords.ts';
import { createSession, deleteSession, deleteUserSessions } from '../identity/sessions.ts';
import { listProjectsFor } from '../org/projects.ts';
import { listTeamWorkspaces } from '../org/workspaces.ts';
import { setSessionCookie } from './callerMiddleware.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, displayName, email, errors, json, noContent, password, UserSchema } from './schemas.ts';

const SignUp = z.object({ name: displayName, email, password }).openapi('SignUp');
const SignIn = z.object({ email, password: z.string().min(1).max(200) }).openapi('SignIn');
const ChangePassword = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: password })
  .openapi('ChangePassword');

const Me = z
  .object({
    user: UserSchema,
    workspaces: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
    projects: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        workspaceId: z.string(),
        workspaceName: z.string(),
        customerName: z.string().nullable(),
        side: z.enum(['team', 'customer']),
        role: z.string(),
      }),
    ),
  })
  .openapi('Me');

export const authRoutes = new OpenAPIHono<ApiEnv>();

/** Starts a session for the user and sets its cookie. */
export async function signIn(c: ApiContext, userId: string): Promise<void> {
  const { db, config } = services(c);
  const { token, session } = await createSession(db, userId, config.sessionTtlMs, {
    ip: clientAddress(c),
    userAgent: c.req.header('user-agent'),
  });
  setSessionCookie(c, services(c), token, session.expiresAt);
}

/** 429 with Retry-After while this account or address has failed too often (sign-in, password change). */
function refuseWhileThrottled(c: ApiContext, email: string, address: string): void {
  const wait = services(c).throttle.retryAfter(email, address);
  if (wait <= 0) return;
  c.header('Retry-After', String(Math.ceil(wait / 1000)));
  throw new AppError(
    'too_many_requests',
    `Too many failed password attempts. Try again in ${Math.ceil(wait / 60_000)} minute(s).`,
  );
}

const publicUser = (user: { id: string; email: string; name: string }) => ({
  id: user.id,
  email: user.email,
  name: user.name,
});

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/signup',
    tags: ['auth'],
    request: body(SignUp),
    responses: {
      201: json(UserSchema, 'Account created and signed in'),
      400: errors[400],
      403: errors[403],
      409: json(z.any(), 'Email taken'),
    },
  }),
  async (c) => {
    const { db, config } = services(c);
    if (config.signup !== 'open')
      throw new AppError('forbidden', 'Accounts are created from invite links on this server.');
    const input = c.req.valid('json');
    const user = await createUser(db, input);
    await recordAudit(services(c).db, { action: 'user.signed_up', actorId: user.id, ip: clientAddress(c) });
    await signIn(c, user.id);
    return c.json(publicUser(user), 201);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/signin',
    tags: ['auth'],
    request: body(SignIn),
    responses: {
      200: json(UserSchema, 'Signed in'),
      400: errors[400],
      401: errors[401],
      429: json(z.any(), 'Too many attempts'),
    },
  }),
  async (c) => {
    const { db, throttle } = services(c);
    const input = c.req.valid('json');
    const address = clientAddress(c);
    refuseWhileThrottled(c, input.email, address);
    const user = await findUserByEmail(db, input.email);
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
    if (!user || !valid) {
      throttle.recordFailure(input.email, address);
      await recordAudit(services(c).db, {
        action: 'user.sign_in_failed',
        actorId: user?.id ?? null,
        details: { email: input.email },
        ip: address,
      });
      throw new AppError('unauthorized', 'That email and password do not match an account.');
    }
    throttle.recordSuccess(input.email);
    await recordAudit(services(c).db, { action: 'user.signed_in', actorId: user.id, ip: address });
    await signIn(c, user.id);
    return c.json(publicUser(user), 200);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/signout',
    tags: ['auth'],
    responses: { 204: noContent, 401: errors[401] },
  }),
  async (c) => {
    const who = caller(c);
    const { db, live } = services(c);
    if (who.via === 'session') {
      await deleteSession(db, who.sessionId);
      live.closeCredential({ sessionId: who.sessionId });
    }
    deleteCookie(c, sessionCookie, { path: '/' });
    await recordAudit(services(c).db, { action: 'user.signed_out', actorId: who.user.id, ip: clientAddress(c) });
    return c.body(null, 204);
  },
);

authRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/me',
    tags: ['auth'],
    responses: { 200: json(Me, 'You, your workspaces and projects'), 401: errors[401] },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db } = services(c);
    return c.json(
      {
        user: publicUser(user),
        workspaces: (await listTeamWorkspaces(db, user.id)).map(({ id, name, role }) => ({ id, name, role })),
        projects: (await listProjectsFor(db, user.id)).map((p) => ({
          id: p.id,
          name: p.name,
          workspaceId: p.workspaceId,
          workspaceName: p.workspaceName,
          customerName: p.side === 'team' ? p.customerName : null,
          side: p.side,
          role: p.role,
        })),
      },
      200,
    );
  },
);

authRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/me/password',
    tags: ['auth'],
    request: body(ChangePassword),
    responses: { 204: noContent, 400: errors[400], 401: errors[401], 429: json(z.any(), 'Too many attempts') },
  }),
  async (c) => {
    const who = caller(c);
    const { db, live, throttle } = services(c);
    const input = c.req.valid('json');
    // Guessing the current password here is guessing the sign-in password: the same limits, the
    // same counters (someone holding a stolen session must not be able to try passwords at speed).
    const address = clientAddress(c);
    refuseWhileThrottled(c, who.user.email, address);
    const stored = await getPasswordHash(db, who.user.id);
    if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
      throttle.recordFailure(who.user.email, address);
      throw new AppError('invalid', 'Your current password is not correct.');
    }
    throttle.recordSuccess(who.user.email);
    await setPassword(db, who.user.id, input.newPassword);
    // Everyone else holding this account's sessions is signed out — their sync sockets too, as on
    // sign-out. This session stays: the person changing their password is the one using it, and
    // signing them out here would only make them type the new password at once. API tokens stay
    // too: they are explicit credentials, listed and revoked one by one (README, "API tokens").
    const ended = await deleteUserSessions(db, who.user.id, who.via === 'session' ? who.sessionId : undefined);
    for (const sessionId of ended) {
      live.closeCredential({ sessionId });
    }
    live.revalidateUsers([who.user.id]);
    await recordAudit(services(c).db, { action: 'user.password_changed', actorId: who.user.id, ip: clientAddress(c) });
    return c.body(null, 204);
  },
);
