/**
 * The sync policy with accounts: a socket authenticates at the upgrade with the session cookie or
 * an API token (header or `token` query parameter) — otherwise 401 — and a browser Origin other
 * than Atrium's own is refused with 403. Every subscription is then decided by the shared
 * `decideDocumentAccess` from the caller's standing in the document's project.
 */
import type { IncomingMessage } from 'node:http';
import { decideDocumentAccess } from '@atrium/shared/access/documentAccess.ts';
import { parseProjectDocument } from '@atrium/shared/model/projectDocuments.ts';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { Config } from '../config.ts';
import { bearerToken, resolveCaller, sessionCookie } from '../identity/callers.ts';
import { standingIn } from '../org/projects.ts';
import type { SqliteDatabase } from '../storage/sqlite/database.ts';
import type { SyncPolicy } from '../sync/syncServer.ts';
import { isAllowedOrigin } from './origins.ts';

export type SyncPrincipal = { userId: string; sessionId?: string; tokenId?: string };

/** Whether an item is shared with the customer; the plan's visibility flags answer this. */
export type ItemVisibility = (projectId: string, itemId: string) => boolean;

/** Until items and sharing exist, nothing is shared: customers see only their project's portal. */
const nothingShared: ItemVisibility = () => false;

export function accountSyncPolicy(
  db: SqliteDatabase,
  config: Config,
  itemShared: ItemVisibility = nothingShared,
): SyncPolicy<SyncPrincipal> {
  return {
    async authenticate(request: IncomingMessage) {
      if (!isAllowedOrigin(request.headers.origin, request.headers.host, config)) {
        return { ok: false, status: 403, message: 'Connections from this origin are not allowed.' };
      }
      const url = new URL(request.url ?? '/', 'http://localhost');
      const cookies = parseCookies(request.headers.cookie ?? '');
      const caller = resolveCaller(
        db,
        {
          sessionToken: cookies[sessionCookie],
          apiToken: bearerToken(request.headers.authorization) ?? url.searchParams.get('token') ?? undefined,
        },
        config.sessionTtlMs,
      );
      if (!caller) return { ok: false, status: 401, message: 'Sign in, or pass an API token, to sync.' };
      const principal: SyncPrincipal =
        caller.via === 'session'
          ? { userId: caller.user.id, sessionId: caller.sessionId }
          : { userId: caller.user.id, tokenId: caller.tokenId };
      return { ok: true, principal };
    },

    async authorize(principal, documentName) {
      const document = parseProjectDocument(documentName);
      if (!document) return 'none';
      const { project: _project, ...standing } = standingIn(db, principal.userId, document.projectId);
      const shared = 'itemId' in document ? itemShared(document.projectId, document.itemId) : false;
      return decideDocumentAccess({ documentName, standing, itemShared: shared });
    },
  };
}
