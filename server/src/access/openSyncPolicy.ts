/**
 * An open sync policy: every connection is anonymous and may write any validly named document.
 * Never used by `npm start` (which uses `accountSyncPolicy`); it exists for embedding the bare sync
 * engine — the protocol, storage and client tests exercise sync mechanics through it, separately
 * from the access rules that have their own tests.
 */
import type { SyncPolicy } from '../sync/syncServer.ts';

/** No user: live access changes (which name users, sessions or tokens) never match it. */
export type AnonymousPrincipal = { userId?: undefined; sessionId?: undefined; tokenId?: undefined };

export const openSyncPolicy: SyncPolicy<AnonymousPrincipal> = {
  authenticate: async () => ({ ok: true, principal: {} }),
  authorize: () => 'write',
};
