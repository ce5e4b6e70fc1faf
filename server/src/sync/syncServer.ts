/**
 * The sync endpoint: accepts WebSocket upgrades on the HTTP server, routes them by path, and keeps
 * the set of live connections (heartbeat, shutdown).
 *
 *   /sync/<document name>  one document per socket, the y-websocket protocol unchanged
 *   /ws                    one socket, many documents (frames prefixed with the document name)
 *
 * Who may connect and what they may open are decided by the `policy` hooks, so identity and
 * access plug in without touching the protocol.
 */
import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import { closeCode } from '@atrium/shared/protocol/errorCodes.ts';
import { WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { SyncMetrics } from '../metrics.ts';
import { Connection, type Framing } from './connection.ts';
import type { DocumentRegistry } from './documentRegistry.ts';
import type { WriteExtras } from './syncDocument.ts';

/**
 * A write's verdict: refused (and why), or accepted with what comes with it (rows stored in its
 * transaction, and what to forget if it is not stored).
 */
export type WriteVerdict = { refusal: string } | ({ refusal: null } & WriteExtras);

export const writeAccepted: WriteVerdict = { refusal: null };

export type Authentication<Principal> =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; message: string };

/** Who is connected; `userId` (and the name presence shows) is absent for anonymous connections. */
export type BasePrincipal = { userId?: string | undefined; userName?: string | undefined };

/** The decisions the sync server delegates: who is connecting, and what they may do with a document. */
export interface SyncPolicy<Principal extends BasePrincipal> {
  authenticate(request: IncomingMessage): Promise<Authentication<Principal>>;
  /** May answer synchronously; live revocation is then immediate (no later update slips through). */
  authorize(principal: Principal, documentName: string): AccessLevel | Promise<AccessLevel>;
  /**
   * Checks a write the caller may make in principle against the document's rules (authorship,
   * whose messages may be edited). Answers synchronously when it knows enough (the common case);
   * while a promised verdict is pending, the subscription holds its later messages, in order.
   */
  validateWrite?(
    principal: Principal,
    documentName: string,
    doc: Y.Doc,
    update: Uint8Array,
  ): WriteVerdict | Promise<WriteVerdict>;
  /**
   * Whether the credentials sockets were opened with still exist, one answer per principal, in
   * order. Asked for every connection at once, every `credentialCheckMs`: credentials can end
   * outside this process (`atrium user reset-password` deletes the account's sessions from the
   * database), and those sockets must not stay open. One call per round, so a policy can answer
   * with one query for all of them rather than one per socket.
   */
  stillAuthenticated?(principals: readonly Principal[]): boolean[] | Promise<boolean[]>;
}

export type SyncServerOptions<Principal extends BasePrincipal> = {
  registry: DocumentRegistry;
  policy: SyncPolicy<Principal>;
  maxMessageBytes: number;
  log: Logger;
  metrics: SyncMetrics;
  heartbeatMs?: number;
  /** How often every connection's credential is checked (see `SyncPolicy.stillAuthenticated`). */
  credentialCheckMs?: number;
};

const singlePrefix = '/sync/';
const multiplexedPath = '/ws';

export class SyncServer<Principal extends BasePrincipal> {
  private readonly sockets: WebSocketServer;
  private readonly connections = new Map<Connection, Principal>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly credentialCheck: NodeJS.Timeout;
  private connectionSeq = 0;
  private checkingCredentials = false;
  /** A check was asked for while one was running: it may have read before the change, so run again. */
  private credentialsCheckAgain = false;

  constructor(private readonly options: SyncServerOptions<Principal>) {
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
    this.heartbeat = setInterval(() => {
      for (const connection of this.connections.keys()) connection.heartbeat();
    }, options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    // A tick during a slow round is skipped: the next tick comes soon enough.
    this.credentialCheck = setInterval(() => {
      if (!this.checkingCredentials) void this.checkCredentials();
    }, options.credentialCheckMs ?? 2000);
    this.credentialCheck.unref();
  }

  attach(server: Server): void {
    server.on('upgrade', (request, socket, head) => {
      void this.upgrade(request, socket, head);
    });
  }

  /** Closes every connection; the registry is closed by the caller afterwards. */
  close(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.credentialCheck);
    for (const connection of this.connections.keys()) connection.close(closeCode.shuttingDown, 'server shutting down');
    this.sockets.close();
  }

