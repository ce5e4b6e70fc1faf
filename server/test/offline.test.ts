/**
 * Offline editing: a client that loses its connection keeps editing, and on reconnecting (a new
 * socket, sync step 1 both ways) its offline edits reach the others and are acknowledged as
 * stored, while it catches up with what it missed.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { storedState } from './support/storedDocument.ts';
import { framings, SyncClient } from './support/syncClient.ts';
import { restartTestServer, startTestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

describe.each(framings)('a client reconnecting over the %s framing', (framing) => {
  it('delivers its offline edits to the other client and catches up with what it missed', async () => {
    const server = await startTestServer(defer);
    const name = 'task/offline';
    const traveller = await SyncClient.connect(framing, server.wsUrl, name, defer);
    const colleague = await SyncClient.connect('multiplexed', server.wsUrl, name, defer);
    sample.text(traveller.doc()).insert(0, 'shared start');
    await eventually(() => expect(sample.text(colleague.doc()).toString()).toBe('shared start'));

    await traveller.disconnect();
    sample.text(traveller.doc()).insert(0, 'On the train: ');
    sample.fields(traveller.doc()).set('written', 'offline');
    sample.items(traveller.doc()).push(['a', 'b']);
    sample.fields(colleague.doc()).set('meanwhile', 'at the office');
    await colleague.waitForAck();
    // Nothing of the offline edits reached anyone yet.
    expect(sample.fields(colleague.doc()).has('written')).toBe(false);

    await traveller.reconnect();
    await eventually(() => {
      expect(contentOf(colleague.doc())).toEqual({
        text: 'On the train: shared start',
        fields: { written: 'offline', meanwhile: 'at the office' },
        items: ['a', 'b'],
      });
      expect(contentOf(traveller.doc())).toEqual(contentOf(colleague.doc()));
    });
    expect([...traveller.violations, ...colleague.violations]).toEqual([]);
  });
});

it('offline edits are acknowledged once stored, and survive a restart', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p1/plan';
  const traveller = await SyncClient.multiplexed(server.wsUrl, defer);
  const document = traveller.open(name);
  await traveller.waitForSync(name);
  await traveller.disconnect();
  for (let i = 0; i < 10; i += 1) sample.fields(document.doc).set(`offline-${i}`, i);

  await traveller.reconnect();
  // The offline edits travel in the step 2 answering the server's step 1: one update-bearing message.
  await eventually(() => expect(document.updatesSent).toBeGreaterThanOrEqual(1));
  await traveller.waitForAck(name);
  const stored = contentOf(await storedState(server.dataDir, name)).fields;
  expect(Object.keys(stored).sort()).toEqual([...Array(10).keys()].map((i) => `offline-${i}`).sort());

  await traveller.close();
  const restarted = await restartTestServer(defer, server);
  const reader = await SyncClient.connect('single', restarted.wsUrl, name, defer);
  await reader.waitForSync();
  expect(Object.keys(contentOf(reader.doc()).fields)).toHaveLength(10);
});

it('two clients that both edited offline converge after reconnecting', async () => {
  const server = await startTestServer(defer);
  const name = 'task/both-offline';
  const alice = await SyncClient.connect('multiplexed', server.wsUrl, name, defer);
  const bob = await SyncClient.connect('single', server.wsUrl, name, defer);
  sample.text(alice.doc()).insert(0, 'base');
  await eventually(() => expect(sample.text(bob.doc()).toString()).toBe('base'));

  await Promise.all([alice.disconnect(), bob.disconnect()]);
  sample.text(alice.doc()).insert(4, ' + alice');
  sample.fields(alice.doc()).set('status', 'alice');
  sample.text(bob.doc()).insert(0, 'bob + ');
  sample.fields(bob.doc()).set('status', 'bob');

  await alice.reconnect();
  await alice.waitForAck();
  await bob.reconnect();
  await eventually(() => {
    expect(contentOf(alice.doc())).toEqual(contentOf(bob.doc()));
    expect(contentOf(alice.doc()).text).toBe('bob + base + alice');
  });
});
