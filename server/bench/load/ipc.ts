/**
 * Messages between the orchestrator (run.ts) and the load generator process (loadgen.ts). The load
 * generator announces phase boundaries so the orchestrator, an otherwise idle third process, can
 * sample the server's CPU and memory from /proc at exactly those moments.
 */
import type { ProtocolSpec } from './protocols.ts';

export type LoadConfig = {
  mode: 'load';
  base: string;
  protocol: ProtocolSpec;
  docPrefix: string;
  documents: number;
  clientsPerDocument: number;
  editsPerSecondPerDocument: number;
  warmupSeconds: number;
  measureSeconds: number;
  /** Longest wait after the window for edits still in flight; later arrivals count as lost. */
  drainSeconds: number;
  seed: number;
};

/** How idle sockets are laid out for the memory measurement. */
export type IdleLayout = 'sameDocument' | 'distinctDocuments' | 'oneSocketManyDocuments';

export type IdleConfig = {
  mode: 'idle';
  base: string;
  protocol: ProtocolSpec;
  docPrefix: string;
  layout: IdleLayout;
  /** Opened before the baseline sample so one-time costs (code loading, JIT) are not counted. */
  warmupCount: number;
  /** Sockets or documents opened after the baseline, in `steps` equal steps. */
  count: number;
  steps: number;
};

export type LoadResult = {
  editsSent: number;
  achievedEditsPerSecond: number;
  expected: number;
  delivered: number;
  duplicates: number;
  /** Markers that arrived on a document other than the one they were written to. */
  misrouted: number;
  unknown: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number } | null;
  /** Load generator CPU as a fraction of one core over window + drain, and its event-loop delay. */
  loadgenCpu: number;
  loadgenLoopDelayP99Ms: number;
  /** Worst lag of an edit behind its schedule (the generator could not keep up if large). */
  sendLagMaxMs: number;
  unexpectedCloses: string[];
};

export type ToLoadgen = { type: 'start'; config: LoadConfig | IdleConfig } | { type: 'continue' } | { type: 'stop' };

export type FromLoadgen =
  | { type: 'phase'; phase: 'connected' | 'windowStart' | 'windowEnd' | 'drained' | 'warm' | 'loaded' }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string };
