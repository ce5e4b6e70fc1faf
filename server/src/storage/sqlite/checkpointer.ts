/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit
 * that crosses the threshold and fsyncs the database file there — a pause of milliseconds in the
 * middle of serving sockets. The server's connection turns it off and a worker thread checkpoints
 * every `intervalMs` instead; at shutdown the last connection to close checkpoints what is left.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log.ts';
import type { SqliteDatabase } from './database.ts';

export type Checkpointer = { stop(): Promise<void> };

export function startCheckpointer(db: SqliteDatabase, intervalMs: number, log: Logger): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpointWorker.mjs', import.meta.url), {
    workerData: { file: db.name, intervalMs },
  });
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) log.warn({ error: message.error }, 'WAL checkpoint failed; it is retried');
  });
  worker.on('error', (error) => {
    // Without checkpoints the WAL only grows; fall back to SQLite's own, on the main thread.
    log.error({ err: error }, 'checkpoint worker failed; checkpointing on the main thread again');
    db.pragma('wal_autocheckpoint = 1000');
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
