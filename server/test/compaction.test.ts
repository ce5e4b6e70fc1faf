import { encodeUpdate } from '@atrium/shared/protocol/frames.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqlDocumentStore } from '../src/storage/sqlDocumentStore.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { openTestDatabase } from './support/engines.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { readStoredRows, storedState } from './support/storedDocument.ts';
import { SyncClient } from './support/syncClient.ts';
import { makeDataDir, restartTestServer, startTestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

describe('compaction', () => {
  it('folds the update log into a snapshot without changing the document, keeping the log short', async () => {
    const compactAfter = 8;
    const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: String(compactAfter) } });
    const name = 'project/p1/plan';
    const alice = await SyncClient.multiplexed(server.wsUrl, defer);
    const bob = await SyncClient.multiplexed(server.wsUrl, defer);
    alice.open(name);
    bob.open(name);
    const burst = 5;
    const logLengths: number[] = [];

    for (let round = 0; round < 30; round += 1) {
      for (let i = 0; i < burst; i += 1) {
        const doc = (i % 2 === 0 ? alice : bob).doc(name);
        // One transaction per write: `burst` update messages per round.
        doc.transact(() => {
          const text = sample.text(doc);
          text.insert(Math.min(text.length, round), String.fromCharCode(97 + ((round + i) % 26)));
          sample.fields(doc).set(`r${round % 7}`, `${round}.${i}`);
          if (round % 3 === 0) sample.items(doc).push([round * burst + i]);
          if (round % 5 === 4 && text.length > 3) text.delete(1, 2);
        });
      }
      await Promise.all([alice.waitForAck(name), bob.waitForAck(name)]);
      logLengths.push((await readStoredRows(server.dataDir, name)).updates.length);
    }

    // The commit that reaches the threshold compacts, so between rounds the log holds less than the
    // threshold plus the writes committed in the same batch (at most one round's).
    expect(Math.max(...logLengths)).toBeLessThan(compactAfter + burst);
    await eventually(() => expect(contentOf(alice.doc(name))).toEqual(contentOf(bob.doc(name))));
    const expected = contentOf(alice.doc(name));
    expect(expected.items.length).toBeGreaterThan(0);

    const { snapshot } = await readStoredRows(server.dataDir, name);
    expect(snapshot).not.toBeNull();
    expect(contentOf(await storedState(server.dataDir, name))).toEqual(expected);
    const live = server.registry.peek(name);
    expect(live && contentOf(live.doc)).toEqual(expected);

    // A fresh client, and a fresh server, see the same document.
    const restarted = await restartTestServer(defer, server);
    const reader = await SyncClient.connect('single', restarted.wsUrl, name, defer);
    await reader.waitForSync();
    expect(contentOf(reader.doc())).toEqual(expected);
    // Y.Doc equality beyond the plain values: the same items, ids and deletions.
    expect(Y.encodeStateVector(reader.doc())).toEqual(Y.encodeStateVector(alice.doc(name)));
  });

  it('keeps an update that arrived before the one it depends on, through compaction and a restart', async () => {
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    sample.text(author).insert(0, 'first ');
    sample.text(author).insert(6, 'second');
    const [first, second] = updates as [Uint8Array, Uint8Array];

    const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: '1' } });
    const name = 'task/out-of-order';
    const sender = await SyncClient.multiplexed(server.wsUrl, defer);
    const document = sender.open(name);
    await sender.waitForSync(name);
    // The second edit alone: the server cannot integrate it yet, but must store it.
    sender.sendFor(name, encodeUpdate(second));
    await eventually(() => expect(document.acked).toBe(document.updatesSent + 1));
    // Compaction starts after the commit that acknowledged it, and finishes soon after.
    await eventually(async () => expect((await readStoredRows(server.dataDir, name)).updates).toEqual([]));

    await sender.close();
    const restarted = await restartTestServer(defer, server);
    const late = await SyncClient.multiplexed(restarted.wsUrl, defer);
    const lateDocument = late.open(name);
    await late.waitForSync(name);
    expect(sample.text(lateDocument.doc).toString()).toBe('');
    late.sendFor(name, encodeUpdate(first));
    await eventually(() => expect(lateDocument.acked).toBe(lateDocument.updatesSent + 1));

    const reader = await SyncClient.connect('single', restarted.wsUrl, name, defer);
    await reader.waitForSync();
    expect(sample.text(reader.doc()).toString()).toBe('first second');
  });

  it('compacts by size as well as by count', async () => {
    const server = await startTestServer(defer, {
      env: { COMPACT_AFTER_UPDATES: '1000000', COMPACT_AFTER_BYTES: '4096' },
    });
    const name = 'task/big-edits';
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    writer.open(name);
    const lengths: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      sample.text(writer.doc(name)).insert(0, String(i % 10).repeat(1000));
      await writer.waitForAck(name);
      lengths.push((await readStoredRows(server.dataDir, name)).updates.length);
    }
    // About 1 kB per update: never more than five in the log before it is folded.
    expect(Math.max(...lengths)).toBeLessThanOrEqual(5);
    expect(contentOf(await storedState(server.dataDir, name)).text).toBe(sample.text(writer.doc(name)).toString());
  });

  it('compacts a long log left by an unclean stop when the document is next loaded', async () => {
    // A log as a killed server leaves it: 30 updates, never compacted.
    const dataDir = makeDataDir(defer);
    const author = new Y.Doc();
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 30; i += 1) sample.items(author).push([i]);
    const database = await openTestDatabase(dataDir);
    const store = new SqlDocumentStore(database.db);
    await Promise.all(updates.map((update) => store.append('task/long-log', update)));
    await store.close();
    await database.close();

    const server = await startTestServer(defer, { dataDir, env: { COMPACT_AFTER_UPDATES: '10' } });
    const reader = await SyncClient.connect('single', server.wsUrl, 'task/long-log', defer);
    await reader.waitForSync();
    expect(contentOf(reader.doc()).items).toEqual([...Array(30).keys()]);
    const stored = await readStoredRows(server.dataDir, 'task/long-log');
    expect(stored.updates).toEqual([]);
    expect(contentOf(stored.snapshot ?? new Uint8Array()).items).toHaveLength(30);
  });
});
