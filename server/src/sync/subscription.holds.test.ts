/**
 * Messages a subscription held back — while its access was re-decided asynchronously, or behind a
 * write whose verdict was looked up asynchronously — are handled later, outside the frame that
 * brought them. A bad one among them closes the sender as bad input, as it would have at once;
 * it must not escape as an unhandled rejection (which ends the server process).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import { closeCode } from '@atrium/shared/protocol/errorCodes.ts';
import { encodeAck } from '@atrium/shared/protocol/frames.ts';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanupAfterEach } from '../../test/support/cleanup.ts';
import { freshTestDatabase } from '../../test/support/engines.ts';
import { eventually, SyncClient } from '../../test/support/syncClient.ts';
import { createMetrics } from '../metrics.ts';
import type { Database } from '../storage/database.ts';
import { SqlDocumentStore } from '../storage/sqlDocumentStore.ts';
import { DocumentRegistry } from './documentRegistry.ts';
import { SyncServer, type WriteVerdict, writeAccepted } from './syncServer.ts';

const defer = cleanupAfterEach();
const name = 'project/p1/plan';

let dispose: () => Promise<void>;
let database: Database;
let http: Server;
let sync: SyncServer<{ userId: string }>;
let url: string;
/** What the policy answers next. */
let authorize: () => AccessLevel | Promise<AccessLevel>;
let validateWrite: () => WriteVerdict | Promise<WriteVerdict>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(async () => {
  process.on('unhandledRejection', onUnhandled);
  unhandled.length = 0;
  ({ database, dispose } = await freshTestDatabase('holds'));
  const metrics = createMetrics();
  const log = pino({ level: 'silent' });
  const registry = new DocumentRegistry({
    store: new SqlDocumentStore(database.db, metrics),
    compaction: { afterUpdates: 1000, afterBytes: 1_000_000 },
    evictGraceMs: 1000,
    log,
    metrics,
  });
  authorize = () => 'write';
  validateWrite = () => writeAccepted;
  sync = new SyncServer({
    registry,
    policy: {
      authenticate: async () => ({ ok: true, principal: { userId: 'usr_someone' } }),
      authorize: () => authorize(),
      validateWrite: () => validateWrite(),
    },
    maxMessageBytes: 1_000_000,
    log,
    metrics,
  });
  http = createServer();
  sync.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  process.off('unhandledRejection', onUnhandled);
  sync.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await dispose();
});

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** Lets the server read what the client sent. */
const aMoment = () => new Promise((resolve) => setTimeout(resolve, 50));

it('a message a client may not send, held while its access is re-decided, closes it as bad input', async () => {
  const client = await SyncClient.multiplexed(url, defer);
  client.open(name);
  await client.waitForSync(name);
  const decision = deferred<AccessLevel>();
  authorize = () => decision.promise;
  sync.revalidate(() => true);
  client.sendFor(name, encodeAck(1)); // only servers send acks
  await aMoment();
  decision.resolve('write');
  expect((await client.waitForClose()).code).toBe(closeCode.malformed);
  await aMoment();
  expect(unhandled).toEqual([]);
});

it('a message a client may not send, queued behind a write whose verdict came later, closes it as bad input', async () => {
  const access = deferred<AccessLevel>();
  authorize = () => access.promise;
  const verdict = deferred<WriteVerdict>();
  validateWrite = () => verdict.promise;
  const client = await SyncClient.multiplexed(url, defer);
  // All of it waits for the subscription to start: the step 1, an edit, then the ack.
  client.open(name).doc.getMap('m').set('k', 1);
  client.sendFor(name, encodeAck(1));
  await aMoment();
  access.resolve('write');
  await aMoment();
  verdict.resolve(writeAccepted);
  expect((await client.waitForClose()).code).toBe(closeCode.malformed);
  await eventually(() => expect(unhandled).toEqual([]));
});
