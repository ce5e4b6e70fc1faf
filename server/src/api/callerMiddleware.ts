/**
 * Resolves the caller of every API request (session cookie or bearer token), renews a sliding
 * session's cookie, and enforces the same-origin rule on cookie-authenticated unsafe requests
 * (CSRF). Token-authenticated requests carry no ambient authority, so they are exempt.
 */
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { isAllowedOrigin } from '../access/origins.ts';
import { AppError } from '../errors.ts';
import { bearerToken, resolveCaller, sessionCookie } from '../identity/callers.ts';
import type { ApiEnv, ApiServices } from './context.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function callerMiddleware(services: ApiServices) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    c.set('services', services);
    const { db, config } = services;
    const sessionToken = getCookie(c, sessionCookie);
    const apiToken = bearerToken(c.req.header('authorization'));
    if (!safeMethods.has(c.req.method) && !apiToken) {
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      const sameOrigin = origin ? isAllowedOrigin(origin, c.req.header('host'), config) : fetchSite !== 'cross-site';
      if (!sameOrigin) throw new AppError('forbidden', 'Cross-site request refused.');
    }
    const caller = await resolveCaller(db, { sessionToken, apiToken }, config.sessionTtlMs);
    c.set('caller', caller);
    if (caller?.via === 'session' && caller.renewedExpiresAt && sessionToken) {
      setSessionCookie(c, services, sessionToken, caller.renewedExpiresAt);
    }
    await next();
  });
}

export function setSessionCookie(
  c: Parameters<typeof setCookie>[0],
  services: ApiServices,
  token: string,
  expiresAt: number,
): void {
  setCookie(c, sessionCookie, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: services.config.cookieSecure,
    path: '/',
    expires: new Date(expiresAt),
  });
}
