/**
 * What the web performance measurements share (webPerf.ts, documentPerf.ts): options, Chromium's
 * launch settings, cleanup on any exit, waiting for a quiet machine, the real server as a child
 * process, the REST API with a session, the app's sync client over `ws`, the typing probe, and the
 * statistics and formatting of the reports. A script calls `configurePerf` first.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { WebSocketConstructor } from '../../web/src/sync/syncSocket.ts';

export const root = path.resolve(import.meta.dirname, '../..');
export const argv = process.argv.slice(2);
let script = 'perf';
let port = 0;
let base = '';

function option(name: string, fallback: number): number {
  const index = argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
  return value;
}

/** Reads the common options (`--runs`, `--keys`, `--port`, `--help`) and names the script in its log lines. */
export function configurePerf(settings: { script: string; defaultPort: number; usage: string }): {
  runs: number;
  keystrokes: number;
  port: number;
  base: string;
} {
  script = settings.script;
  if (argv.includes('--help')) {
    console.log(settings.usage);
    process.exit(0);
  }
  port = option('port', settings.defaultPort);
  base = `http://127.0.0.1:${port}`;
  return { runs: option('runs', 5), keystrokes: option('keys', 300), port, base };
}

/** After the page is ready, how long the main thread is watched for long tasks. */
export const quietWindowMs = 3000;
/** Local typing cadence: one keystroke every 110 ms (about 110 words per minute). */
export const localKeyIntervalMs = 110;
export const viewport = { width: 1440, height: 900 };
export const chromiumPath = '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const provider = { email: 'provider@demo.atrium.test', password: 'atrium-provider-demo' };

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(…)`; the
 * functions passed to the page carry those calls along, so the page gets a no-op `__name`.
 */
export const nameShim = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const log = (message: string) => console.error(`[${script}] ${message}`);

// ---------------------------------------------------------------------------------------------
// Cleanup: whatever happens, the server is stopped, the browser closed and the data removed.

export const cleanups: Array<() => Promise<void> | void> = [];
export async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log(`cleanup step failed: ${(error as Error).message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().then(() => process.exit(130));
  });
}

const ticksPerSecond = 100; // USER_HZ on Linux

type CpuSnapshot = { at: number; busy: number; ours: number };

export function cpuSnapshot(): CpuSnapshot {
  const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const fields = (cpu ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy =
    (fields[0] ?? 0) + (fields[1] ?? 0) + (fields[2] ?? 0) + (fields[5] ?? 0) + (fields[6] ?? 0) + (fields[7] ?? 0);
  const processes = new Map<number, { parent: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // rest[0] = state (field 3); utime = field 14, stime 15, cutime 16, cstime 17; ppid = field 4
      const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
      processes.set(Number(entry), { parent: Number(rest[1]), ticks });
    } catch {
      // exited meanwhile
    }
  }
  const ourTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      if (current === process.pid) return true;
      current = processes.get(current)?.parent ?? 0;
    }
    return false;
  };
  let ours = 0;
  for (const [pid, info] of processes) if (ourTree(pid)) ours += info.ticks;
  return { at: performance.now(), busy, ours };
}

/** Cores' worth of CPU other processes used between two snapshots. */
export function foreignCores(from: CpuSnapshot, to: CpuSnapshot): number {
  const seconds = (to.at - from.at) / 1000;
  return Math.max(0, (to.busy - from.busy - (to.ours - from.ours)) / ticksPerSecond / seconds);
}

export const quietThreshold = 0.25;

const maxAttempts = 3;

export const foreignSeen: Array<{ what: string; cores: number }> = [];

/** Waits (up to 3 minutes) until other processes use less than a quarter of a core over 2 s. */
export async function waitForQuiet(): Promise<void> {
  for (let waited = 0; waited < 180_000; waited += 2000) {
    const before = cpuSnapshot();
    await sleep(2000);
    const load = foreignCores(before, cpuSnapshot());
    if (load < quietThreshold) return;
    if (waited % 20_000 === 0) log(`machine busy (other processes: ${load.toFixed(2)} cores); waiting`);
  }
  log('machine still busy after 3 minutes; measuring anyway (see the other-process CPU in the report)');
}

/** Runs a measurement on a quiet machine; repeats it (at most twice) when other processes got busy during it. */
export async function quietly<T>(what: string, measure: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  let load = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    await waitForQuiet();
    const before = cpuSnapshot();
    result = await measure();
    load = foreignCores(before, cpuSnapshot());
    if (load < quietThreshold) break;
    log(
      `${what}: other processes used ${load.toFixed(2)} cores meanwhile${attempt < maxAttempts ? '; repeating' : ''}`,
    );
  }
  foreignSeen.push({ what, cores: load });
  return result as T;
}

