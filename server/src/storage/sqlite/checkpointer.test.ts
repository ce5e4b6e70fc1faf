/**
 * The checkpoint worker against a real database file: a stop ends it, and a stop after it died
 * (terminated, as a crash would end it) still resolves — a shutdown must never wait for an exit
 * that already happened — with SQLite's own checkpoints back on for the connection meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createLogger } from '../../log.ts';
import { startCheckpointer } from './checkpointer.ts';
import { openSqliteFile, type SqliteDatabase } from './sqliteFile.ts';

let dataDir: string;
let db: SqliteDatabase;
const log = createLogger('silent');

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-checkpointer-'));
  db = openSqliteFile({ dataDir, sync: 'normal' });
});

afterEach(() => {
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('stops a running worker', async () => {
  const checkpointer = startCheckpointer(db, 10, log);
  const exited = new Promise((resolve) => checkpointer.worker.once('exit', resolve));
  await checkpointer.stop();
  await exited;
});

it('a stop after the worker died resolves, and SQLite checkpoints on the main thread again', async () => {
  const checkpointer = startCheckpointer(db, 10, log);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  await checkpointer.worker.terminate();
  await checkpointer.stop();
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  // Stopping twice is as harmless.
  await checkpointer.stop();
});
