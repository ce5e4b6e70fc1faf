/**
 * The sync policy with accounts: a socket authenticates at the upgrade with the session cookie or
 * an API token (header or `token` query parameter) — otherwise 401 — and a browser Origin other
 * than Atrium's own is refused with 403. Every subscription is then decided by the policies'
 * `documentAccess` (the shared decision) from the caller's standing in the document's project and
 * the item's visibility, and every write is checked against the document's rules
 * (`writeRules.ts`). A team member may open a socket with `?viewAs=<customer user id>` to preview
 * the project exactly as that customer sees it: every subscription is decided for the customer,
 * and capped at read (`viewAsAccess`).
 */
import type { IncomingMessage } from 'node:http';
import { parseProjectDocument } from '@atrium/shared/model/projectDocuments.ts';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { Config } from '../config.ts';
import { isItemShared } from '../content/itemVisibility.ts';
import { liveApiTokenIds } from '../identity/apiTokens.ts';
import { bearerToken, resolveCaller, sessionCookie } from '../identity/callers.ts';
import { liveSessionIds } from '../identity/sessions.ts';
import { standingIn } from '../org/projects.ts';
import type { Db } from '../storage/database.ts';
import type { ServerClients } from '../sync/syncDocument.ts';
import type { SyncPolicy } from '../sync/syncServer.ts';
import { isAllowedOrigin } from './origins.ts';
import { documentAccess, viewAsAccess } from './policies/documents.ts';
import { WriteRules } from './writeRules.ts';

export type SyncPrincipal = {
  userId: string;
  /** Stamped into the person's presence; read at connect (a rename shows from the next connection). */
  userName: string;
  sessionId?: string;
  tokenId?: string;
  /**
   * "View as customer": a team member's socket that sees exactly what this customer's own
   * connection would — decided by the same function for that customer — and can only read.
   */
  viewAs?: string;
};

/**
 * The account policy, plus the hooks that forget remembered standings when access changes and make
 * the server's Yjs clientIDs its own.
 */
export type AccountSyncPolicy = SyncPolicy<SyncPrincipal> & {
  accessChanged(): void;
  serverClients: ServerClients;
};

export function accountSyncPolicy(db: Db, config: Config): AccountSyncPolicy {
  const rules = new WriteRules(db, async (userId, projectId) => standingIn(db, userId, projectId));
  return {
    accessChanged: () => rules.accessChanged(),
    serverClients: rules.serverClients,
    async authenticate(request: IncomingMessage) {
      if (!isAllowedOrigin(request.headers.origin, request.headers.host, config)) {
        return { ok: false, status: 403, message: 'Connections from this origin are not allowed.' };
      }
      const url = new URL(request.url ?? '/', 'http://localhost');
      const cookies = parseCookies(request.headers.cookie ?? '');
      const caller = await resolveCaller(
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
          ? { userId: caller.user.id, userName: caller.user.name, sessionId: caller.sessionId }
          : { userId: caller.user.id, userName: caller.user.name, tokenId: caller.tokenId };
      const viewAs = url.searchParams.get('viewAs');
      if (viewAs) principal.viewAs = viewAs;
      return { ok: true, principal };
    },

    async authorize(principal, documentName) {
      const document = parseProjectDocument(documentName);
      if (!document) return 'none';
      const decide = async (userId: string) => {
        const { project: _project, ...standing } = await standingIn(db, userId, document.projectId);
        const shared = 'itemId' in document ? await isItemShared(db, document.projectId, document.itemId) : false;
        return { standing, level: documentAccess({ documentName, standing, itemShared: shared }) };
      };
      if (!principal.viewAs) return (await decide(principal.userId)).level;
      return viewAsAccess((await decide(principal.userId)).standing, await decide(principal.viewAs));
    },

    async stillAuthenticated(principals) {
      // Two queries for every socket of the server, not one per socket.
      const sessions = await liveSessionIds(
        db,
        principals.flatMap((p) => (p.sessionId ? [p.sessionId] : [])),
      );
      const tokens = await liveApiTokenIds(
        db,
        principals.flatMap((p) => (p.tokenId ? [p.tokenId] : [])),
      );
      return principals.map((principal) => {
        if (principal.sessionId) return sessions.has(principal.sessionId);
        if (principal.tokenId) return tokens.has(principal.tokenId);
        return true;
      });
    },

    validateWrite(principal, documentName, doc, update) {
      return rules.check(principal.userId, documentName, doc, update);
    },
  };
}
