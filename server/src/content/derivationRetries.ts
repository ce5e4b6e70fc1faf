/**
 * Derivations that failed and are tried again until they succeed. A derivation (the visibility
 * mirror, the portal, an automatic version) that throws is counted in
 * `atrium_derivation_failures_total{kind}`, logged once per attempt, and retried with a growing
 * delay; `atrium_derivations_pending_retry{kind}` says how many wait. The owner of a derivation
 * reports every outcome — `failed` (again) or `succeeded`, whether from a retry or from a later
 * change that derived anyway — so a retry is just a nudge to run the derivation once more.
 */
import type { Logger } from '../log.ts';
import type { DerivationKind, SyncMetrics } from '../metrics.ts';

export type RetryDelays = { firstMs: number; maxMs: number };

type Waiting = { kind: DerivationKind; attempts: number; timer: NodeJS.Timeout | undefined; retry: () => void };

export class DerivationRetries {
  private readonly waiting = new Map<string, Waiting>();
  private closed = false;

  constructor(
    private readonly options: {
      metrics: Pick<SyncMetrics, 'derivationFailures' | 'derivationsPendingRetry'>;
      log: Logger;
      delays?: RetryDelays;
    },
  ) {}

  /** The derivation `key` of this kind failed: count it and run `retry` later, until it succeeds. */
  failed(kind: DerivationKind, key: string, error: unknown, retry: () => void): void {
    const { metrics, log, delays = { firstMs: 100, maxMs: 30_000 } } = this.options;
    metrics.derivationFailures.inc({ kind });
    const id = `${kind}:${key}`;
    const before = this.waiting.get(id);
    clearTimeout(before?.timer);
    const attempts = (before?.attempts ?? 0) + 1;
    const delay = Math.min(delays.firstMs * 2 ** (attempts - 1), delays.maxMs);
    log.error({ err: error, kind, key, attempts, retryInMs: delay }, 'a derivation failed; it is retried');
    const waiting: Waiting = { kind, attempts, timer: undefined, retry };
    if (!this.closed) {
      waiting.timer = setTimeout(() => {
        waiting.timer = undefined;
        try {
          retry();
        } catch (error) {
          this.failed(kind, key, error, retry);
        }
      }, delay);
      waiting.timer.unref();
    }
    this.waiting.set(id, waiting);
    this.count(kind);
  }

  /** The derivation `key` of this kind is now in line with its source. */
  succeeded(kind: DerivationKind, key: string): void {
    const id = `${kind}:${key}`;
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(id);
    this.count(kind);
  }

  /** The keys of this kind waiting for a retry. */
  pending(kind: DerivationKind): string[] {
    return [...this.waiting.entries()]
      .filter(([, waiting]) => waiting.kind === kind)
      .map(([id]) => id.slice(kind.length + 1));
  }

  /** Shutdown: no more timed retries; what still waits stays counted (and is logged by its owner). */
  close(): void {
    this.closed = true;
    for (const waiting of this.waiting.values()) clearTimeout(waiting.timer);
  }

  private count(kind: DerivationKind): void {
    this.options.metrics.derivationsPendingRetry.set({ kind }, this.pending(kind).length);
  }
}
