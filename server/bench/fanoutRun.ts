/**
 * One fan-out run: a fresh server process and a load generator process running one scenario. The
 * server's CPU is read at the window's start and once every window edit has arrived; its RSS at
 * that end; and the CPU of everything else on the machine over the same span, so a run disturbed
 * by other work can be recognised (and repeated by the caller). For Atrium its storage commits over
 * the window are read from its metrics; on a local PostgreSQL, the database's CPU is read too (it
 * does in other processes the work SQLite does inside the server). Failures are returned as data.
 */
import type { LoadConfig, LoadResult } from './load/ipc.ts';
import type { Paths, PreparedTarget } from './loadgenProcess.ts';
import { quietThreshold, runLoadgen } from './loadgenProcess.ts';
import {
  cpuSeconds,
  machineBusySeconds,
  otherProcesses,
  rssMb,
  sampleProcesses,
  treeCpuSeconds,
  waitForQuiet,
} from './proc.ts';
import type { RunningServer } from './servers/launch.ts';
import { launchServer } from './servers/launch.ts';
import type { ServerTarget } from './servers/targets.ts';
import type { StorageCommits } from './storageMetrics.ts';
import { commitsBetween, readStorageCommits } from './storageMetrics.ts';

export type Scenario = {
  name: string;
  slug: string;
  documents: number;
  clientsPerDocument: number;
  editsPerSecondPerDocument: number;
};
export type Timing = { warmupSeconds: number; measureSeconds: number; drainSeconds: number };

export type FanoutMeasurement = {
  target: ServerTarget;
  scenario: Scenario;
  result: LoadResult | null;
  error: string | null;
  /** Server CPU seconds from the window's first edit until every window edit arrived (or the drain ended). */
  serverCpuSeconds: number;
  serverCpuShare: number;
  /** Wall seconds from the window's first edit until every window edit arrived (the span of the CPU figures). */
  spanSeconds: number;
  serverRssEndMb: number;
  /** Cores used by the PostgreSQL server over the same span as the server's CPU; NaN when not measured. */
  databaseCpuShare: number;
  /** Storage commits during the window (Atrium only), or null. */
  storage: StorageCommits | null;
  /** Cores used by processes outside the benchmark during the window, and the biggest of them. */
  backgroundCores: number;
  backgroundTop: string;
  /** Machine load seen just before the run, after waiting (at most a while) for it to drop. */
  loadBeforeRun: number;
  /** How many earlier attempts of this run were discarded because other processes were busy. */
  noisyRetries: number;
};

export async function measureFanout(
  prepared: PreparedTarget,
  scenario: Scenario,
  timing: Timing,
  paths: Paths,
  seed: number,
) {
  const { target } = prepared;
  const quiet = await waitForQuiet(quietThreshold, 60_000);
  const measurement: FanoutMeasurement = {
    target,
    scenario,
    result: null,
    error: null,
    serverCpuSeconds: Number.NaN,
    serverCpuShare: Number.NaN,
    spanSeconds: Number.NaN,
    serverRssEndMb: Number.NaN,
    databaseCpuShare: Number.NaN,
    storage: null,
    backgroundCores: Number.NaN,
    backgroundTop: '',
    loadBeforeRun: quiet.load,
    noisyRetries: 0,
  };
  let server: RunningServer | null = null;
  try {
    server = await launchServer(target, paths.serverDir, `${paths.logDir}/${target.id}-${scenario.slug}.log`, prepared);
    const pid = server.pid;
    const running = server;
    const postmaster = prepared.database?.postmasterPid ?? null;
    const ours = [process.pid, process.ppid, ...(postmaster ? [postmaster] : [])];
    let storageAtStart: Promise<StorageCommits> | null = null;
    let storageAtEnd: Promise<StorageCommits> | null = null;
    let cpuStart = 0;
    let wallStart = 0;
    let processesAtStart: ReturnType<typeof sampleProcesses> = new Map();
    let machineAtStart = 0;
    let machineCores = Number.NaN;
    let otherByProcess = Number.NaN;
    const config: LoadConfig = {
      mode: 'load',
      base: server.base,
      protocol: { ...target.protocol, query: prepared.query },
      docPrefix: `${prepared.namePrefix}bench-${scenario.slug}`,
      documents: scenario.documents,
      clientsPerDocument: scenario.clientsPerDocument,
      editsPerSecondPerDocument: scenario.editsPerSecondPerDocument,
      ...timing,
      seed,
    };
    const budgetMs = (120 + timing.warmupSeconds + timing.measureSeconds + timing.drainSeconds) * 1000;
    measurement.result = await runLoadgen(config, server, budgetMs, (phase) => {
      if (phase === 'windowStart') {
        cpuStart = cpuSeconds(pid);
        processesAtStart = sampleProcesses();
        machineAtStart = machineBusySeconds();
        wallStart = performance.now();
        // After the CPU sample: the request's own cost falls in the window, the same for both Atrium variants.
        if (target.servesMetrics) storageAtStart = readStorageCommits(running.httpBase);
      } else if (phase === 'drained') {
        const seconds = (performance.now() - wallStart) / 1000;
        measurement.spanSeconds = seconds;
        measurement.serverCpuSeconds = cpuSeconds(pid) - cpuStart;
        measurement.serverCpuShare = measurement.serverCpuSeconds / seconds;
        measurement.serverRssEndMb = rssMb(pid);
        // Everything this process started (server, load generator) is ours; so is tsx's launcher.
        machineCores = (machineBusySeconds() - machineAtStart) / seconds;
        const processesAtEnd = sampleProcesses();
        if (postmaster) {
          const used = treeCpuSeconds(processesAtEnd, postmaster) - treeCpuSeconds(processesAtStart, postmaster);
          measurement.databaseCpuShare = used / seconds;
        }
        const other = otherProcesses(processesAtStart, processesAtEnd, ours, seconds);
        otherByProcess = other.cores;
        measurement.backgroundTop = other.top;
        if (target.servesMetrics) storageAtEnd = readStorageCommits(running.httpBase);
      }
    });
    if (storageAtStart && storageAtEnd) measurement.storage = commitsBetween(await storageAtStart, await storageAtEnd);
    // Two upper bounds on what other processes used: the per-process sum (which counts a child
    // that ended in the window whole, even its CPU from before) and machine busy time minus ours
    // (which includes kernel work done for us). The smaller is the better estimate.
    if (measurement.result) {
      const database = Number.isFinite(measurement.databaseCpuShare) ? measurement.databaseCpuShare : 0;
      const residual = Math.max(
        0,
        machineCores - measurement.serverCpuShare - measurement.result.loadgenCpu - database,
      );
      measurement.backgroundCores = Math.min(otherByProcess, residual);
    }
  } catch (error) {
    measurement.error = error instanceof Error ? error.message : String(error);
  } finally {
    await server?.stop();
  }
  return measurement;
}
