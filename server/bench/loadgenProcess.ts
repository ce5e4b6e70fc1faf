/**
 * Plumbing shared by every measurement: what a prepared server target is, waiting for a quiet
 * machine, and running the load generator as its own process. The load generator announces its
 * phases over IPC; the caller samples the server from /proc at those moments, so the numbers are
 * the server's alone. A crashed server, a timed-out or failing load generator all end the run with
 * an error rather than hanging the bench.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromLoadgen, IdleConfig, LoadConfig, LoadResult, ToLoadgen } from './load/ipc.ts';
import type { Prepared } from './servers/atriumSetup.ts';
import type { RunningServer } from './servers/launch.ts';
import type { ServerTarget } from './servers/targets.ts';

export type Paths = { serverDir: string; logDir: string };

/** Everything a run needs about one server: the target and what was prepared for it. */
export type PreparedTarget = { target: ServerTarget } & Prepared;

/** Busy cores, over a second, below which the machine counts as quiet enough to start a run. */
export const quietThreshold = 0.25;

const loadgenEntry = fileURLToPath(new URL('./load/loadgen.ts', import.meta.url));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the load generator with `config`, calling `onPhase` at each phase; resolves with its result. */
export function runLoadgen(
  config: LoadConfig | IdleConfig,
  server: RunningServer,
  timeoutMs: number,
  onPhase: (phase: string, reply: (message: ToLoadgen) => void) => void | Promise<void>,
): Promise<LoadResult | null> {
  const child = fork(loadgenEntry, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = (message: ToLoadgen) => child.connected && child.send(message);
  return new Promise((resolve, reject) => {
    let result: LoadResult | null = null;
    let failure: string | null = null;
    const timer = setTimeout(() => {
      failure = `load generator timed out after ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    const watchServer = setInterval(() => {
      const reason = server.exitReason();
      if (reason && !failure) {
        failure = `server ${reason} during the run`;
        child.kill('SIGKILL');
      }
    }, 200);
    child.on('message', (message: FromLoadgen) => {
      if (message.type === 'phase') void onPhase(message.phase, reply);
      else if (message.type === 'result') result = message.result;
      else failure = message.message;
    });
    child.once('exit', () => {
      clearTimeout(timer);
      clearInterval(watchServer);
      if (failure) reject(new Error(failure));
      else resolve(result);
    });
    child.send({ type: 'start', config } satisfies ToLoadgen);
  });
}