async function portIsFree(candidate: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

export async function startServer(dataDir: string): Promise<ChildProcess> {
  if (!(await portIsFree(port))) throw new Error(`port ${port} is in use; pass --port`);
  const child = spawn('npx', ['tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ATRIUM_DEMO: 'on',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so npx, tsx and node all stop together
  });
  let output = '';
  let stopping = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.once('exit', (code, signal) => {
    if (!stopping)
      log(`the server exited unexpectedly (code ${code}, signal ${signal}); its output:\n${output.slice(-2000)}`);
  });
  cleanups.push(async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) process.kill(-child.pid, 'SIGKILL');
  });
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    const healthy = await fetch(`${base}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return child;
    await sleep(200);
  }
  throw new Error(`server not healthy after 60 s:\n${output}`);
}

/** Calls the API with a session cookie (and the same-origin header the CSRF check wants). */
export async function api<T>(cookie: string | null, method: string, urlPath: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api${urlPath}`, {
    method,
    headers: {
      origin: base,
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${urlPath}: HTTP ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** The `name=value` of the session cookie a response set. */
export function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0] ?? '')[0];
  if (!cookie) throw new Error('no session cookie in the response');
  return cookie;
}

export async function signIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/signin`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return sessionCookieOf(response);
}

export function cookieWebSocket(cookie: string): WebSocketConstructor {
  class CookieWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { headers: { cookie } });
    }
  }
  return CookieWebSocket as unknown as WebSocketConstructor;
}

export type Summary = { n: number; mean: number; p50: number; p95: number; p99: number; max: number };

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

export function median(values: number[]): number {
  return summarize(values).p50;
}

/** Total length of a set of possibly overlapping intervals (long tasks overlap long animation frames). */
export function unionLength(spans: Array<[number, number]>): number {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}` : '–');

export const ms0 = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}` : '–');

/**
 * Per keystroke: `input` = the keydown's timestamp (when the browser received the key, before any
 * queueing in the page); `handled` = a microtask queued from the last `input` listener runs (the
 * key's DOM change, ProseMirror's transaction, the Yjs update, the message to the server and React's
 * synchronous re-renders are done);
 * `painted` = a task queued from the first animation frame after the keydown runs (that frame's
 * style, layout and paint have been done on the main thread).
 */
export function installTypingProbe(): void {
  const state: Window['__typing'] = { on: false, samples: [], events: [] };
  window.__typing = state;
  const afterTask = (done: (at: number) => void) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(performance.now());
    channel.port2.postMessage(null);
  };
  let current: Window['__typing']['samples'][number] | null = null;
  addEventListener(
    'keydown',
    (event) => {
      if (!state.on) return;
      const sample = { input: event.timeStamp, handled: null as number | null, painted: null as number | null };
      state.samples.push(sample);
      current = sample;
      requestAnimationFrame(() =>
        afterTask((at) => {
          sample.painted = at;
        }),
      );
    },
    true,
  );
  addEventListener('input', () => {
    const sample = current;
    if (!state.on || !sample || sample.handled !== null) return;
    // Queued after the microtasks the edit queued (ProseMirror's DOM observer, the Yjs update, React's
    // synchronous re-render), so it runs once they are done, before anything else (a frame) can run.
    queueMicrotask(() => {
      sample.handled = performance.now();
    });
  });
  try {
    new PerformanceObserver((list) => {
      if (!state.on) return;
      for (const entry of list.getEntries() as Array<PerformanceEventTiming & { interactionId?: number }>)
        state.events.push({
          name: entry.name,
          start: entry.startTime,
          duration: entry.duration,
          interactionId: entry.interactionId ?? 0,
        });
    }).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  } catch {
    // no Event Timing
  }
}

export function machine(): string {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${model}, ${os.availableParallelism()} cores (nproc), ${gib} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}

export const prose =
  'we moved the hero image below the fold and the client asked for a shorter headline so the ' +
  'call to action stays visible on small screens while the footer keeps the legal links ';

declare global {
  interface Window {
    __typing: {
      on: boolean;
      samples: Array<{ input: number; handled: number | null; painted: number | null }>;
      events: Array<{ name: string; start: number; duration: number; interactionId: number }>;
    };
  }
}
