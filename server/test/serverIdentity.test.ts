/**
 * Changes the server makes itself (portal derivation, REST actions) are written under one clientID
 * per loaded document — so the state vector does not grow with every change — and no client may
 * write under that identity, then or after the document was evicted and loaded again.
 */
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeDocumentFrame,
  encodeUpdate,
} from '@atrium/shared/protocol/frames.ts';
import * as encoding from 'lib0/encoding';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { SqlDocumentStore } from '../src/storage/sqlDocumentStore.ts';
import { ServerWriter, type Subscriber } from '../src/sync/syncDocument.ts';
import { buildWorld, expectStatus, startApiServer } from './support/apiWorld.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { createItem, descriptionOf, documentsOf, paragraph } from './support/projectItems.ts';
import { RecordingPeer } from './support/recordingPeer.ts';
import { eventually } from './support/syncClient.ts';
import { startTestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

it('writes every server change under one clientID and refuses clients that borrow it', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p1/portal';
  const holder: Subscriber = { send() {} };
  const document = await server.registry.subscribe(name, holder);
  for (let i = 0; i < 10; i++)
    await document.change((doc) => doc.getMap('items').set(`k${i}`, i), new ServerWriter(null));
  const writers = [...Y.decodeStateVector(Y.encodeStateVector(document.doc)).keys()];
  expect(writers).toHaveLength(1);
  const serverClientId = writers[0] as number;

  const socket = new WebSocket(`${server.wsUrl}/ws`);
  defer(() => socket.close());
  const errors: string[] = [];
  socket.on('message', (data: Buffer) => {
    const message = decodeMessage(decodeDocumentFrame(new Uint8Array(data)).message);
    if (message.kind === 'error') errors.push(message.code);
  });
  await new Promise((resolve) => socket.once('open', resolve));
  const forger = new Y.Doc();
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(document.doc));
  forger.clientID = serverClientId;
  const before = Y.encodeStateVector(forger);
  forger.getMap('items').set('forged', true);
  socket.send(encodeDocumentFrame(name, encodeUpdate(Y.encodeStateAsUpdate(forger, before))));
  await eventually(() => expect(errors).toEqual(['write_refused']));
  expect(document.doc.getMap('items').has('forged')).toBe(false);
  server.registry.unsubscribe(document, holder);
});

it('accepts a client resending the server’s changes it already holds together with its own edit', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p1/portal';
  const holder: Subscriber = { send() {} };
  const document = await server.registry.subscribe(name, holder);
  await document.change((doc) => doc.getMap('items').set('server', 1), new ServerWriter(null));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(document.doc));
  client.getMap('items').set('client', 2);
  // The whole state (the server's structs included), as a replica restored from storage sends it.
  const { refused } = await sendOnce(server.wsUrl, name, Y.encodeStateAsUpdate(client));
  expect(refused).toBe(false);
  await eventually(() => expect(document.doc.getMap('items').get('client')).toBe(2));
  server.registry.unsubscribe(document, holder);
});

it('stores only what is new of a resent update: a struct spanning two stored server changes cannot replace the second on load', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p1/portal';
  const holder: Subscriber = { send() {} };
  const document = await server.registry.subscribe(name, holder);
  // Three server changes, three log entries (clocks 0, 1 and 2 of the server's clientID).
  await document.change((doc) => doc.getMap('items').set('a', 1), new ServerWriter(null));
  await document.change((doc) => doc.getMap('items').set('status', 'open'), new ServerWriter(null));
  await document.change((doc) => doc.getMap('items').set('status', 'closed'), new ServerWriter(null));
  const serverClientId = [...Y.decodeStateVector(Y.encodeStateVector(document.doc)).keys()][0] as number;

  // A struct under the server's clientID covering clocks 1–2 that the document "holds" already,
  // but with other content: applied live it changes nothing; merged with the log on load, it would
  // take the place of the last change.
  const forger = new Y.Doc();
  forger.clientID = serverClientId;
  forger.getArray('pad').push([0]);
  forger.getArray('x').push(['y', 'FORGED']);
  const forged = Y.encodeStateAsUpdate(forger, encodedClock(serverClientId, 1));
  await sendOnce(server.wsUrl, name, forged);

  const stored = await new SqlDocumentStore(server.db).load(name);
  const reloaded = new Y.Doc();
  Y.applyUpdate(
    reloaded,
    Y.mergeUpdates([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.data)]),
  );
  expect(reloaded.getMap('items').toJSON()).toEqual({ a: 1, status: 'closed' });
  expect(JSON.stringify(reloaded.toJSON())).not.toContain('FORGED');
  server.registry.unsubscribe(document, holder);
});

/** A state vector saying `client` is at `clock`. */
function encodedClock(client: number, clock: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  return encoding.toUint8Array(encoder);
}

/** Sends one update over a fresh socket; whether the server refused it (or acknowledged it first). */
async function sendOnce(wsUrl: string, name: string, update: Uint8Array): Promise<{ refused: boolean }> {
  const socket = new WebSocket(`${wsUrl}/ws`);
  defer(() => socket.close());
  await new Promise((resolve) => socket.once('open', resolve));
  const answer = new Promise<{ refused: boolean }>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = decodeMessage(decodeDocumentFrame(new Uint8Array(data)).message);
      if (message.kind === 'error') resolve({ refused: true });
      if (message.kind === 'ack') resolve({ refused: false });
    });
  });
  socket.send(encodeDocumentFrame(name, encodeUpdate(update)));
  return answer;
}

it('keeps an earlier load’s server clientID the server’s: a customer writing under it is refused, nothing stored', async () => {
  const server = await startApiServer(defer, { env: { DOC_EVICT_GRACE_MS: '0' } });
  const world = await buildWorld(defer, server);
  const item = await createItem(world.owner, world.projectA.id, { title: 'Approved brief', shared: true });
  const name = documentsOf(world.projectA.id).item(item.id);
  await server.documents.change(name, world.owner.id, (doc) => {
    doc.getXmlFragment('description').insert(0, [paragraph('Written by the server')]);
  });
  const serverClientId = await server.documents.read(name, (doc) => {
    const writers = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];
    expect(writers).toHaveLength(1);
    return writers[0] as number;
  });
  // Evicted (nobody holds it): the next load writes under a new clientID; the old one is in the state.
  await eventually(() => expect(server.registry.peek(name)).toBeUndefined());

  const customer = await RecordingPeer.connect(server, { cookie: world.collaborator.api.cookie }, defer, 'customer');
  customer.open(name);
  await customer.waitForSync(name);
  const forger = new Y.Doc();
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(customer.doc(name)));
  forger.clientID = serverClientId;
  const before = Y.encodeStateVector(forger);
  forger.getXmlFragment('description').insert(1, [paragraph('FORGED as the server')]);
  customer.sendUpdate(name, Y.encodeStateAsUpdate(forger, before));
  expect((await customer.waitForError(name)).code).toBe('write_refused');

  expect(await server.documents.read(name, descriptionOf)).not.toContain('FORGED');
  const writers = expectStatus(
    await world.owner.api.get(`/projects/${world.projectA.id}/items/${item.id}/writers`),
    200,
  ) as Array<{ clientId: number; userId: string }>;
  expect(writers.find((writer) => writer.clientId === serverClientId)).toBeUndefined();
});
