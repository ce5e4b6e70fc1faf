/**
 * Property: no sequence of frames can take the server down or break sync for anyone else. Batches
 * of random bytes and of mutated valid frames (bit flips, truncations, splices of real step 1,
 * step 2, update and awareness messages) are sent over both framings; after each batch the
 * attacker is closed with a bad-input code (or left open), never with a server error, and healthy
 * clients — on an untouched document and on the fuzzed one — still sync an edit to each other.
 */

import { closeCode, errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import {
  encodeAck,
  encodeAwareness,
  encodeDocumentFrame,
  encodeError,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
} from '@atrium/shared/protocol/frames.ts';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { cleanupAfterEach, type Defer } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { type Framing, SyncClient } from './support/syncClient.ts';
import { healthStatus, restartTestServer, startTestServer, type TestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();
const fuzzedNames = ['fuzz/target', 'fuzz/other', 'project/p1/plan', 'bad//name'];
const untouchedName = 'fuzz/untouched';
/** Close codes a fuzzed connection may get: bad input, oversize, invalid name. Never 1011. */
const acceptableCloses = [closeCode.malformed, 1009, closeCode.forbidden];

/** Real messages from a writer with a fixed client id, as material for mutations. */
function validMessages(): Uint8Array[] {
  const author = new Y.Doc();
  author.clientID = 4242;
  const updates: Uint8Array[] = [];
  author.on('update', (update: Uint8Array) => updates.push(update));
  sample.text(author).insert(0, 'fuzzing text');
  sample.fields(author).set('key', { nested: [1, 'two'] });
  sample.items(author).push([1, 'two', { three: 3 }]);
  sample.text(author).delete(2, 4);
  sample.fields(author).delete('key');
  const awareness = new awarenessProtocol.Awareness(author);
  awareness.setLocalState({ user: 'fuzzer', cursor: { index: 3 } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [author.clientID]);
  awareness.destroy();
  return [
    encodeSyncStep1(Y.encodeStateVector(author)),
    encodeSyncStep1(Y.encodeStateVector(new Y.Doc())),
    encodeSyncStep2(Y.encodeStateAsUpdate(author)),
    encodeSyncStep2(Y.encodeStateAsUpdate(new Y.Doc())),
    ...updates.map(encodeUpdate),
    encodeAwareness(awarenessUpdate),
    encodeQueryAwareness(),
    encodeAck(3),
    encodeError(errorCode.forbidden, 'no'),
    encodeUnsubscribe(),
  ];
}

const singleCorpus = validMessages();
const multiplexedCorpus = singleCorpus.flatMap((message) =>
  fuzzedNames.map((name) => encodeDocumentFrame(name, message)),
);

function mutatedFrame(corpus: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const base = fc.constantFrom(...corpus);
  return fc.oneof(
    fc.uint8Array({ maxLength: 48 }),
    base,
    fc.tuple(base, fc.nat(), fc.integer({ min: 0, max: 7 })).map(([frame, index, bit]) => {
      const flipped = frame.slice();
      const at = index % Math.max(flipped.length, 1);
      if (flipped.length > 0) flipped[at] = (flipped[at] ?? 0) ^ (1 << bit);
      return flipped;
    }),
    fc.tuple(base, fc.nat()).map(([frame, at]) => frame.slice(0, at % (frame.length + 1))),
    fc.tuple(base, base, fc.nat(), fc.nat()).map(([a, b, cut, from]) => {
      const head = a.slice(0, cut % (a.length + 1));
      const tail = b.slice(from % (b.length + 1));
      return new Uint8Array([...head, ...tail]);
    }),
    fc
      .tuple(base, fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([frame, extra]) => new Uint8Array([...frame, ...extra])),
  );
}

type Batch = { framing: Framing; target: string; frames: Uint8Array[] };

const batch: fc.Arbitrary<Batch> = fc.oneof(
  fc.record({
    framing: fc.constant<Framing>('multiplexed'),
    target: fc.constant('(many)'),
    frames: fc.array(mutatedFrame(multiplexedCorpus), { minLength: 1, maxLength: 6 }),
  }),
  fc.record({
    framing: fc.constant<Framing>('single'),
    target: fc.constantFrom(...fuzzedNames),
    frames: fc.array(mutatedFrame(singleCorpus), { minLength: 1, maxLength: 6 }),
  }),
);

/** Two healthy clients on one document, checked by a fresh edit travelling from one to the other. */
type HealthyPair = { writer: SyncClient; reader: SyncClient; checks: number };

async function healthyPair(server: TestServer, name: string, cleanup: Defer): Promise<HealthyPair> {
  const writer = await SyncClient.connect('multiplexed', server.wsUrl, name, cleanup);
  const reader = await SyncClient.connect('single', server.wsUrl, name, cleanup);
  await Promise.all([writer.waitForSync(), reader.waitForSync()]);
  return { writer, reader, checks: 0 };
}

async function expectStillSyncing(pair: HealthyPair): Promise<void> {
  pair.checks += 1;
  const key = `check-${pair.checks}`;
  sample.fields(pair.writer.doc()).set(key, pair.checks);
  await pair.writer.waitForAck();
  await eventually(() => expect(sample.fields(pair.reader.doc()).get(key)).toBe(pair.checks));
  expect(pair.writer.closedWith).toBeUndefined();
  expect(pair.reader.closedWith).toBeUndefined();
}

/** Sends a request the server must answer and waits for the answer, or for the socket to close. */
async function probe(attacker: SyncClient): Promise<void> {
  if (attacker.closedWith) return;
  if (attacker.framing === 'multiplexed') {
    const probeName = 'fuzz/probe';
    attacker.sendFor(probeName, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await eventually(() => {
      const answered = attacker.unsolicited.some((u) => u.name === probeName && u.message.kind === 'syncStep2');
      expect(answered || attacker.closedWith !== undefined).toBe(true);
    });
    return;
  }
  const document = attacker.document();
  const answers = () => document.received.filter((message) => message.kind === 'syncStep2').length;
  const before = answers();
  attacker.sendFor(document.name, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  await eventually(() => expect(answers() > before || attacker.closedWith !== undefined).toBe(true));
}

let server: TestServer;
let untouched: HealthyPair;
let fuzzed: HealthyPair;
const fileScoped: Array<() => unknown> = [];

beforeAll(async () => {
  const keep: Defer = (task) => fileScoped.push(task);
  server = await startTestServer(keep, { env: { MAX_MESSAGE_BYTES: '4096' } });
  untouched = await healthyPair(server, untouchedName, keep);
  fuzzed = await healthyPair(server, 'fuzz/target', keep);
});

afterAll(async () => {
  for (const task of fileScoped.splice(0).reverse()) await task();
});

it('random and mutated frames never crash the server or stop healthy clients from syncing', {
  timeout: 60_000,
}, async () => {
  const closes = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(batch, async ({ framing, target, frames }) => {
      const attacker =
        framing === 'multiplexed'
          ? await SyncClient.multiplexed(server.wsUrl, defer)
          : await SyncClient.single(server.wsUrl, target, defer);
      for (const frame of frames) attacker.sendRaw(frame);
      await probe(attacker);
      const closed = attacker.closedWith;
      if (closed) {
        closes.set(closed.code, (closes.get(closed.code) ?? 0) + 1);
        expect(acceptableCloses, `closed with ${closed.code} ${closed.reason}`).toContain(closed.code);
      }
      await attacker.close();

      await expectStillSyncing(untouched);
      await expectStillSyncing(fuzzed);
    }),
    { numRuns: 150 },
  );
  expect(await healthStatus(server)).toBe(200);
  // The batches did exercise the bad-input path, not only frames that happen to be valid.
  expect(closes.get(closeCode.malformed) ?? 0).toBeGreaterThan(0);
  expect(untouched.reader.violations).toEqual([]);
});

it('the fuzzed documents are still served whole, and load the same after a restart', async () => {
  const before = new Map<string, Uint8Array>();
  for (const name of fuzzedNames.filter((n) => n !== 'bad//name')) {
    const late = await SyncClient.connect('multiplexed', server.wsUrl, name, defer);
    await late.waitForSync();
    expect(late.violations).toEqual([]);
    before.set(name, Y.encodeStateAsUpdate(late.doc()));
  }
  expect([...fuzzed.reader.violations, ...fuzzed.writer.violations]).toEqual([]);

  await server.close();
  const keep: Defer = (task) => fileScoped.push(task);
  const restarted = await restartTestServer(keep, server);
  for (const [name, state] of before) {
    const reader = await SyncClient.connect('single', restarted.wsUrl, name, defer);
    await reader.waitForSync();
    expect(reader.violations).toEqual([]);
    expect(contentOf(reader.doc())).toEqual(contentOf(state));
    expect(Y.encodeStateVector(reader.doc())).toEqual(Y.encodeStateVector(stateDoc(state)));
  }
});

function stateDoc(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
