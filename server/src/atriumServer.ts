/**
 * Assembles one Atrium server from its parts — database, document store, registry, sync endpoint,
 * HTTP app — and tears it down in the reverse order. Used by `main.ts` and by integration tests,
 * which start real servers on ephemeral ports.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { AccessWatcher } from './access/accessChanges.ts';
import { accountSyncPolicy, type SyncPrincipal } from './access/accountSyncPolicy.ts';
import { type AnonymousPrincipal, openSyncPolicy } from './access/openSyncPolicy.ts';
import { createApiApp } from './api/apiApp.ts';
import type { LiveAccess } from './api/context.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { DerivationRetries } from './content/derivationRetries.ts';
import { DiskFileStore } from './content/files.ts';
import { keepHoldsIn } from './content/mirrorBehind.ts';
import { ProjectContent } from './content/projectContent.ts';
import { type ServerDocuments, serverDocuments } from './content/serverDocuments.ts';
import { QuietVersions } from './content/versions.ts';
import { LoginThrottle } from './identity/loginThrottle.ts';
import { createLogger, type Logger } from './log.ts';
import { smtpMailer } from './mail/mailer.ts';
import { OutboxWorker } from './mail/outbox.ts';
import { createMetrics } from './metrics.ts';
import { EscalationWorker } from './requests/escalation.ts';
import { ServiceEvents } from './requests/serviceEvents.ts';
import { ThreadDerivation } from './requests/threadDerivation.ts';
import { type Database, type Db, openDatabase } from './storage/database.ts';
import { SqlDocumentStore } from './storage/sqlDocumentStore.ts';
import { startCheckpointer } from './storage/sqlite/checkpointer.ts';
import { DocumentRegistry } from './sync/documentRegistry.ts';
import { Subscription } from './sync/subscription.ts';
import { ServerWriter } from './sync/syncDocument.ts';
import { type SyncPolicy, SyncServer } from './sync/syncServer.ts';

export type RunningAtrium = {
  port: number;
  /** Base HTTP URL, e.g. http://127.0.0.1:4000 */
  url: string;
  registry: DocumentRegistry;
  content: ProjectContent;
  /** Changes documents as the server on someone's behalf (REST actions, the demo's first content). */
  documents: ServerDocuments;
  /** Automatic versions at quiet points; `flush()` takes the pending ones now. */
  versions: QuietVersions;
  /** The data layer (either engine). */
  database: Database;
  /** Its query builder. */
  db: Db;
  log: Logger;
  /** What happened to requests (escalations, status changes), for in-process consumers. */
  serviceEvents: ServiceEvents;
  /** The SLA escalation worker; `scan()` runs a pass now. */
  escalations: EscalationWorker;
  /** Sends email from the outbox; null when email is off. `deliver()` runs a pass now. */
  outbox: OutboxWorker | null;
  /** The request thread derivation (first response, customer replies); `settled()` for tests. */
  requestThreads: ThreadDerivation;
  close(): Promise<void>;
};

export type StartOptions = {
  log?: Logger;
  /**
   * Embed the bare sync engine with no authentication or access rules (protocol and storage tests).
   * Not reachable from configuration: `npm start` always enforces accounts and access.
   */
  openSync?: boolean;
};

type Principal = SyncPrincipal | AnonymousPrincipal;

/**
 * Runs every teardown step even when an earlier one fails — a failed version flush must not leave
 * the database open or the port taken — then rejects with the first failure.
 */
async function closeInOrder(log: Logger, steps: Array<[string, () => unknown]>): Promise<void> {
  let first: { error: unknown } | undefined;
  for (const [step, run] of steps) {
    try {
      await run();
    } catch (error) {
      log.error({ err: error, step }, 'a shutdown step failed; the rest still run');
      first ??= { error };
    }
  }
  if (first) throw first.error;
}

