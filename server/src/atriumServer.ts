/**
 * Assembles one Atrium server from its parts — database, document store, registry, sync endpoint,
 * HTTP app — and tears it down in the reverse order. Used by `main.ts` and by integration tests,
 * which start real servers on ephemeral ports.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openSyncPolicy } from './access/openSyncPolicy.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { createMetrics } from './metrics.ts';
import { openDatabase } from './storage/sqlite/database.ts';
import { SqliteDocumentStore } from './storage/sqlite/sqliteDocumentStore.ts';
import { DocumentRegistry } from './sync/documentRegistry.ts';
import { SyncServer } from './sync/syncServer.ts';

export type RunningAtrium = {
  port: number;
  /** Base HTTP URL, e.g. http://127.0.0.1:4000 */
  url: string;
  registry: DocumentRegistry;
  log: Logger;
  close(): Promise<void>;
};

export async function startAtrium(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningAtrium> {
  const metrics = createMetrics();
  const db = openDatabase({ dataDir: config.dataDir, sync: config.sqliteSync });
  const store = new SqliteDocumentStore(db, metrics);
  const registry = new DocumentRegistry({
    store,
    compaction: { afterUpdates: config.compactAfterUpdates, afterBytes: config.compactAfterBytes },
    evictGraceMs: config.docEvictGraceMs,
    log: log.child({ module: 'registry' }),
    metrics,
  });
  const app = createApp({
    metrics,
    log: log.child({ module: 'http' }),
    checkReady: () => db.prepare('SELECT 1').get(),
  });
  const sync = new SyncServer({
    registry,
    policy: openSyncPolicy,
    maxMessageBytes: config.maxMessageBytes,
    log: log.child({ module: 'sync' }),
    metrics,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(started as Server),
    );
    started.once('error', reject);
  });
  sync.attach(server);
  const { port } = server.address() as AddressInfo;
  log.info({ port, host: config.host, dataDir: config.dataDir }, 'Atrium is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      sync.close();
      await registry.close();
      await store.close();
      db.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    })();
    return closing;
  };
  return { port, url: `http://${config.host}:${port}`, registry, log, close };
}
