/**
 * Clients editing the same document converge, through either framing, and a multiplexed socket
 * keeps the documents it carries apart.
 */
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { framings, SyncClient } from './support/syncClient.ts';
import { startTestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

describe.each(framings)('over the %s framing', (framing) => {
  it('two clients converge on concurrent Y.Text and Y.Map edits', async () => {
    const server = await startTestServer(defer);
    const name = 'project/p1/plan';
    const alice = await SyncClient.connect(framing, server.wsUrl, name, defer);
    const bob = await SyncClient.connect(framing, server.wsUrl, name, defer);
    await Promise.all([alice.waitForSync(), bob.waitForSync()]);

    // Concurrent edits: neither has seen the other's before making its own.
    sample.text(alice.doc()).insert(0, 'Hello');
    sample.fields(alice.doc()).set('owner', 'alice');
    sample.fields(alice.doc()).set('status', 'open');
    sample.text(bob.doc()).insert(0, 'World');
    sample.fields(bob.doc()).set('status', 'closed');
    sample.fields(bob.doc()).set('due', '2025-01-01');

    await eventually(() => expect(contentOf(alice.doc())).toEqual(contentOf(bob.doc())));
    const merged = contentOf(alice.doc());
    expect(merged.text).toHaveLength(10);
    expect(merged.text).toMatch(/^(HelloWorld|WorldHello)$/);
    expect(merged.fields).toMatchObject({ owner: 'alice', due: '2025-01-01' });
    expect(['open', 'closed']).toContain(merged.fields.status);

    // Later edits on either side keep flowing both ways.
    sample.text(bob.doc()).insert(merged.text.length, '!');
    sample.fields(alice.doc()).delete('owner');
    await eventually(() => {
      expect(contentOf(alice.doc())).toEqual(contentOf(bob.doc()));
      expect(contentOf(alice.doc()).text.endsWith('!')).toBe(true);
      expect(contentOf(bob.doc()).fields).not.toHaveProperty('owner');
    });
    // The server holds the same state as both clients.
    const live = server.registry.peek(name);
    expect(live && contentOf(live.doc)).toEqual(contentOf(alice.doc()));
    expect([...alice.violations, ...bob.violations]).toEqual([]);
  });

  it('a third client joining late receives the full state', async () => {
    const server = await startTestServer(defer);
    const name = 'task/42';
    const alice = await SyncClient.connect(framing, server.wsUrl, name, defer);
    const bob = await SyncClient.connect(framing, server.wsUrl, name, defer);
    for (let i = 0; i < 20; i += 1) {
      const writer = i % 2 === 0 ? alice : bob;
      sample.items(writer.doc()).push([`item ${i}`]);
      sample.fields(writer.doc()).set(`key ${i}`, i);
    }
    sample.text(alice.doc()).insert(0, 'the plan');
    await eventually(() => expect(contentOf(bob.doc())).toEqual(contentOf(alice.doc())));
    expect(contentOf(alice.doc()).items).toHaveLength(20);

    const carol = await SyncClient.connect(framing, server.wsUrl, name, defer);
    await carol.waitForSync();
    expect(contentOf(carol.doc())).toEqual(contentOf(alice.doc()));

    // And carol is a full participant from then on.
    sample.text(carol.doc()).insert(0, 'Carol: ');
    await eventually(() => expect(sample.text(alice.doc()).toString()).toBe('Carol: the plan'));
  });
});

it('clients on different framings edit the same document together', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p1/notes';
  const multiplexed = await SyncClient.connect('multiplexed', server.wsUrl, name, defer);
  const single = await SyncClient.connect('single', server.wsUrl, name, defer);
  sample.text(multiplexed.doc()).insert(0, 'from /ws');
  sample.fields(single.doc()).set('from', '/sync');
  await eventually(() => {
    expect(contentOf(single.doc())).toEqual({ text: 'from /ws', fields: { from: '/sync' }, items: [] });
    expect(contentOf(multiplexed.doc())).toEqual(contentOf(single.doc()));
  });
});

