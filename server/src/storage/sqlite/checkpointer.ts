/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit
 * that crosses the threshold and fsyncs the database file there — a pause of milliseconds in the
 * middle of serving sockets. The server's connection turns it off and a worker thread checkpoints
 * every `intervalMs` instead; at shutdown the last connection to close checkpoints what is left.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log.ts';
import type { SqliteDatabase } from './sqliteFile.ts';

export type Checkpointer = {
  /** Stops the worker; resolves once it has exited — at once when it already had (it died). */
  stop(): Promise<void>;
  /** The checkpointing thread (diagnostics; tests terminate it to play its death). */
  readonly worker: Worker;
};

export function startCheckpointer(db: SqliteDatabase, intervalMs: number, log: Logger): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpointWorker.mjs', import.meta.url), {
    workerData: { file: db.name, intervalMs },
  });
  worker.unref();
  let stopping = false;
  // Listened for from the start: a worker that dies early emits 'exit' once, before anyone stops it.
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      resolve();
      if (stopping) return;
      // Without checkpoints the WAL only grows; fall back to SQLite's own, on the main thread.
      log.error({ code }, 'checkpoint worker exited; checkpointing on the main thread again');
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    });
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error) log.warn({ error: message.error }, 'WAL checkpoint failed; it is retried');
  });
  worker.on('error', (error) => {
    log.error({ err: error }, 'checkpoint worker failed');
  });
  return {
    worker,
    stop: () => {
      if (!stopping) {
        stopping = true;
        // A dead worker ignores this; `exited` has resolved already.
        worker.postMessage('stop');
      }
      return exited;
    },
  };
}