  /**
   * Re-decides every subscription of the matching connections, at once: a subscription whose
   * access is gone is closed with an `access_revoked` error, one lowered to read-only stops
   * accepting writes. Called when membership, roles or sharing change.
   */
  revalidate(match: (principal: Principal) => boolean): void {
    for (const [connection, principal] of this.connections) {
      if (match(principal)) connection.reauthorize();
    }
  }

  /** Closes the matching connections (their credential was revoked); clients must sign in again. */
  disconnect(match: (principal: Principal) => boolean, reason: string): void {
    for (const [connection, principal] of this.connections) {
      if (match(principal)) connection.close(closeCode.unauthorized, reason);
    }
  }

  /**
   * Closes the connections whose credential ended elsewhere (another process, or expiry of a token
   * row). Runs every `credentialCheckMs`, and at once when another process changed access.
   */
  async checkCredentials(): Promise<void> {
    const stillAuthenticated = this.options.policy.stillAuthenticated?.bind(this.options.policy);
    if (!stillAuthenticated) return;
    // One round at a time: a slow database must not pile up checks of every connection. A round
    // asked for meanwhile runs once this one is done (this one may have read before the change).
    if (this.checkingCredentials) {
      this.credentialsCheckAgain = true;
      return;
    }
    this.checkingCredentials = true;
    try {
      do {
        this.credentialsCheckAgain = false;
        await this.closeRevoked(stillAuthenticated);
      } while (this.credentialsCheckAgain);
    } finally {
      this.checkingCredentials = false;
    }
  }

  private async closeRevoked(
    stillAuthenticated: (principals: readonly Principal[]) => boolean[] | Promise<boolean[]>,
  ): Promise<void> {
    const connections = [...this.connections];
    if (connections.length === 0) return;
    let live: boolean[];
    try {
      live = await stillAuthenticated(connections.map(([, principal]) => principal));
    } catch (error) {
      // A failed check (database unreachable) keeps the sockets as they are; it is retried next time.
      this.options.log.error({ err: error, failed: connections.length }, 'checking sync credentials failed');
      return;
    }
    for (const [index, [connection]] of connections.entries()) {
      if (live[index] === false) connection.close(closeCode.unauthorized, 'signed out');
    }
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const framing = framingFor(request.url ?? '');
    if (!framing) return rejectUpgrade(socket, 404, 'Not a sync endpoint');
    let authentication: Authentication<Principal>;
    try {
      authentication = await this.options.policy.authenticate(request);
    } catch (error) {
      this.options.log.error({ err: error }, 'authentication failed');
      return rejectUpgrade(socket, 500, 'Authentication failed');
    }
    if (!authentication.ok) return rejectUpgrade(socket, authentication.status, authentication.message);
    const authenticated = authentication.principal;
    this.sockets.handleUpgrade(request, socket, head, (ws) => {
      const log = this.options.log.child({ connection: ++this.connectionSeq });
      const connection = new Connection(ws, framing, {
        registry: this.options.registry,
        authorize: (name) => this.options.policy.authorize(authenticated, name),
        validateWrite: (name, doc, update) =>
          this.options.policy.validateWrite?.(authenticated, name, doc, update) ?? writeAccepted,
        actorId: authenticated.userId ?? null,
        actorName: authenticated.userName ?? null,
        log,
        metrics: this.options.metrics,
      });
      this.connections.set(connection, authenticated);
      ws.on('close', () => this.connections.delete(connection));
    });
  }
}

function framingFor(url: string): Framing | null {
  const path = url.split('?')[0] ?? '';
  if (path === multiplexedPath) return { kind: 'multiplexed' };
  if (!path.startsWith(singlePrefix)) return null;
  try {
    return { kind: 'single', documentName: decodeURIComponent(path.slice(singlePrefix.length)) };
  } catch {
    return null;
  }
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const code = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[status] ?? 'internal';
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
