/**
 * What every API route can reach: the database, configuration, the sync server's live-access
 * hooks, and the resolved caller. Routes get these from the Hono context, never from globals.
 */

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import type { FileStore } from '../content/files.ts';
import type { ServerDocuments } from '../content/serverDocuments.ts';
import { Unauthorized } from '../errors.ts';
import type { Caller } from '../identity/callers.ts';
import type { LoginThrottle } from '../identity/loginThrottle.ts';
import type { Logger } from '../log.ts';
import type { OutboxWorker } from '../mail/outbox.ts';
import type { ServiceEvents } from '../requests/serviceEvents.ts';
import type { Db } from '../storage/database.ts';

/** How the API tells live sync connections that access changed. */
export interface LiveAccess {
  /** Re-checks every open subscription of these users; subscriptions they lost are closed at once. */
  revalidateUsers(userIds: string[]): void;
  /** Closes sync sockets opened with a credential that no longer exists (sign-out, token revoked). */
  closeCredential(credential: { sessionId?: string; tokenId?: string }): void;
}

export type ApiServices = {
  /** The data layer (either engine). */
  db: Db;
  documents: ServerDocuments;
  config: Config;
  throttle: LoginThrottle;
  live: LiveAccess;
  log: Logger;
  files: FileStore;
  /** What happened to requests, for in-process consumers (notifications). */
  serviceEvents: ServiceEvents;
  /** Sends what routes enqueue (email); null when email is off (no SMTP_URL). */
  outbox: OutboxWorker | null;
  /** Limits password-reset requests per account and address, as `throttle` limits sign-ins. */
  resetThrottle: LoginThrottle;
};

export type ApiEnv = { Variables: { services: ApiServices; caller: Caller | null } };

export type ApiContext = Context<ApiEnv>;

export function services(c: ApiContext): ApiServices {
  return c.get('services');
}

/** The signed-in caller, or a 401. */
export function caller(c: ApiContext): Caller {
  const found = c.get('caller');
  if (!found) throw Unauthorized();
  return found;
}

export function clientAddress(c: ApiContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
