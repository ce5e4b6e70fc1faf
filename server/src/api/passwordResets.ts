/**
 * "Forgot your password?": ask for a reset link by email (the answer is the same whether or not
 * the account exists), then choose a new password with it. Using the link signs the account out
 * everywhere. Also what the sign-in page needs to know about the server (is email on?).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { recordAudit } from '../audit/auditLog.ts';
import { AppError } from '../errors.ts';
import { findUserByEmail } from '../identity/accounts.ts';
import { consumePasswordReset, createPasswordReset, usablePasswordReset } from '../identity/passwordResets.ts';
import { hashPassword } from '../identity/passwords.ts';
import { deleteUserSessions } from '../identity/sessions.ts';
import { passwordResetEmail } from '../mail/emails.ts';
import { enqueue } from '../mail/outbox.ts';
import { type ApiEnv, clientAddress, services } from './context.ts';
import { body, email, errors, json, noContent, password } from './schemas.ts';

const AuthOptions = z
  .object({
    email: z.boolean().describe('Whether this server sends email (invite emails, password reset)'),
    signup: z.enum(['open', 'invite-only']),
  })
  .openapi('AuthOptions');
const ResetRequest = z.object({ email }).openapi('PasswordResetRequest');
const ResetRequested = z.object({ message: z.string() }).openapi('PasswordResetRequested');
const NewPassword = z.object({ password }).openapi('PasswordResetNewPassword');
const TokenParams = z.object({ token: z.string().min(1).max(200) });
const tooMany = json(z.any(), 'Too many requests');
const gone = json(z.any(), 'The link expired or was already used');

export const passwordResetRoutes = new OpenAPIHono<ApiEnv>();

passwordResetRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/auth/options',
    tags: ['auth'],
    responses: { 200: json(AuthOptions, 'What the sign-in page may offer') },
  }),
  (c) => {
    const { config } = services(c);
    return c.json({ email: config.mail !== null, signup: config.signup }, 200);
  },
);

const requested =
  'If an account uses this email, a link to choose a new password is on its way. It works once, for one hour.';

function emailIsOn(c: Parameters<typeof services>[0]) {
  const { outbox } = services(c);
  if (!outbox)
    throw new AppError('not_found', 'Email is off on this server: ask an administrator to reset your password.');
  return outbox;
}

passwordResetRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/password-reset',
    tags: ['auth'],
    request: body(ResetRequest),
    responses: {
      202: json(ResetRequested, 'Accepted (the same answer whether or not the account exists)'),
      400: errors[400],
      404: errors[404],
      429: tooMany,
    },
  }),
  async (c) => {
    const outbox = emailIsOn(c);
    const { db, config, resetThrottle } = services(c);
    const input = c.req.valid('json');
    const address = clientAddress(c);
    // Limited like sign-in (per account and per address), counted for every request, known account
    // or not: the limit itself must not tell the two apart.
    const wait = resetThrottle.retryAfter(input.email, address);
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw new AppError(
        'too_many_requests',
        `Too many password reset requests. Try again in ${Math.ceil(wait / 60_000)} minute(s).`,
      );
    }
    resetThrottle.recordFailure(input.email, address);
    const user = await findUserByEmail(db, input.email);
    if (user) {
      await db.transaction().execute(async (tx) => {
        const reset = await createPasswordReset(tx, user.id);
        await enqueue(
          tx,
          passwordResetEmail({
            resetId: reset.id,
            to: user.email,
            name: user.name,
            url: `${config.publicUrl}/reset/${encodeURIComponent(reset.token)}`,
          }),
        );
        await recordAudit(tx, {
          action: 'user.password_reset_requested',
          actorId: null,
          target: { type: 'user', id: user.id },
          ip: address,
        });
      });
      outbox.poke();
    }
    return c.json({ message: requested }, 202);
  },
);

passwordResetRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/auth/password-reset/{token}',
    tags: ['auth'],
    request: { params: TokenParams, ...body(NewPassword) },
    responses: { 204: noContent, 400: errors[400], 404: errors[404], 410: gone },
  }),
  async (c) => {
    emailIsOn(c);
    const { db, live } = services(c);
    const { token } = c.req.valid('param');
    const input = c.req.valid('json');
    await usablePasswordReset(db, token);
    // Hashing is slow: done before the transaction, which may wait for nothing but queries.
    const hash = await hashPassword(input.password);
    const { userId, ended } = await db.transaction().execute(async (tx) => {
      const userId = await consumePasswordReset(tx, token);
      await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
      // Signed out everywhere, as `atrium user reset-password` does: whoever knew the old password
      // loses every session with it. API tokens stay (README, "API tokens").
      const ended = await deleteUserSessions(tx, userId);
      await recordAudit(tx, {
        action: 'user.password_changed',
        actorId: userId,
        details: { via: 'reset_link', sessionsEnded: ended.length },
        ip: clientAddress(c),
      });
      return { userId, ended };
    });
    for (const sessionId of ended) live.closeCredential({ sessionId });
    live.revalidateUsers([userId]);
    return c.body(null, 204);
  },
);
