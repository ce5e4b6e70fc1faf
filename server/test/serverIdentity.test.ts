/**
 * Changes the server makes itself (portal derivation, REST actions) are written under one clientID
 * per loaded document — so the state vector does not grow with every change — and no client may
 * write under that identity.
 */
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeDocumentFrame,
  encodeUpdate,
} from '@atrium/shared/protocol/frames.ts';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { ServerWriter, type Subscriber } from '../src/sync/syncDocument.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
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