describe('a multiplexed socket carrying several documents', () => {
  it('keeps each document’s edits to that document', async () => {
    const server = await startTestServer(defer);
    const names = ['project/p1/plan', 'task/1', 'task/1/internal'];
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const reader = await SyncClient.multiplexed(server.wsUrl, defer);
    for (const name of names) {
      writer.open(name);
      reader.open(name);
    }
    for (const name of names) {
      sample.text(writer.doc(name)).insert(0, `text of ${name}`);
      sample.fields(writer.doc(name)).set('name', name);
    }
    await eventually(() => {
      for (const name of names) {
        expect(contentOf(reader.doc(name))).toEqual({ text: `text of ${name}`, fields: { name }, items: [] });
      }
    });
    for (const name of names) {
      const live = server.registry.peek(name);
      expect(live && contentOf(live.doc).text).toBe(`text of ${name}`);
    }
    // Acks are counted per document.
    await Promise.all(names.map((name) => writer.waitForAck(name)));
    for (const name of names) expect(writer.document(name).acked).toBe(writer.document(name).updatesSent);
    expect([...writer.violations, ...reader.violations, ...reader.unsolicited.map((u) => u.name)]).toEqual([]);
  });

  it('delivers edits only to sockets subscribed to that document', async () => {
    const server = await startTestServer(defer);
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const onlyB = await SyncClient.multiplexed(server.wsUrl, defer);
    writer.open('doc/a');
    writer.open('doc/b');
    onlyB.open('doc/b');
    await onlyB.waitForSync('doc/b');

    sample.text(writer.doc('doc/a')).insert(0, 'secret of a');
    sample.text(writer.doc('doc/b')).insert(0, 'news of b');
    await eventually(() => expect(sample.text(onlyB.doc('doc/b')).toString()).toBe('news of b'));
    await writer.waitForAck('doc/a');
    expect(onlyB.unsolicited).toEqual([]);
  });

  it('stops sending a document after the client unsubscribes, and the others keep it', async () => {
    const server = await startTestServer(defer);
    const writer = await SyncClient.multiplexed(server.wsUrl, defer);
    const leaver = await SyncClient.multiplexed(server.wsUrl, defer);
    writer.open('doc/a');
    writer.open('doc/b');
    leaver.open('doc/a');
    leaver.open('doc/b');
    await Promise.all([leaver.waitForSync('doc/a'), leaver.waitForSync('doc/b')]);

    leaver.unsubscribe('doc/a');
    sample.text(writer.doc('doc/a')).insert(0, 'after the leave');
    await writer.waitForAck('doc/a');
    // A later edit on the still-subscribed document arrives; by then the server has handled the
    // unsubscribe (frames on one socket are handled in order), so nothing of doc/a may follow.
    sample.text(writer.doc('doc/b')).insert(0, 'still here');
    await eventually(() => expect(sample.text(leaver.doc('doc/b')).toString()).toBe('still here'));
    expect(leaver.unsolicited.filter((u) => u.message.kind === 'update')).toEqual([]);
  });
});

describe('unsubscribing with writes still being committed', () => {
  it('once the server has handled the unsubscribe, it sends nothing more about that document, not even acks', async () => {
    const server = await startTestServer(defer);
    const client = await SyncClient.multiplexed(server.wsUrl, defer);
    const leaving = client.open('doc/leaving');
    client.open('doc/staying');
    await Promise.all([client.waitForSync('doc/leaving'), client.waitForSync('doc/staying')]);

    // Writes and the unsubscribe leave in one tick: the writes are still committing when it lands.
    for (let i = 0; i < 20; i += 1) sample.fields(leaving.doc).set(`k${i}`, i);
    client.unsubscribe('doc/leaving');
    // Frames on a socket are handled in order, so the answer to this step 1 marks the point where
    // the server has handled the unsubscribe; acks sent before it may still arrive before it.
    client.open('doc/marker');
    await client.waitForSync('doc/marker');
    const marker = client.inbox.findIndex((m) => m.name === 'doc/marker');
    for (let i = 0; i < 3; i += 1) {
      sample.fields(client.doc('doc/staying')).set(`round${i}`, i);
      await client.waitForAck('doc/staying');
    }
    expect(client.inbox.slice(marker).filter((m) => m.name === 'doc/leaving')).toEqual([]);
    // The writes themselves were stored all the same.
    const reader = await SyncClient.connect('single', server.wsUrl, 'doc/leaving', defer);
    await reader.waitForSync();
    expect(sample.fields(reader.doc()).size).toBe(20);
  });

  it('a resubscription on the same socket is never acked with counts of the old subscription', async () => {
    const server = await startTestServer(defer);
    const client = await SyncClient.multiplexed(server.wsUrl, defer);
    const first = client.open('doc/again');
    await client.waitForSync('doc/again');

    for (let i = 0; i < 20; i += 1) sample.fields(first.doc).set(`k${i}`, i);
    client.unsubscribe('doc/again');
    const second = client.open('doc/again');
    sample.text(second.doc).insert(0, 'back');
    await client.waitForSync('doc/again');
    for (let i = 0; i < 3; i += 1) {
      sample.items(second.doc).push([i]);
      await client.waitForAck('doc/again');
    }
    // Acks of the old subscription may only arrive before the new one is greeted with step 1;
    // afterwards every ack counts the new subscription's messages, never more than it sent.
    expect(client.violations).toEqual([]);
    expect(second.acked).toBe(second.updatesSent);
  });
});

it('many clients subscribing to a new document at once share one loaded copy and converge', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p9/plan';
  const clients = await Promise.all(
    [...Array(8).keys()].map((i) =>
      SyncClient.connect(i % 2 === 0 ? 'multiplexed' : 'single', server.wsUrl, name, defer),
    ),
  );
  clients.forEach((client, i) => {
    sample.fields(client.doc()).set(`client-${i}`, i);
  });
  await eventually(() => {
    for (const client of clients) expect(sample.fields(client.doc()).size).toBe(8);
  });
  expect(server.registry.size).toBe(1);
  const live = server.registry.peek(name);
  expect(live && Object.keys(contentOf(live.doc).fields)).toHaveLength(8);
});