export async function startAtrium(config: Config, options: StartOptions = {}): Promise<RunningAtrium> {
  const log = options.log ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const database = await openDatabase({
    dataDir: config.dataDir,
    sqliteSync: config.sqliteSync,
    databaseUrl: config.databaseUrl,
  });
  const checkpointer = database.sqlite
    ? startCheckpointer(database.sqlite, 1000, log.child({ module: 'storage' }))
    : null;
  const store = new SqlDocumentStore(database.documents, metrics);
  let content: ProjectContent | undefined;
  let requestThreads: ThreadDerivation | undefined;
  const retries = new DerivationRetries({ metrics, log: log.child({ module: 'derivations' }) });
  const versions = new QuietVersions({
    db: database.db,
    registry: () => registry,
    quietMs: config.versionQuietMs,
    log: log.child({ module: 'versions' }),
    retries,
  });
  const registry = new DocumentRegistry({
    onChange: (document, origin) => {
      content?.onDocumentChanged(document, origin);
      requestThreads?.onDocumentChanged(document, origin);
      if (origin instanceof Subscription) versions.touched(document.name);
    },
    store,
    compaction: { afterUpdates: config.compactAfterUpdates, afterBytes: config.compactAfterBytes },
    evictGraceMs: config.docEvictGraceMs,
    log: log.child({ module: 'registry' }),
    metrics,
    // With accounts, the server's clientIDs are recorded as its own (the bare engine has no owners).
    serverClients: {
      loaded: async (name, clientIds) => accounts?.serverClients.loaded(name, clientIds),
      forWrite: (name, clientId) => accounts?.serverClients.forWrite(name, clientId) ?? null,
    },
  });
  const accounts = options.openSync ? undefined : accountSyncPolicy(database.db, config);
  const policy: SyncPolicy<Principal> = accounts ?? openSyncPolicy;
  const sync = new SyncServer<Principal>({
    registry,
    policy,
    maxMessageBytes: config.maxMessageBytes,
    log: log.child({ module: 'sync' }),
    metrics,
  });
  const revalidateAll = () => {
    accounts?.accessChanged();
    sync.revalidate(() => true);
  };
  // Access changed in another process (the CLI, another server): nobody here knows whose, so every
  // cache goes and every socket is re-decided — its subscriptions, and its credential.
  const accessWatcher = new AccessWatcher({
    db: database.db,
    onChange: async () => {
      revalidateAll();
      await sync.checkCredentials();
    },
    log: log.child({ module: 'access' }),
  });
  const live: LiveAccess = {
    // A "view as customer" socket follows the customer it previews.
    revalidateUsers: (userIds) => {
      // Every membership, role or sharing change passes here: forget remembered standings first.
      accounts?.accessChanged();
      sync.revalidate(
        (principal) =>
          userIds.includes(principal.userId ?? '') ||
          ('viewAs' in principal && userIds.includes(principal.viewAs ?? '')),
      );
    },
    closeCredential: ({ sessionId, tokenId }) =>
      sync.disconnect(
        (principal) =>
          (sessionId !== undefined && principal.sessionId === sessionId) ||
          (tokenId !== undefined && principal.tokenId === tokenId),
        'signed out',
      ),
  };
  content = new ProjectContent({
    db: database.db,
    registry: () => registry,
    revalidateUsers: live.revalidateUsers,
    revalidateAll,
    actorOf: (origin) => (origin instanceof ServerWriter || origin instanceof Subscription ? origin.actorId : null),
    log: log.child({ module: 'content' }),
    retries,
  });
  // Mirrors left behind by a previous run stay held to their plans (fail closed) until caught up.
  void content.catchUp(keepHoldsIn(database.db, path.join(config.dataDir, 'mirror-behind')));
  const documents = serverDocuments(registry, (name) => content?.derivedFrom(name) ?? Promise.resolve());
  const serviceEvents = new ServiceEvents((error, event) =>
    log.error({ err: error, event }, 'a service event listener failed'),
  );
  const requestServices = { db: database.db, documents, events: serviceEvents, log: log.child({ module: 'requests' }) };
  requestThreads = new ThreadDerivation(requestServices);
  const escalations = new EscalationWorker(requestServices, config.slaScanMs);
  const outbox = config.mail
    ? new OutboxWorker(database.db, smtpMailer(config.mail), log.child({ module: 'outbox' }), {
        pollMs: config.outboxPollMs,
      })
    : null;
  const api = createApiApp({
    db: database.db,
    documents,
    config,
    live,
    log: log.child({ module: 'api' }),
    throttle: new LoginThrottle({ perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 }),
    files: new DiskFileStore(path.join(config.dataDir, 'files')),
    serviceEvents,
    outbox,
    resetThrottle: new LoginThrottle({ perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 }),
  });
  const app = createApp({
    api,
    metrics,
    log: log.child({ module: 'http' }),
    checkReady: () => sql`select 1`.execute(database.db),
    webDist: config.webDist,
    maxRequestBytes: config.maxRequestBytes,
    https: config.cookieSecure,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(started as Server),
    );
    started.once('error', reject);
  });
  sync.attach(server);
  // Nothing is cached and no socket is open before now: changes from here on are news.
  await accessWatcher.start();
  escalations.start();
  outbox?.start();
  const { port } = server.address() as AddressInfo;
  log.info({ port, host: config.host, dataDir: config.dataDir }, 'Atrium is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeInOrder(log, [
      ['access watcher', () => accessWatcher.stop()],
      ['SLA escalations', () => escalations.stop()],
      ['outbox', () => outbox?.stop()],
      ['sync sockets', () => sync.close()],
      ['derivations', () => content?.settled()],
      ['request threads', () => requestThreads?.settled()],
      ['visibility mirrors', () => content?.close()],
      ['automatic versions', () => versions.flush()],
      ['documents', () => registry.close()],
      ['document store', () => store.close()],
      ['checkpoint worker', () => checkpointer?.stop()],
      ['database', () => database.close()],
      [
        'http server',
        async () => {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          server.closeAllConnections?.();
        },
      ],
    ]);
    return closing;
  };
  return {
    port,
    url: `http://${config.host}:${port}`,
    registry,
    content,
    documents,
    versions,
    database,
    db: database.db,
    log,
    serviceEvents,
    escalations,
    outbox,
    requestThreads,
    close,
  };
}
