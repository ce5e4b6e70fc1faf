/**
 * Entry point of the load generator process, forked by run.ts with an IPC channel. It runs apart
 * from the server under test so the server's CPU and memory in /proc are its own, and apart from
 * the orchestrator so sampling never waits behind load generation. It runs one job (fan-out load
 * or idle sockets) per process and exits.
 */
import { runFanout } from './fanout.ts';
import { runIdle } from './idle.ts';
import type { FromLoadgen, ToLoadgen } from './ipc.ts';

const emit = (message: FromLoadgen) => process.send?.(message);

const waiting = new Map<string, () => void>();
const waitFor = (type: 'continue' | 'stop') => new Promise<void>((resolve) => waiting.set(type, resolve));

process.on('message', (message: ToLoadgen) => {
  if (message.type !== 'start') {
    waiting.get(message.type)?.();
    return;
  }
  const { config } = message;
  const job =
    config.mode === 'load'
      ? runFanout(config, emit).then((result) => emit({ type: 'result', result }))
      : runIdle(config, emit, waitFor);
  job.then(
    () => finish(0),
    (error: unknown) => {
      emit({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      finish(1);
    },
  );
});

// The orchestrator is gone (interrupted): nobody will read our results, so stop.
process.on('disconnect', () => process.exit(1));

// Let the IPC messages flush before exiting; open sockets must not keep the process alive.
function finish(code: number): void {
  setTimeout(() => process.exit(code), 200);
}
