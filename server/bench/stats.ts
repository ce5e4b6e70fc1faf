/** Summaries the report computes from the runs: medians, and server CPU per 1k deliveries. */
import type { FanoutMeasurement } from './fanoutRun.ts';

/** The median of the finite values, NaN when there are none. */
export const median = (values: number[]): number => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Server CPU seconds per 1000 (edit, receiver) arrivals in one run. */
export const cpuPerThousand = (m: FanoutMeasurement) =>
  m.result && m.result.delivered > 0 ? m.serverCpuSeconds / (m.result.delivered / 1000) : Number.NaN;
