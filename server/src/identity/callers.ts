/**
 * Who is calling: resolved the same way for REST requests and sync sockets, from a session cookie,
 * a bearer API token, or (for WebSocket clients that cannot set headers) a `token` query parameter.
 */
import type { Db } from '../storage/database.ts';
import { getUser, type User } from './accounts.ts';
import { resolveApiToken } from './apiTokens.ts';
import { resolveSession } from './sessions.ts';

export const sessionCookie = 'atrium_session';

export type Caller = { user: User } & (
  | { via: 'session'; sessionId: string; renewedExpiresAt: number | null }
  | { via: 'token'; tokenId: string }
);

export type Credentials = { sessionToken?: string | undefined; apiToken?: string | undefined };

export async function resolveCaller(db: Db, credentials: Credentials, sessionTtlMs: number): Promise<Caller | null> {
  if (credentials.apiToken) {
    const token = await resolveApiToken(db, credentials.apiToken);
    const user = token && (await getUser(db, token.userId));
    return user && token ? { user, via: 'token', tokenId: token.tokenId } : null;
  }
  if (credentials.sessionToken) {
    const resolved = await resolveSession(db, credentials.sessionToken, sessionTtlMs);
    const user = resolved && (await getUser(db, resolved.session.userId));
    if (!user || !resolved) return null;
    return {
      user,
      via: 'session',
      sessionId: resolved.session.id,
      renewedExpiresAt: resolved.renewed ? resolved.session.expiresAt : null,
    };
  }
  return null;
}

/** A bearer token from an Authorization header, if there is one. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
