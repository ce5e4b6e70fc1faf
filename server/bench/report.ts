/**
 * Renders the measurements as Markdown: machine and settings, the fan-out table, the memory tables,
 * and per-run notes for anything that makes a number suspect (losses, crashes, a saturated load
 * generator). Numbers are printed as measured; nothing is smoothed or extrapolated.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { enforcementCost } from './enforcementReport.ts';
import type { FanoutMeasurement, Timing } from './fanoutRun.ts';
import { fixed } from './format.ts';
import { memoryTables } from './memoryReport.ts';
import type { IdleMeasurement } from './memoryRun.ts';
import type { TemplateDatabase } from './servers/benchDatabase.ts';
import { shownUrl } from './servers/benchDatabase.ts';
import type { ServerTarget } from './servers/targets.ts';
import { cpuPerThousand, median } from './stats.ts';
import { storageCommits } from './storageReport.ts';

export type ReportInput = {
  command: string;
  startedAt: Date;
  timing: Timing;
  repeat: number;
  seed: number;
  idleCount: number;
  targets: readonly ServerTarget[];
  /** Servers asked for but not run, each with the reason. */
  skipped: string[];
  /** The PostgreSQL server of Atrium (PostgreSQL), when it ran. */
  database: TemplateDatabase | null;
  fanout: FanoutMeasurement[];
  idle: IdleMeasurement[];
};

/** Above this share of one core the load generator may be delaying receipts, inflating latency. */
const saturatedLoadgen = 0.85;

export function machineInfo(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${os.cpus().length} cores, ${gib} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}

