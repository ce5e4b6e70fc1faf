/**
 * Resource readings from /proc. A process's CPU is utime+stime of all its threads (so SQLite or
 * worker threads count), its memory is VmRSS. Machine-wide busy time comes from /proc/stat and is
 * used to notice other work on the machine (a compiler, a test run) that would distort a run.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User + system CPU seconds consumed so far by process `pid`. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the full line, i.e. 11 and 12 here (0-based).
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Resident set size of process `pid` in MiB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** CPU seconds all cores have spent busy (anything but idle and iowait) since boot. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / clockTicks;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cores' worth of CPU the whole machine used over the next `ms` milliseconds. */
export async function machineLoad(ms: number): Promise<number> {
  const before = machineBusySeconds();
  const start = performance.now();
  await sleep(ms);
  return (machineBusySeconds() - before) / ((performance.now() - start) / 1000);
}

/**
 * Waits until the machine is quiet (below `threshold` cores busy over a second) or `maxWaitMs`
 * has passed; returns the last load seen and how long it waited, so a noisy run can be flagged.
 */
export async function waitForQuiet(threshold: number, maxWaitMs: number): Promise<{ load: number; waitedMs: number }> {
  const start = performance.now();
  for (;;) {
    const load = await machineLoad(1000);
    const waitedMs = performance.now() - start;
    if (load < threshold || waitedMs >= maxWaitMs) return { load, waitedMs };
    await sleep(2000);
  }
}

type ProcessSample = { ppid: number; command: string; cpu: number };

/**
 * CPU seconds so far of every process on the machine, by pid: its own plus that of its children
 * that have ended and been waited for, so a short job (a compiler run) that starts and finishes
 * between two samples still shows up, in its parent.
 */
export function sampleProcesses(): Map<number, ProcessSample> {
  const table = new Map<number, ProcessSample>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        command: stat.slice(open + 1, close),
        // utime, stime, cutime, cstime: fields 14–17 of the full line.
        cpu: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / clockTicks,
      });
    } catch {
      // the process ended while we were reading
    }
  }
  return table;
}

/**
 * CPU used between two samples by processes outside `ours` (and their descendants), in cores over
 * `seconds`, with the biggest users by command name. Kernel threads are left out: they do work on
 * behalf of the benchmark itself (loopback networking, disk writeback). A process that was already
 * running at the first sample and ended before the second is counted whole in its parent, which
 * can overstate the figure; that errs on the side of flagging a run.
 */
export function otherProcesses(
  before: Map<number, ProcessSample>,
  after: Map<number, ProcessSample>,
  ours: number[],
  seconds: number,
): { cores: number; top: string } {
  const mine = new Set(ours);
  const isOurs = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (mine.has(p)) return true;
      const parent = after.get(p)?.ppid ?? before.get(p)?.ppid;
      if (parent === undefined) return false;
      p = parent;
    }
    return false;
  };
  const byCommand = new Map<string, number>();
  let total = 0;
  for (const [pid, now] of after) {
    if (pid === 2 || now.ppid === 2 || isOurs(pid)) continue;
    const used = now.cpu - (before.get(pid)?.cpu ?? 0);
    if (used <= 0) continue;
    total += used;
    byCommand.set(now.command, (byCommand.get(now.command) ?? 0) + used);
  }
  const top = [...byCommand]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .filter(([, used]) => used / seconds >= 0.02)
    .map(([command, used]) => `${command} ${(used / seconds).toFixed(2)}`)
    .join(', ');
  return { cores: total / seconds, top };
}

/** CPU seconds of process `root` and all its descendants in one sample (PostgreSQL: the postmaster and its backends). */
export function treeCpuSeconds(sample: Map<number, ProcessSample>, root: number): number {
  const descends = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      const parent = sample.get(p)?.ppid;
      if (parent === undefined) return false;
      p = parent;
    }
    return false;
  };
  let total = 0;
  for (const [pid, process] of sample) if (descends(pid)) total += process.cpu;
  return total;
}
