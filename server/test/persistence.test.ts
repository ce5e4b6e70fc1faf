/**
 * What the server says is saved is saved: documents survive restarts, acks and broadcasts follow
 * the commit, and a commit that fails is neither acknowledged nor broadcast.
 */
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { encodeUpdate } from '@atrium/shared/protocol/frames.ts';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupAfterEach } from './support/cleanup.ts';
import { openTestDatabase, refuseWrites } from './support/engines.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { readStoredRows, storedState } from './support/storedDocument.ts';
import { SyncClient } from './support/syncClient.ts';
import { restartTestServer, startTestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

describe('restart', () => {
  it('documents survive a clean restart on the same data directory', async () => {
    const server = await startTestServer(defer);
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    writer.open('project/p1/plan');
    writer.open('task/1');
    sample.text(writer.doc('project/p1/plan')).insert(0, 'Plan: ship it');
    sample.items(writer.doc('project/p1/plan')).push(['step 1', 'step 2']);
    sample.fields(writer.doc('task/1')).set('title', 'Write tests');
    await Promise.all([writer.waitForAck('project/p1/plan'), writer.waitForAck('task/1')]);
    const before = {
      plan: contentOf(writer.doc('project/p1/plan')),
      task: contentOf(writer.doc('task/1')),
    };
    await writer.close();

    const restarted = await restartTestServer(defer, server);
    const reader = await SyncClient.multiplexed(restarted.wsUrl, defer);
    reader.open('project/p1/plan');
    reader.open('task/1');
    await Promise.all([reader.waitForSync('project/p1/plan'), reader.waitForSync('task/1')]);
    expect(contentOf(reader.doc('project/p1/plan'))).toEqual(before.plan);
    expect(contentOf(reader.doc('task/1'))).toEqual(before.task);
  });

  it('a restart while a client is still connected keeps everything that client had acked', async () => {
    const server = await startTestServer(defer);
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    writer.open('task/2');
    for (let i = 0; i < 30; i += 1) sample.fields(writer.doc('task/2')).set(`k${i}`, i);
    await writer.waitForAck('task/2');

    const restarted = await restartTestServer(defer, server);
    expect((await writer.waitForClose()).code).toBe(4503);
    const reader = await SyncClient.connect('single', restarted.wsUrl, 'task/2', defer);
    await reader.waitForSync();
    expect(Object.keys(contentOf(reader.doc()).fields)).toHaveLength(30);
  });
});

describe('commit before acknowledgement', () => {
  it('an ack arrives only once the acknowledged updates are in the database', async () => {
    const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: '1000000' } });
    const name = 'task/acked';
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const document = writer.open(name);
    const keysBySequence = new Map<number, string>();
    const checked: number[] = [];
    const missing: string[] = [];
    const reads: Promise<void>[] = [];
    writer.onMessage = (doc, message) => {
      if (doc !== document || message.kind !== 'ack') return;
      // Read as the ack is received: everything it covers must already be readable.
      const covered = [...keysBySequence].filter(([sequence]) => sequence <= message.count).map(([, key]) => key);
      reads.push(
        storedState(server.dataDir, name).then((state) => {
          const stored = contentOf(state).fields;
          for (const key of covered) if (!(key in stored)) missing.push(`${key} (ack ${message.count})`);
        }),
      );
      checked.push(message.count);
    };
    await writer.waitForSync(name);

    for (let i = 0; i < 40; i += 1) {
      sample.fields(document.doc).set(`key-${i}`, i);
      keysBySequence.set(document.updatesSent, `key-${i}`);
      // Bursts of a few writes per tick, so acks cover batches as well as single writes.
      if (i % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
    }
    await writer.waitForAck(name);
    await Promise.all(reads);

    expect(missing).toEqual([]);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.at(-1)).toBe(document.updatesSent);
    // One row per non-empty update; the empty step 2 answering the server's step 1 stores nothing.
    expect((await readStoredRows(server.dataDir, name)).updates).toHaveLength(40);
    expect(writer.violations).toEqual([]);
  });

  it('another client receives an edit only once it is in the database', async () => {
    const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: '1000000' } });
    const name = 'task/broadcast';
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const reader = await SyncClient.multiplexed(server.wsUrl, defer);
    writer.open(name);
    const watched = reader.open(name);
    await reader.waitForSync(name);
    const notYetStored: string[] = [];
    const reads: Promise<void>[] = [];
    watched.doc.on('update', () => {
      // Read as the edit arrives: every key the reader has must already be readable.
      const received = [...sample.fields(watched.doc).keys()];
      reads.push(
        storedState(server.dataDir, name).then((state) => {
          const stored = contentOf(state).fields;
          for (const key of received) if (!(key in stored)) notYetStored.push(key);
        }),
      );
    });

    for (let i = 0; i < 25; i += 1) sample.fields(writer.doc(name)).set(`key-${i}`, i);
    await eventually(() => expect(sample.fields(watched.doc).size).toBe(25));
    await Promise.all(reads);
    expect(reads.length).toBeGreaterThan(0);
    expect(notYetStored).toEqual([]);
  });
});

