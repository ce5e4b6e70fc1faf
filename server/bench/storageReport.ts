/**
 * The "Storage commits" part of the report, for the Atrium variants: how often the group commit
 * committed during the window, how many updates each commit carried and how long it took, by
 * Atrium's own metrics; and, on a local PostgreSQL, the database's CPU, added to the server's for
 * a cost per delivery that is comparable with SQLite's (whose work is inside the server process).
 */
import type { FanoutMeasurement } from './fanoutRun.ts';
import { fixed } from './format.ts';
import { cpuPerThousand, median } from './stats.ts';
import type { StorageCommits } from './storageMetrics.ts';
import { commitQuantileBound } from './storageMetrics.ts';

export function storageCommits(rows: FanoutMeasurement[]): string[] {
  const measured = rows.filter((m) => m.storage !== null && m.result !== null);
  if (measured.length === 0) return [];
  const groups = new Map<string, FanoutMeasurement[]>();
  for (const m of measured) {
    const key = `${m.scenario.name}\u0000${m.target.id}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const lines = [
    '',
    '## Storage commits (Atrium)',
    '',
    "From Atrium's metrics (`atrium_storage_commit_seconds`, `atrium_storage_batch_updates`), read when the window starts and",
    'when every window edit has arrived (the span of the server CPU figures; commits/s is over that span). One commit is one',
    'transaction of the group commit (the updates received in one event-loop turn), timed by the server around the transaction;',
    'the quantiles are bucket bounds ("≤") of the runs\' histograms pooled. "Database CPU" is the PostgreSQL server\'s processes (postmaster and',
    'backends) over the same span; SQLite works inside the server process, so there the server CPU is the whole cost.',
    'Medians over the runs.',
    '',
    '| Scenario | Server | Commits/s | Updates per commit | Commit ms, mean | Mean of each run ms | Commit ms, p50 / p99 | Database CPU (cores) | Server + database CPU s per 1k deliveries |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const runs of groups.values()) {
    const first = runs[0];
    if (!first) continue;
    const of = (pick: (m: FanoutMeasurement) => number) => median(runs.map(pick));
    const meanMs = (m: FanoutMeasurement) =>
      m.storage && m.storage.commits > 0 ? (1000 * m.storage.commitSeconds) / m.storage.commits : Number.NaN;
    // The runs' histograms pooled: a median of bucket bounds could fall between buckets.
    const histograms = runs.flatMap((m) => (m.storage ? [m.storage] : []));
    const pooled: StorageCommits | null = histograms[0]
      ? {
          commits: histograms.reduce((sum, h) => sum + h.commits, 0),
          updates: histograms.reduce((sum, h) => sum + h.updates, 0),
          commitSeconds: histograms.reduce((sum, h) => sum + h.commitSeconds, 0),
          buckets: histograms[0].buckets.map(([le], i) => [
            le,
            histograms.reduce((sum, h) => sum + (h.buckets[i]?.[1] ?? 0), 0),
          ]),
        }
      : null;
    const bound = (q: number) => (pooled ? 1000 * commitQuantileBound(pooled, q) : Number.NaN);
    const database = of((m) => m.databaseCpuShare);
    const withDatabase = (m: FanoutMeasurement) =>
      m.result && m.result.delivered > 0
        ? (m.serverCpuSeconds + m.databaseCpuShare * m.spanSeconds) / (m.result.delivered / 1000)
        : Number.NaN;
    const total = Number.isFinite(database) ? of(withDatabase) : of(cpuPerThousand);
    lines.push(
      `| ${first.scenario.name} | ${first.target.label} | ${fixed(
        of((m) => (m.storage?.commits ?? Number.NaN) / m.spanSeconds),
        1,
      )} | ${fixed(
        of((m) => (m.storage && m.storage.commits > 0 ? m.storage.updates / m.storage.commits : Number.NaN)),
        1,
      )} | ${fixed(of(meanMs), 2)} | ${runs.map((m) => fixed(meanMs(m), 2)).join(' / ')} | ≤ ${fixed(bound(0.5), 1)} / ≤ ${fixed(
        bound(0.99),
        1,
      )} | ${Number.isFinite(database) ? fixed(database, 2) : 'in server'} | ${fixed(total, 4)} |`,
    );
  }
  return lines;
}