/** The runs of each (scenario, server) pair, in first-seen order. */
function groupRuns(rows: FanoutMeasurement[]): FanoutMeasurement[][] {
  const groups = new Map<string, FanoutMeasurement[]>();
  for (const m of rows) {
    const key = `${m.scenario.name}\u0000${m.target.id}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()];
}

function fanoutTable(rows: FanoutMeasurement[]): string[] {
  const lines = [
    '| Scenario | Server | p50 ms | p95 ms | p99 ms | max ms | p99 of each run ms | Delivered / expected (all runs) | Server CPU s per 1k deliveries | Server CPU (cores) | Server RSS at end MB | Load-gen CPU (cores) | Other load (cores) |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const runs of groupRuns(rows)) {
    const first = runs[0];
    if (!first) continue;
    const ok = runs.filter((m) => m.result !== null);
    const of = (pick: (m: FanoutMeasurement) => number) => median(ok.map(pick));
    const lat = (key: 'p50' | 'p95' | 'p99' | 'max') => of((m) => m.result?.latencyMs?.[key] ?? Number.NaN);
    const perRun = runs.map((m) => fixed(m.result?.latencyMs?.p99 ?? Number.NaN, 1)).join(' / ');
    const delivered = ok.reduce((sum, m) => sum + (m.result?.delivered ?? 0), 0);
    const expected = ok.reduce((sum, m) => sum + (m.result?.expected ?? 0), 0);
    const ratio = expected > 0 ? (100 * delivered) / expected : Number.NaN;
    const failed = runs.length - ok.length;
    const delivery = `${fixed(ratio, 3)}% (${delivered}/${expected})${failed > 0 ? `, ${failed} run(s) failed` : ''}`;
    lines.push(
      `| ${first.scenario.name} | ${first.target.label} | ${fixed(lat('p50'), 2)} | ${fixed(lat('p95'), 2)} | ${fixed(lat('p99'), 2)} | ` +
        `${fixed(lat('max'), 1)} | ${perRun} | ${delivery} | ${fixed(of(cpuPerThousand), 4)} | ` +
        `${fixed(
          of((m) => m.serverCpuShare),
          2,
        )} | ${fixed(
          of((m) => m.serverRssEndMb),
          1,
        )} | ` +
        `${fixed(
          of((m) => m.result?.loadgenCpu ?? Number.NaN),
          2,
        )} | ${fixed(
          of((m) => m.backgroundCores),
          2,
        )} |`,
    );
  }
  return lines;
}

/** Above this many cores of other work during a window, that run's numbers are suspect. */
const noisyBackground = 0.15;

function fanoutNotes(rows: FanoutMeasurement[]): string[] {
  const notes: string[] = [];
  for (const runs of groupRuns(rows)) {
    runs.forEach((m, index) => {
      const where = `${m.scenario.name}, ${m.target.label}, run ${index + 1}`;
      if (m.error) notes.push(`- **${where}: run failed** — ${m.error}`);
      const r = m.result;
      if (!r) return;
      const target = m.scenario.documents * m.scenario.editsPerSecondPerDocument;
      if (r.loadgenCpu >= saturatedLoadgen)
        notes.push(
          `- ${where}: load generator used ${fixed(r.loadgenCpu, 2)} of a core — it may be saturated; latency may be inflated by it.`,
        );
      if (r.achievedEditsPerSecond < 0.97 * target || r.sendLagMaxMs > 50)
        notes.push(
          `- ${where}: sent ${fixed(r.achievedEditsPerSecond, 0)} edits/s of ${target} planned; worst send lag ${fixed(r.sendLagMaxMs, 1)} ms (load generator stalled).`,
        );
      if (m.noisyRetries > 0)
        notes.push(
          `- ${where}: measured ${m.noisyRetries + 1} times; earlier attempts were discarded because other processes were busy.`,
        );
      if (m.backgroundCores > noisyBackground)
        notes.push(
          `- ${where}: other processes used ${fixed(m.backgroundCores, 2)} cores during the window (${m.backgroundTop || 'many small ones'}; machine load just before the run: ${fixed(m.loadBeforeRun, 2)}).`,
        );
      if (r.delivered < r.expected)
        notes.push(`- ${where}: **${r.expected - r.delivered} deliveries missing** after the drain.`);
      if (r.duplicates > 0) notes.push(`- ${where}: ${r.duplicates} edits arrived more than once at the same client.`);
      if (r.misrouted > 0) notes.push(`- ${where}: **${r.misrouted} edits arrived on the wrong document**.`);
      if (r.unknown > 0) notes.push(`- ${where}: ${r.unknown} markers with unknown edit ids.`);
      if (r.unexpectedCloses.length > 0) {
        const sample = [...new Set(r.unexpectedCloses)].slice(0, 3).join('; ');
        notes.push(`- ${where}: **${r.unexpectedCloses.length} sockets closed by the server** (${sample}).`);
      }
    });
  }
  return notes.length > 0 ? notes : ['- none: no losses, failures, saturation or background load flagged.'];
}

export function renderReport(input: ReportInput): string {
  const { timing } = input;
  const lines = [
    '# Sync server benchmark',
    '',
    `- Command: \`${input.command}\``,
    `- Date: ${input.startedAt.toISOString()}`,
    `- Machine: ${machineInfo()}`,
    `- Window: ${timing.warmupSeconds} s warm-up, ${timing.measureSeconds} s measured, drain ≤ ${timing.drainSeconds} s; ${input.repeat} run(s) per server and scenario; seed ${input.seed}`,
    '- Servers (each a fresh process per run, on loopback, run one after another, order rotated between repeats):',
    ...input.targets.map((t) => `  - ${t.label}: ${t.persistence}`),
    ...input.skipped.map((line) => `  - ${line}`),
  ];
  if (input.database) {
    const cpu = input.database.postmasterPid
      ? 'on this machine, its CPU measured'
      : 'its CPU not measured (not on this machine)';
    lines.push(
      `- PostgreSQL: ${input.database.version} at ${shownUrl(input.database.serverUrl)}, ${cpu}; Atrium's default pool of 10 connections`,
    );
  }
  if (input.fanout.length > 0) {
    lines.push(
      '',
      '## Fan-out: latency and cost',
      '',
      'Scenario `DxC@R`: D documents × C clients per document, R edits/s per document, each edit by a random client;',
      'latency is send → first arrival at each of the other C−1 clients, over edits sent in the measured window.',
      'Server CPU is utime+stime from /proc from the window start until every window edit arrived; "per 1k deliveries" divides it by',
      'the number of (edit, receiver) arrivals. Latency and cost columns are medians over the runs. "Other load" is the CPU used during',
      'the window by processes outside the benchmark: the smaller of their summed CPU (from /proc/<pid>/stat, with finished children)',
      'and machine-wide busy CPU (/proc/stat) minus server and load generator.',
      '',
      ...fanoutTable(input.fanout),
      '',
      'Notes:',
      ...fanoutNotes(input.fanout),
    );
  }
  lines.push(...storageCommits(input.fanout));
  lines.push(...enforcementCost(input.fanout));
  if (input.idle.length > 0) {
    lines.push(
      '',
      '## Memory: idle connections and documents',
      '',
      `Server RSS while opening N = ${input.idleCount} idle sockets/documents in 5 equal steps (each document holds one small edit), after`,
      '20 warm-up ones. Each point is taken once RSS has settled: a forced full GC (`--expose-gc` + SIGUSR2, memory runs only) every',
      '0.4 s until five samples agree within 0.25 MB (or 30 s), median of those five.',
      'JS = V8 heap used + external (buffers) right after that GC, i.e. live JavaScript memory, steadier than RSS.',
      'Per item = least-squares slope over the six points. Per connection = slope of "N sockets, 1 document".',
      'Per document (socket per document) = slope of "N sockets, N documents" − per connection. RSS includes allocator and V8 slack,',
      'so treat RSS differences of a few KB as noise.',
      '',
      ...memoryTables(input.idle, input.targets),
    );
  }
  return `${lines.join('\n')}\n`;
}
