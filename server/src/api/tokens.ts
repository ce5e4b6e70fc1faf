/**
 * API tokens: list, create (the secret is in the response once, never again), revoke.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { recordAudit } from '../audit/auditLog.ts';
import { NotFound } from '../errors.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../identity/apiTokens.ts';
import { type ApiEnv, caller, clientAddress, services } from './context.ts';
import { body, entityName, errors, id, json, noContent } from './schemas.ts';

const Token = z
  .object({ id: z.string(), name: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable() })
  .openapi('ApiToken');
const CreatedToken = Token.extend({ token: z.string().describe('The secret; shown only in this response.') }).openapi(
  'CreatedApiToken',
);

export const tokenRoutes = new OpenAPIHono<ApiEnv>();

tokenRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/tokens',
    tags: ['tokens'],
    responses: { 200: json(z.array(Token), 'Your live tokens'), 401: errors[401] },
  }),
  async (c) => c.json(await listApiTokens(services(c).db, caller(c).user.id), 200),
);

tokenRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/tokens',
    tags: ['tokens'],
    request: body(z.object({ name: entityName })),
    responses: { 201: json(CreatedToken, 'Token created'), 400: errors[400], 401: errors[401] },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db } = services(c);
    const { token, apiToken } = await createApiToken(db, user.id, c.req.valid('json').name);
    await recordAudit(services(c).db, {
      action: 'api_token.created',
      actorId: user.id,
      target: { type: 'api_token', id: apiToken.id },
      ip: clientAddress(c),
    });
    return c.json({ ...apiToken, token }, 201);
  },
);

tokenRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/tokens/{tokenId}',
    tags: ['tokens'],
    request: { params: z.object({ tokenId: id }) },
    responses: { 204: noContent, 401: errors[401], 404: errors[404] },
  }),
  async (c) => {
    const { user } = caller(c);
    const { db, live } = services(c);
    const { tokenId } = c.req.valid('param');
    if (!(await revokeApiToken(db, user.id, tokenId))) throw NotFound('Token not found.');
    live.closeCredential({ tokenId });
    await recordAudit(services(c).db, {
      action: 'api_token.revoked',
      actorId: user.id,
      target: { type: 'api_token', id: tokenId },
      ip: clientAddress(c),
    });
    return c.body(null, 204);
  },
);
