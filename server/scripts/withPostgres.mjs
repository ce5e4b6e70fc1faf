#!/usr/bin/env node
/**
 * Runs a command against a throwaway PostgreSQL: `node server/scripts/withPostgres.mjs <command> [args…]`.
 *
 * It creates a cluster in a temporary directory (PostgreSQL 15 preferred, else the highest version
 * under /usr/lib/postgresql; the Debian package is installed with apt-get only when none is there),
 * starts it on a free loopback port, runs the command with `ATRIUM_TEST_DATABASE_URL` pointing at
 * it (and the server binaries first on PATH, so `psql` matches the server), then stops PostgreSQL,
 * removes the directory and exits with the command's exit code — also when interrupted.
 *
 * `initdb` refuses to run as root, so as root the cluster belongs to the `postgres` system user and
 * its programs run as that user. fsync stays on: the crash tests kill servers and rely on a
 * committed write having reached the disk.
 */
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const POSTGRES_ROOT = '/usr/lib/postgresql';
const PREFERRED_VERSION = '15';
const SYSTEM_USER = 'postgres';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 3;
const TAG = 'withPostgres:';

const execFileAsync = promisify(execFile);

/** What exists so far, so that cleanup (normal end, error or signal) undoes exactly that. */
const state = {
  /** @type {string | undefined} */ dir: undefined,
  /** @type {import('node:child_process').ChildProcess | undefined} */ postgres: undefined,
  /** @type {Promise<void> | undefined} */ postgresExited: undefined,
  /** @type {import('node:child_process').ChildProcess | undefined} */ command: undefined,
  /** @type {Promise<void> | undefined} */ cleanup: undefined,
};

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => onSignal(signal));
}

main().catch(async (error) => {
  console.error(`${TAG} ${error instanceof Error ? error.message : String(error)}`);
  await cleanup();
  process.exit(1);
});

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === undefined) {
    console.error('usage: node server/scripts/withPostgres.mjs <command> [args…]');
    process.exit(2);
  }
  const binDir = findBinDir() ?? installPostgres();
  const runAs = process.getuid?.() === 0 ? SYSTEM_USER : undefined;

  state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-postgres-'));
  if (runAs !== undefined) {
    fs.chownSync(state.dir, idOf(runAs, '-u'), idOf(runAs, '-g'));
  }
  const dataDir = path.join(state.dir, 'data');
  const logFile = path.join(state.dir, 'postgres.log');
  initCluster(binDir, dataDir, runAs);

  const port = await startPostgres(binDir, dataDir, logFile, runAs);
  const url = `postgres://${SYSTEM_USER}@127.0.0.1:${port}/postgres`;
  console.error(`${TAG} PostgreSQL ${path.basename(path.dirname(binDir))} on ${url} (cluster in ${state.dir})`);

  const exitCode = await runCommand(command, args, {
    ...process.env,
    ATRIUM_TEST_DATABASE_URL: url,
    PATH: [binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
  });
  await cleanup();
  process.exit(exitCode);
}

/** The bin directory of PostgreSQL 15 if installed, else of the highest installed version. */
function findBinDir() {
  let versions;
  try {
    versions = fs.readdirSync(POSTGRES_ROOT);
  } catch {
    return undefined;
  }
  const installed = versions
    .filter((version) => fs.existsSync(path.join(POSTGRES_ROOT, version, 'bin', 'postgres')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  const chosen = installed.includes(PREFERRED_VERSION) ? PREFERRED_VERSION : installed[0];
  return chosen === undefined ? undefined : path.join(POSTGRES_ROOT, chosen, 'bin');
}

function installPostgres() {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `no PostgreSQL server binaries under ${POSTGRES_ROOT}: run 'sudo apt-get update && sudo apt-get install -y postgresql', then this again.`,
    );
  }
  console.error(`${TAG} no PostgreSQL under ${POSTGRES_ROOT}; installing Debian's postgresql package…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'postgresql'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`'apt-get ${args.join(' ')}' failed; install postgresql by hand.`);
  }
  const binDir = findBinDir();
  if (binDir === undefined) throw new Error(`the postgresql package installed no server under ${POSTGRES_ROOT}.`);
  return binDir;
}

function idOf(user, flag) {
  return Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
}

/** argv for running a PostgreSQL program, as `runAs` when given (we are root then). */
function asUser(runAs, program, args) {
  return runAs === undefined ? [program, args] : ['runuser', ['-u', runAs, '--', program, ...args]];
}

function initCluster(binDir, dataDir, runAs) {
  const initdbArgs = ['-D', dataDir, '-A', 'trust', '-U', SYSTEM_USER, '--no-sync', '-E', 'UTF8'];
  const [program, args] = asUser(runAs, path.join(binDir, 'initdb'), initdbArgs);
  // cwd: the postgres user may not be allowed into ours.
  const result = spawnSync(program, args, { cwd: state.dir, encoding: 'utf8' });
  if (result.error) throw new Error(`could not run initdb: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`initdb failed:\n${result.stdout}${result.stderr}`);
}