describe('a failed commit', () => {
  it('is neither acknowledged nor broadcast; the writer is told and disconnected, and its edit is stored after it reconnects', async () => {
    const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: '1000000' } });
    const name = 'task/disk-trouble';
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const document = writer.open(name);
    const reader = await SyncClient.connect('single', server.wsUrl, name, defer);
    // Synced first: otherwise the step 2 answering the server's step 1 may still be committing
    // (and be acknowledged later) when the acknowledged count is taken below.
    await writer.waitForSync(name);
    sample.fields(document.doc).set('saved', true);
    await writer.waitForAck(name);
    await eventually(() => expect(sample.fields(reader.doc()).get('saved')).toBe(true));
    const ackedBefore = document.acked;

    // Another connection to the same database makes every insert fail, as a full disk would.
    const saboteur = await openTestDatabase(server.dataDir);
    defer(() => saboteur.close());
    const diskFull = await refuseWrites(saboteur, {
      name: 'disk_full',
      table: 'document_updates',
      event: 'insert',
      message: 'disk full',
    });
    sample.fields(document.doc).set('unsaved', true);

    expect((await writer.waitForClose()).code).toBe(1011);
    expect(document.errors.map((e) => e.code)).toEqual([errorCode.storageFailed]);
    expect(document.acked).toBe(ackedBefore);
    expect(contentOf(server.registry.peek(name)?.doc ?? new Y.Doc()).fields).toEqual({ saved: true });
    expect(sample.fields(reader.doc()).has('unsaved')).toBe(false);
    expect(reader.closedWith).toBeUndefined();

    await diskFull.allow();
    await writer.reconnect();
    await eventually(() => expect(sample.fields(reader.doc()).get('unsaved')).toBe(true));
    await writer.waitForAck(name);
    expect(contentOf(await storedState(server.dataDir, name)).fields).toEqual({ saved: true, unsaved: true });
  });

  it('closes a single-document socket with 1011 (a server error, not a refusal)', async () => {
    const server = await startTestServer(defer);
    const name = 'task/disk-trouble-single';
    const writer = await SyncClient.connect('single', server.wsUrl, name, defer);
    const saboteur = await openTestDatabase(server.dataDir);
    defer(() => saboteur.close());
    await refuseWrites(saboteur, {
      name: 'disk_full',
      table: 'document_updates',
      event: 'insert',
      message: 'disk full',
    });
    sample.fields(writer.doc()).set('unsaved', true);
    expect((await writer.waitForClose()).code).toBe(1011);
  });
});

/**
 * A Yjs update that decodes (no structs; a delete set of one range) but that Yjs refuses to
 * integrate: the range is empty.
 */
function unapplicableUpdate(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // struct groups
  encoding.writeVarUint(encoder, 1); // delete set: clients
  encoding.writeVarUint(encoder, 4242); // client
  encoding.writeVarUint(encoder, 1); // ranges
  encoding.writeVarUint(encoder, 2); // clock
  encoding.writeVarUint(encoder, 0); // length
  return encoding.toUint8Array(encoder);
}

describe('an update that commits but does not apply', () => {
  it('is refused to its sender and never acknowledged; the socket stays, and the document still loads', async () => {
    const bad = unapplicableUpdate();
    expect(Y.decodeUpdate(bad).ds.clients.size).toBe(1);
    expect(() => Y.applyUpdate(new Y.Doc(), bad)).toThrow();

    const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: '1000000' } });
    const name = 'task/unapplicable';
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const document = writer.open(name);
    await writer.waitForSync(name);
    sample.fields(document.doc).set('before', true);
    await writer.waitForAck(name);
    const ackedBefore = document.acked;

    expect(writer.sendFor(name, encodeUpdate(bad))).toBe(true);
    document.updatesSent += 1;
    await eventually(() => expect(document.errors.map((e) => e.code)).toEqual([errorCode.writeRefused]));
    expect(document.acked).toBe(ackedBefore);
    // It was committed before it failed to apply, then compacted away from the live state at once:
    // the stored document is what was served, nothing a later load could make more of.
    await eventually(async () =>
      expect((await readStoredRows(server.dataDir, name)).updates.some((row) => Buffer.from(row).equals(bad))).toBe(
        false,
      ),
    );

    // The socket stays open; the next write is acknowledged (its count passes the refused one).
    sample.fields(document.doc).set('after', true);
    await writer.waitForAck(name);
    expect(writer.connected).toBe(true);
    expect(writer.violations).toEqual([]);

    // A load has the document as the live one had it.
    const restarted = await restartTestServer(defer, server);
    const reader = await SyncClient.connect('single', restarted.wsUrl, name, defer);
    await reader.waitForSync();
    expect(contentOf(reader.doc()).fields).toEqual({ before: true, after: true });
  });
});
