/**
 * The sync server's periodic credential check over a real socket, with a policy whose answer comes
 * from the database later (a promise): a credential found gone closes the socket with 4401; a
 * check that fails (database unreachable) is logged and keeps the socket, to be asked again. A check
 * asked for while a round runs (access changed in another process) runs again after that round.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { closeCode } from '@atrium/shared/protocol/errorCodes.ts';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freshTestDatabase } from '../../test/support/engines.ts';
import { createMetrics } from '../metrics.ts';
import type { Database } from '../storage/database.ts';
import { SqlDocumentStore } from '../storage/sqlDocumentStore.ts';
import { DocumentRegistry } from './documentRegistry.ts';
import { SyncServer } from './syncServer.ts';

let dispose: () => Promise<void>;
let database: Database;
let http: Server;
let sync: SyncServer<{ userId: string }>;
let url: string;
/** What the policy answers next, for every connection. */
let check: () => Promise<boolean>;
let checks = 0;
const logged: Array<{ msg: string; failed?: number }> = [];

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('credentials'));
  await startSync(20);
});

/** A sync server whose periodic credential check runs every `credentialCheckMs`. */
async function startSync(credentialCheckMs: number): Promise<void> {
  const metrics = createMetrics();
  const log = pino(
    { level: 'error' },
    new Writable({
      write(line, _encoding, done) {
        logged.push(JSON.parse(String(line)));
        done();
      },
    }),
  );
  const store = new SqlDocumentStore(database.db, metrics);
  const registry = new DocumentRegistry({
    store,
    compaction: { afterUpdates: 1000, afterBytes: 1_000_000 },
    evictGraceMs: 1000,
    log,
    metrics,
  });
  check = async () => true;
  checks = 0;
  logged.length = 0;
  sync = new SyncServer({
    registry,
    policy: {
      authenticate: async () => ({ ok: true, principal: { userId: 'usr_someone' } }),
      authorize: () => 'none',
      stillAuthenticated: async (principals) => {
        checks += 1;
        const live = await check();
        return principals.map(() => live);
      },
    },
    maxMessageBytes: 1_000_000,
    log,
    metrics,
    credentialCheckMs,
  });
  http = createServer();
  sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws`;
}

async function stopSync(): Promise<void> {
  sync.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}

afterEach(async () => {
  await stopSync();
  await dispose();
});

async function connect(): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed };
}

/** Resolves once the policy has been asked `more` more times. */
async function checked(more: number): Promise<void> {
  const target = checks + more;
  while (checks < target) await new Promise((resolve) => setTimeout(resolve, 5));
}

it('closes a socket with 4401 once the check answers, asynchronously, that its credential is gone', async () => {
  const { closed } = await connect();
  await checked(2);
  check = async () => false;
  expect(await closed).toBe(closeCode.unauthorized);
});

it('keeps a socket whose check fails, logs the failure, and asks again', async () => {
  const { socket, closed } = await connect();
  check = async () => {
    throw new Error('database unreachable');
  };
  await checked(3);
  expect(socket.readyState).toBe(WebSocket.OPEN);
  expect(logged).toContainEqual(expect.objectContaining({ msg: 'checking sync credentials failed', failed: 1 }));
  check = async () => false;
  expect(await closed).toBe(closeCode.unauthorized);
});

it('a check asked for while a round is running runs again after it: that round may have read before the change', async () => {
  await stopSync();
  await startSync(3_600_000); // no periodic round gets in the way
  const { closed } = await connect();
  let answer: (live: boolean) => void = () => {};
  check = () =>
    new Promise<boolean>((resolve) => {
      answer = resolve;
    });
  const running = sync.checkCredentials();
  expect(checks).toBe(1);
  // The credential ends (another process) while the round is reading: the watcher asks again.
  void sync.checkCredentials();
  check = async () => false;
  answer(true);
  await running;
  expect(checks).toBe(2);
  expect(await closed).toBe(closeCode.unauthorized);
});
