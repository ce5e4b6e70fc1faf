// Runs SQLite WAL checkpoints on its own thread and connection, so the fsync a checkpoint costs
// never blocks the event loop that serves sockets. PASSIVE checkpoints never wait for the writer:
// they copy what they can and are retried on the next tick. Plain JavaScript so it loads in any
// runtime (tsx, Vitest) without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage({ error: String(error) });
  }
}, workerData.intervalMs);

parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
