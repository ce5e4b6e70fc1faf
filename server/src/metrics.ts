/**
 * Prometheus metrics for the sync server, on a registry per server instance (so tests can run
 * several servers in one process). Served at `/metrics`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type SyncMetrics = ReturnType<typeof createMetrics>;

/** What the server derives from documents after a change, as labelled in the derivation metrics. */
export const derivationKinds = ['visibility', 'portal', 'version', 'observer'] as const;
export type DerivationKind = (typeof derivationKinds)[number];

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics = {
    registry,
    connections: new Gauge({ name: 'atrium_connections', help: 'Open sync WebSocket connections', registers }),
    documentsLoaded: new Gauge({ name: 'atrium_documents_loaded', help: 'Documents held in memory', registers }),
    updatesIn: new Counter({
      name: 'atrium_updates_in_total',
      help: 'Document updates received from clients',
      registers,
    }),
    updatesOut: new Counter({ name: 'atrium_updates_out_total', help: 'Document updates sent to clients', registers }),
    bytesIn: new Counter({ name: 'atrium_bytes_in_total', help: 'Bytes received on sync sockets', registers }),
    bytesOut: new Counter({ name: 'atrium_bytes_out_total', help: 'Bytes sent on sync sockets', registers }),
    closedForBadInput: new Counter({
      name: 'atrium_connections_closed_bad_input_total',
      help: 'Connections closed for malformed, oversized or garbage frames',
      registers,
    }),
    storageCommitSeconds: new Histogram({
      name: 'atrium_storage_commit_seconds',
      help: 'Time to commit one batch of document updates',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers,
    }),
    storageBatchSize: new Histogram({
      name: 'atrium_storage_batch_updates',
      help: 'Updates committed per storage transaction',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 1000],
      registers,
    }),
    derivationFailures: new Counter({
      name: 'atrium_derivation_failures_total',
      help: 'Server-side derivations that failed (each attempt), by kind: visibility mirror, portal, automatic version, change observer',
      labelNames: ['kind'] as const,
      registers,
    }),
    derivationsPendingRetry: new Gauge({
      name: 'atrium_derivations_pending_retry',
      help: 'Derivations that failed and wait for a retry, by kind (projects for visibility and portal, documents for versions)',
      labelNames: ['kind'] as const,
      registers,
    }),
    documentLoadSeconds: new Histogram({
      name: 'atrium_document_load_seconds',
      help: 'Time to load a document from storage',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    }),
  };
  // Every kind is exported from the start, so a dashboard sees 0 rather than no series.
  for (const kind of derivationKinds) {
    metrics.derivationFailures.inc({ kind }, 0);
    metrics.derivationsPendingRetry.set({ kind }, 0);
  }
  return metrics;
}
