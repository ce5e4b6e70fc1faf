/**
 * Atrium as a separate process (`node --import tsx <entry>`, by default the open-sync
 * `openSyncMain.ts`), for tests that must kill the server the hard way or check the real entry
 * point. The port is read from the "Atrium is listening" log line on stdout. It runs on the test's
 * engine: the data directory's own PostgreSQL database under `npm run test:postgres`, so every
 * process started on one directory (kill -9 rounds) sees what the last one committed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Defer } from './cleanup.ts';
import { databaseEnv } from './testDatabase.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type ChildServer = {
  port: number;
  url: string;
  wsUrl: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown handler runs, nothing queued is committed. */
  kill(): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export type SpawnOptions = {
  env?: Record<string, string>;
  /** The entry point, relative to the repository root; the open-sync server unless told otherwise. */
  entry?: string;
};

export async function spawnServer(defer: Defer, dataDir: string, options: SpawnOptions = {}): Promise<ChildServer> {
  const { env = {}, entry = 'server/test/support/openSyncMain.ts' } = options;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH ?? '',
      ATRIUM_DEMO: 'off',
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...(await databaseEnv(dataDir)),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  defer(kill);

  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const entry = parseJson(line);
      if (entry?.msg === 'Atrium is listening' && typeof entry.port === 'number') resolve(entry.port);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${stderr}`)),
    );
  });
  const url = `http://127.0.0.1:${port}`;
  return { port, url, wsUrl: url.replace(/^http/, 'ws'), process: child, kill, exited };
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
