/**
 * Starting and stopping a server under test. Each server runs as its own
 * `node --import tsx <entry>` process on a free loopback port, with its output going to a log file
 * (kept as evidence if it misbehaves), and a fresh data directory (a copy of the prepared template,
 * if the target has one) removed afterwards — on PostgreSQL also a fresh copy of the template
 * database, dropped afterwards. It counts as ready when its readiness URL answers 200.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prepared } from './atriumSetup.ts';
import { copyTemplateDatabase, dropDatabase, urlOf } from './benchDatabase.ts';
import type { ServerTarget } from './targets.ts';

export type RunningServer = {
  pid: number;
  /**
   * With the GC hook: runs a full GC in the server and returns its `process.memoryUsage()` right
   * after; null without the hook or if the server did not answer in time.
   */
  collectGarbage(): Promise<NodeJS.MemoryUsage | null>;
  base: string;
  /** The same server over HTTP (its /metrics). */
  httpBase: string;
  /** Why the process ended, or null while it is running. */
  exitReason(): string | null;
  stop(): Promise<void>;
};

/** Server processes started and not yet exited, so an interrupted bench can end them. */
const running = new Map<ChildProcess, string | null>();

/**
 * Kills every server this process started that is still running and removes its data directory
 * (used when the bench is interrupted).
 */
export function killRunningServers(): void {
  for (const [child, dataDir] of running) {
    child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function launchServer(
  target: ServerTarget,
  serverDir: string,
  logPath: string,
  /** Data directory (and database) prepared once (accounts etc.), copied for this run. */
  prepared: Pick<Prepared, 'template' | 'database'>,
  /** Install the SIGUSR2 → full GC hook (memory measurement only). */
  gcHook = false,
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = target.needsDataDir ? mkdtempSync(path.join(tmpdir(), `bench-${target.id}-`)) : null;
  if (dataDir && prepared.template) cpSync(prepared.template, dataDir, { recursive: true });
  const { database } = prepared;
  const databaseName = database ? await copyTemplateDatabase(database) : null;
  const log = openSync(logPath, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env(port, dataDir ?? '') };
  delete env.YPERSISTENCE; // the reference server must stay in memory
  // Only the PostgreSQL variant may use PostgreSQL, and only its own copy.
  delete env.DATABASE_URL;
  if (database && databaseName) env.DATABASE_URL = urlOf(database.serverUrl, databaseName);
  const hook = gcHook ? ['--expose-gc', '--import', fileURLToPath(new URL('./gcOnSignal.ts', import.meta.url))] : [];
  const memoryFile = path.join(tmpdir(), `bench-memory-${process.pid}-${port}.json`);
  if (gcHook) env.BENCH_MEMORY_FILE = memoryFile;
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the servers only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
  // to profile a server under the bench load (NODE_OPTIONS refuses --cpu-prof).
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', ...hook, target.entry], {
    cwd: serverDir,
    env,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  running.set(child, dataDir);
  let exitReason: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exitReason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${target.label}: could not spawn`);

  const stop = async () => {
    if (exitReason === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    rmSync(memoryFile, { force: true });
    if (database && databaseName) await dropDatabase(database.serverUrl, databaseName);
  };

  const readyUrl = `http://127.0.0.1:${port}${target.readyPath}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitReason !== null) {
      await stop();
      throw new Error(`${target.label} ${exitReason} before it was ready; see ${logPath}`);
    }
    if (await answers200(readyUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${target.label} not ready within 30 s at ${readyUrl}; see ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    pid,
    base: `ws://127.0.0.1:${port}`,
    httpBase: `http://127.0.0.1:${port}`,
    collectGarbage: async () => {
      if (!gcHook) return null;
      rmSync(memoryFile, { force: true });
      child.kill('SIGUSR2');
      // A full GC of a few hundred MB takes well under a second; poll for the answer.
      for (let waited = 0; waited < 3000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        try {
          return JSON.parse(readFileSync(memoryFile, 'utf8')) as NodeJS.MemoryUsage;
        } catch {
          // not written yet (or half written): keep polling
        }
      }
      return null;
    },
    exitReason: () => exitReason,
    stop,
  };
}

/** One GET without keep-alive, so the probe leaves no connection behind in the measured server. */
function answers200(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => request.destroy());
  });
}
