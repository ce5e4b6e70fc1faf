import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupAfterEach } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { readStoredRows } from './support/storedDocument.ts';
import { SyncClient } from './support/syncClient.ts';
import { startTestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

describe('eviction', () => {
  it('drops a document from memory after its last subscriber leaves, and a later subscriber gets the same content', async () => {
    const server = await startTestServer(defer, { env: { DOC_EVICT_GRACE_MS: '20' } });
    const name = 'task/evicted';
    const first = await SyncClient.multiplexed(server.wsUrl, defer);
    const second = await SyncClient.connect('single', server.wsUrl, name, defer);
    first.open(name);
    sample.text(first.doc(name)).insert(0, 'remember me');
    sample.fields(second.doc()).set('kept', true);
    await first.waitForAck(name);
    await eventually(() => expect(contentOf(second.doc())).toEqual(contentOf(first.doc(name))));
    const expected = contentOf(first.doc(name));
    expect(server.registry.peek(name)).toBeDefined();

    await first.close();
    // One subscriber is still there: the document stays, however long we wait for a second client.
    const third = await SyncClient.connect('single', server.wsUrl, name, defer);
    await third.waitForSync();
    await third.close();
    expect(server.registry.peek(name)).toBeDefined();

    await second.close();
    await eventually(() => {
      expect(server.registry.peek(name)).toBeUndefined();
      expect(server.registry.size).toBe(0);
    });
    // Evicted documents are compacted, so the next load is a single snapshot read. (The compaction
    // commits just after the document leaves memory: wait for it.)
    await eventually(async () => {
      const stored = await readStoredRows(server.dataDir, name);
      expect(stored.updates).toEqual([]);
      expect(stored.snapshot).not.toBeNull();
    });

    const later = await SyncClient.connect('multiplexed', server.wsUrl, name, defer);
    await later.waitForSync(name);
    expect(contentOf(later.doc(name))).toEqual(expected);
    expect(server.registry.peek(name)).toBeDefined();
    sample.text(later.doc(name)).insert(0, 'still ');
    await later.waitForAck(name);
    expect(contentOf(server.registry.peek(name)?.doc ?? new Y.Doc()).text).toBe('still remember me');
  });

  it('keeps a document loaded while anyone is subscribed', async () => {
    const server = await startTestServer(defer, { env: { DOC_EVICT_GRACE_MS: '0' } });
    const holder = await SyncClient.multiplexed(server.wsUrl, defer);
    holder.open('task/held');
    holder.open('task/released');
    await Promise.all([holder.waitForSync('task/held'), holder.waitForSync('task/released')]);
    expect(server.registry.size).toBe(2);

    holder.unsubscribe('task/released');
    await eventually(() => expect(server.registry.peek('task/released')).toBeUndefined());
    // A round trip on the socket after the eviction: the held document is still there.
    sample.fields(holder.doc('task/held')).set('x', 1);
    await holder.waitForAck('task/held');
    expect(server.registry.peek('task/held')).toBeDefined();
    expect(server.registry.size).toBe(1);
  });
});
