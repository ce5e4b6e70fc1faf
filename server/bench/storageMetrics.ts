/**
 * Atrium's own account of its storage commits during a run, read from its Prometheus metrics
 * (`atrium_storage_commit_seconds`, `atrium_storage_batch_updates`, kept by the group commit in
 * `src/storage/sqlDocumentStore.ts`): sampled at the window's start and end, the difference covers
 * the window alone. The commit time is measured by the server around each batch's transaction.
 */

/** Cumulative counters of one sample, or their difference over a window. */
export type StorageCommits = {
  commits: number;
  updates: number;
  commitSeconds: number;
  /** Histogram of commit times: [upper bound in seconds, commits at most that long], ascending. */
  buckets: Array<[number, number]>;
};

export async function readStorageCommits(httpBase: string): Promise<StorageCommits> {
  const response = await fetch(`${httpBase}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const value = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`/metrics has no ${name}`);
    return Number(match[1]);
  };
  const buckets: Array<[number, number]> = [];
  for (const match of text.matchAll(/^atrium_storage_commit_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm)) {
    buckets.push([match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]), Number(match[2])]);
  }
  return {
    commits: value('atrium_storage_commit_seconds_count'),
    updates: value('atrium_storage_batch_updates_sum'),
    commitSeconds: value('atrium_storage_commit_seconds_sum'),
    buckets: buckets.sort((a, b) => a[0] - b[0]),
  };
}

export function commitsBetween(start: StorageCommits, end: StorageCommits): StorageCommits {
  return {
    commits: end.commits - start.commits,
    updates: end.updates - start.updates,
    commitSeconds: end.commitSeconds - start.commitSeconds,
    buckets: end.buckets.map(([le, count]) => [le, count - (start.buckets.find(([l]) => l === le)?.[1] ?? 0)]),
  };
}

/** The histogram bucket holding quantile `q` of the commit times: an upper bound in seconds. */
export function commitQuantileBound(commits: StorageCommits, q: number): number {
  const wanted = q * commits.commits;
  return commits.buckets.find(([, count]) => count >= wanted && count > 0)?.[0] ?? Number.NaN;
}
