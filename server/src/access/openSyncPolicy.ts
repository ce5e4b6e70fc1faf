/**
 * The sync policy before accounts exist: every connection is anonymous and may write any validly
 * named document. The server binds to loopback by default, so this is only reachable from the
 * machine itself. The identity layer replaces it with session/API-token authentication and the
 * shared access decision.
 */
import type { SyncPolicy } from '../sync/syncServer.ts';

export type AnonymousPrincipal = { kind: 'anonymous' };

export const openSyncPolicy: SyncPolicy<AnonymousPrincipal> = {
  authenticate: async () => ({ ok: true, principal: { kind: 'anonymous' } }),
  authorize: async () => 'write',
};