/** Starts the server on a free port and resolves with the port once it accepts connections. */
async function startPostgres(binDir, dataDir, logFile, runAs) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings = [
      'listen_addresses=127.0.0.1',
      // The suite runs many servers, each with its own pool, some in parallel test files.
      'max_connections=300',
      'shared_buffers=128MB',
      'synchronous_commit=on',
    ];
    const postgresArgs = [
      ...['-D', dataDir, '-p', String(port), '-k', /** @type {string} */ (state.dir)],
      ...settings.flatMap((setting) => ['-c', setting]),
    ];
    const [program, args] = asUser(runAs, path.join(binDir, 'postgres'), postgresArgs);
    const log = fs.openSync(logFile, 'a');
    // Own process group: a Ctrl-C reaches the command first; PostgreSQL is stopped after it ends.
    const postgres = spawn(program, args, { cwd: state.dir, stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    state.postgres = postgres;
    state.postgresExited = new Promise((resolve) => postgres.once('exit', () => resolve()));
    postgres.once('error', (error) => console.error(`${TAG} could not run postgres: ${error.message}`));
    postgres.once('exit', (code, signal) => {
      if (state.cleanup === undefined && state.command !== undefined) {
        console.error(`${TAG} PostgreSQL stopped while the command ran (${signal ?? `exit ${code}`}); its log:`);
        console.error(readLog(logFile));
      }
    });

    const outcome = await waitUntilReady(binDir, port);
    if (outcome === 'ready') return port;
    // Another process may have taken the port between our probe and PostgreSQL's bind.
    if (outcome === 'exited' && /could not bind/i.test(readLog(logFile)) && attempt < START_ATTEMPTS) continue;
    throw new Error(
      `PostgreSQL did not start (${outcome === 'exited' ? 'it exited' : `not ready after ${READY_TIMEOUT_MS / 1000} s`}); its log:\n${readLog(logFile)}`,
    );
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** @returns {Promise<'ready' | 'exited' | 'timeout'>} */
async function waitUntilReady(binDir, port) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const postgres = state.postgres;
    if (postgres === undefined || postgres.exitCode !== null || postgres.signalCode !== null) return 'exited';
    try {
      const isReady = path.join(binDir, 'pg_isready');
      await execFileAsync(isReady, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', SYSTEM_USER]);
      return 'ready';
    } catch {
      // Not accepting connections yet (pg_isready exits non-zero): poll again.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return 'timeout';
}

function readLog(logFile) {
  try {
    return fs.readFileSync(logFile, 'utf8');
  } catch (error) {
    return `(no log: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Runs the command with inherited stdio; resolves with its exit code (128 + n when killed by signal n). */
function runCommand(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    state.command = child;
    child.once('error', (error) => {
      console.error(`${TAG} could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  });
}

/**
 * While the command runs, it is passed the signal and cleanup follows its exit (main carries on);
 * before that, cleanup happens here.
 */
function onSignal(signal) {
  const command = state.command;
  if (command !== undefined && command.exitCode === null && command.signalCode === null) {
    command.kill(signal);
    return;
  }
  void cleanup().then(() => process.exit(128 + os.constants.signals[signal]));
}

/** Stops PostgreSQL (fast shutdown) and removes its directory; the same promise on every call. */
function cleanup() {
  state.cleanup ??= (async () => {
    await stopPostgres();
    if (state.dir !== undefined) fs.rmSync(state.dir, { recursive: true, force: true });
  })();
  return state.cleanup;
}

async function stopPostgres() {
  const postgres = state.postgres;
  if (postgres === undefined || postgres.exitCode !== null || postgres.signalCode !== null) return;
  // As root the spawned process is runuser: signal the postmaster itself (its pid is the first line
  // of postmaster.pid), or, before it wrote that file, its process group. SIGINT is PostgreSQL's
  // fast shutdown.
  signalProcess(postmasterPid() ?? -(postgres.pid ?? 0), 'SIGINT');
  const stopped = await Promise.race([
    state.postgresExited?.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref()),
  ]);
  if (stopped) return;
  console.error(`${TAG} PostgreSQL did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it.`);
  // The whole group: the postmaster and its backends.
  signalProcess(-(postgres.pid ?? 0), 'SIGKILL');
  await state.postgresExited;
}

function postmasterPid() {
  if (state.dir === undefined) return undefined;
  try {
    const pid = Number(fs.readFileSync(path.join(state.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    // Not written yet (PostgreSQL is still starting): the spawned process is the fallback.
    return undefined;
  }
}

function signalProcess(pid, signal) {
  if (pid === undefined || pid === 0) return;
  try {
    process.kill(pid, signal);
  } catch (error) {
    // ESRCH: it is gone already, which is what we want.
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ESRCH') throw error;
  }
}
