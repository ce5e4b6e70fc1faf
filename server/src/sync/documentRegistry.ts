/**
 * The documents held in memory. A document is loaded on its first subscription, shared by every
 * connection that subscribes, and evicted a grace period after its last subscriber leaves (its log
 * compacted first, so the next load is one snapshot read). Memory is thus bounded by what is in use.
 */

import type { Logger } from '../log.ts';
import type { SyncMetrics } from '../metrics.ts';
import type { DocumentStore } from '../storage/documentStore.ts';
import {
  type ChangeObserver,
  type CompactionPolicy,
  type ServerClients,
  type Subscriber,
  SyncDocument,
} from './syncDocument.ts';

export type RegistryOptions = {
  store: DocumentStore;
  compaction: CompactionPolicy;
  evictGraceMs: number;
  log: Logger;
  metrics: SyncMetrics;
  /** Told about every loaded document and every applied change (server-side derivations). */
  onChange?: ChangeObserver;
  /** Records the clientIDs the server writes under as the server's (see SyncDocument). */
  serverClients?: ServerClients;
};

export class DocumentRegistry {
  private readonly loaded = new Map<string, SyncDocument>();
  private readonly loading = new Map<string, Promise<SyncDocument>>();
  private readonly evictionTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: RegistryOptions) {}

  get size(): number {
    return this.loaded.size;
  }

  /** The live document, if it is in memory (for tests and diagnostics). */
  peek(name: string): SyncDocument | undefined {
    return this.loaded.get(name);
  }

  /** Subscribes to a document, loading it first if needed. */
  async subscribe(name: string, subscriber: Subscriber): Promise<SyncDocument> {
    const document = await this.get(name);
    this.cancelEviction(name);
    document.subscribe(subscriber);
    return document;
  }

  unsubscribe(document: SyncDocument, subscriber: Subscriber): void {
    document.unsubscribe(subscriber);
    if (document.subscribers.size === 0) this.scheduleEviction(document);
  }

  /** Compacts and drops every document; used at shutdown after connections are closed. */
  async close(): Promise<void> {
    for (const timer of this.evictionTimers.values()) clearTimeout(timer);
    this.evictionTimers.clear();
    await Promise.allSettled(this.loading.values());
    for (const document of [...this.loaded.values()]) await this.evict(document);
  }

  private get(name: string): Promise<SyncDocument> {
    const existing = this.loaded.get(name);
    if (existing) return Promise.resolve(existing);
    const pending = this.loading.get(name);
    if (pending) return pending;
    const { store, compaction, log, metrics, onChange, serverClients } = this.options;
    const endTimer = metrics.documentLoadSeconds.startTimer();
    const load = SyncDocument.load(name, {
      store,
      policy: compaction,
      log: log.child({ document: name }),
      metrics,
      onChange,
      serverClients,
    })
      .then((document) => {
        this.loaded.set(name, document);
        metrics.documentsLoaded.set(this.loaded.size);
        endTimer();
        // Loaded for a subscriber that may have left meanwhile: make sure it can still be evicted.
        this.scheduleEviction(document);
        return document;
      })
      .finally(() => this.loading.delete(name));
    this.loading.set(name, load);
    return load;
  }

  private scheduleEviction(document: SyncDocument): void {
    if (document.subscribers.size > 0 || this.evictionTimers.has(document.name)) return;
    const timer = setTimeout(() => {
      this.evictionTimers.delete(document.name);
      if (!document.idle) {
        // Writes still committing: try again after another grace period.
        if (document.subscribers.size === 0) this.scheduleEviction(document);
        return;
      }
      void this.evict(document);
    }, this.options.evictGraceMs);
    timer.unref();
    this.evictionTimers.set(document.name, timer);
  }

  private cancelEviction(name: string): void {
    const timer = this.evictionTimers.get(name);
    if (!timer) return;
    clearTimeout(timer);
    this.evictionTimers.delete(name);
  }

  private async evict(document: SyncDocument): Promise<void> {
    this.loaded.delete(document.name);
    this.options.metrics.documentsLoaded.set(this.loaded.size);
    if (document.hasUncompactedLog) await document.compact();
    document.destroy();
  }
}
