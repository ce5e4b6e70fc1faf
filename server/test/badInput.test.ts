/**
 * Bad input closes the one connection that sent it — nothing else. For each kind of bad frame:
 * the sender is closed with the right code, healthy clients on the same document keep syncing,
 * the server stays healthy, and what was stored is unchanged after a restart.
 */

import { closeCode, errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import {
  encodeAck,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from '@atrium/shared/protocol/frames.ts';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cleanupAfterEach } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, type SampleContent, sample } from './support/sampleDocument.ts';
import { type Framing, SyncClient } from './support/syncClient.ts';
import { healthStatus, restartTestServer, startTestServer, type TestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();
const documentName = 'project/p1/plan';
const maxMessageBytes = 4096;

/** Bytes that are not a Yjs update (the decoder runs off the end). */
const notAnUpdate = new Uint8Array([1, 2, 3]);

type Attack = {
  description: string;
  framing: Framing;
  /** Whether the attacker waits for its subscription to be ready (else the frame hits the load queue). */
  afterSync: boolean;
  send(attacker: SyncClient): void;
  expectedClose: { code: number; reason?: RegExp };
};

const attacks: Attack[] = [
  {
    description: 'a frame whose document name runs off the end',
    framing: 'multiplexed',
    afterSync: true,
    send: (a) => a.sendRaw(new Uint8Array([0xff, 0xff])),
    expectedClose: { code: closeCode.malformed },
  },
  {
    description: 'a truncated sync message',
    framing: 'single',
    afterSync: true,
    send: (a) => a.sendRaw(new Uint8Array([0])),
    expectedClose: { code: closeCode.malformed },
  },
  ...(['multiplexed', 'single'] as const).map(
    (framing): Attack => ({
      description: 'an unknown message type',
      framing,
      afterSync: true,
      send: (a) => a.sendFor(documentName, new Uint8Array([7])),
      expectedClose: { code: closeCode.malformed, reason: /unknown message type 7/ },
    }),
  ),
  {
    description: 'an ack, which only servers may send',
    framing: 'multiplexed',
    afterSync: true,
    send: (a) => a.sendFor(documentName, encodeAck(1)),
    expectedClose: { code: closeCode.malformed },
  },
  {
    description: 'an unknown sync step',
    framing: 'multiplexed',
    afterSync: true,
    send: (a) => a.sendFor(documentName, new Uint8Array([0, 9, 0])),
    expectedClose: { code: closeCode.malformed, reason: /unknown sync step 9/ },
  },
  ...(['multiplexed', 'single'] as const).map(
    (framing): Attack => ({
      description: 'a garbage Yjs update inside a well-formed update message',
      framing,
      afterSync: true,
      send: (a) => a.sendFor(documentName, encodeUpdate(notAnUpdate)),
      expectedClose: { code: closeCode.malformed, reason: /not a Yjs update/ },
    }),
  ),
  {
    description: 'a garbage Yjs update as the first message, while the document is still loading',
    framing: 'multiplexed',
    afterSync: false,
    send: (a) => a.sendFor(documentName, encodeSyncStep2(notAnUpdate)),
    expectedClose: { code: closeCode.malformed, reason: /not a Yjs update/ },
  },
  {
    description: 'a garbage awareness update',
    framing: 'single',
    afterSync: true,
    send: (a) => a.sendFor(documentName, encodeAwareness(notAnUpdate)),
    expectedClose: { code: closeCode.malformed },
  },
  {
    description: 'a garbage state vector in sync step 1',
    framing: 'multiplexed',
    afterSync: true,
    send: (a) => a.sendFor(documentName, encodeSyncStep1(new Uint8Array([5, 1]))),
    expectedClose: { code: closeCode.malformed },
  },
  ...(['multiplexed', 'single'] as const).map(
    (framing): Attack => ({
      description: 'a text frame',
      framing,
      afterSync: true,
      send: (a) => a.sendRaw('{"type":"sync"}'),
      expectedClose: { code: closeCode.malformed, reason: /text frames/ },
    }),
  ),
  {
    description: `a frame over MAX_MESSAGE_BYTES (${maxMessageBytes})`,
    framing: 'multiplexed',
    afterSync: true,
    send: (a) => a.sendFor(documentName, encodeUpdate(new Uint8Array(maxMessageBytes + 100))),
    expectedClose: { code: 1009 },
  },
];

/** A server with a document two healthy clients (one per framing) are editing. */
async function healthyScene() {
  const server = await startTestServer(defer, { env: { MAX_MESSAGE_BYTES: String(maxMessageBytes) } });
  const alice = await SyncClient.connect('multiplexed', server.wsUrl, documentName, defer);
  const bob = await SyncClient.connect('single', server.wsUrl, documentName, defer);
  sample.text(alice.doc()).insert(0, 'written before the attack');
  sample.fields(bob.doc()).set('author', 'bob');
  await alice.waitForAck();
  await eventually(() => expect(contentOf(bob.doc())).toEqual(contentOf(alice.doc())));
  return { server, alice, bob };
}

/** After the attack: the healthy pair still syncs, the server is healthy, and storage is intact. */
async function expectUnharmed(server: TestServer, alice: SyncClient, bob: SyncClient): Promise<void> {
  sample.text(bob.doc()).insert(0, 'after: ');
  sample.items(alice.doc()).push(['still syncing']);
  await alice.waitForAck();
  await eventually(() => {
    expect(contentOf(bob.doc()).items).toEqual(['still syncing']);
    expect(contentOf(alice.doc())).toEqual(contentOf(bob.doc()));
  });
  expect(alice.closedWith).toBeUndefined();
  expect(bob.closedWith).toBeUndefined();
  expect([...alice.violations, ...bob.violations]).toEqual([]);
  expect(await healthStatus(server)).toBe(200);

  const expected: SampleContent = contentOf(alice.doc());
  await Promise.all([alice.close(), bob.close()]);
  const restarted = await restartTestServer(defer, server);
  const reader = await SyncClient.connect('single', restarted.wsUrl, documentName, defer);
  await reader.waitForSync();
  expect(contentOf(reader.doc())).toEqual(expected);
}

describe.each(attacks)('$description over the $framing framing', (attack) => {
  it(`closes that connection with ${attack.expectedClose.code} and harms nothing else`, async () => {
    const { server, alice, bob } = await healthyScene();
    const attacker = await SyncClient.connect(attack.framing, server.wsUrl, documentName, defer);
    if (attack.afterSync) await attacker.waitForSync();

    attack.send(attacker);
    const closed = await attacker.waitForClose();
    expect(closed.code).toBe(attack.expectedClose.code);
    if (attack.expectedClose.reason) expect(closed.reason).toMatch(attack.expectedClose.reason);

    await expectUnharmed(server, alice, bob);
  });
});

describe('invalid document names', () => {
  it('on /ws, an invalid name gets an error frame and the socket stays open for valid ones', async () => {
    const { server, alice, bob } = await healthyScene();
    const client = await SyncClient.multiplexed(server.wsUrl, defer);
    for (const name of ['../etc/passwd', 'a//b', '', 'x'.repeat(300)]) {
      client.sendFor(name, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    }
    await eventually(() => expect(client.unsolicited).toHaveLength(4));
    for (const { name, message } of client.unsolicited) {
      expect(message).toMatchObject({ kind: 'error', code: errorCode.invalidName });
      expect(name.length).toBeLessThanOrEqual(256);
    }
    expect(client.unsolicited.map((u) => u.name).slice(0, 3)).toEqual(['../etc/passwd', 'a//b', '']);
    expect(server.registry.size).toBe(1);

    // The same socket goes on to sync a valid document.
    client.open(documentName);
    await client.waitForSync(documentName);
    expect(contentOf(client.doc(documentName)).text).toBe('written before the attack');
    expect(client.closedWith).toBeUndefined();
    await expectUnharmed(server, alice, bob);
  });

  it('on /sync/, an invalid name closes that socket with 4403 invalid_name', async () => {
    const { server, alice, bob } = await healthyScene();
    for (const name of ['a//b', 'task/../secret', 'task/1/']) {
      const client = await SyncClient.single(server.wsUrl, name, defer);
      expect(await client.waitForClose()).toEqual({ code: closeCode.forbidden, reason: errorCode.invalidName });
    }
    expect(server.registry.size).toBe(1);
    await expectUnharmed(server, alice, bob);
  });

  it('a path that is not a sync endpoint is refused at the upgrade with 404', async () => {
    const { server, alice, bob } = await healthyScene();
    await expect(SyncClient.multiplexed(`${server.wsUrl}/nowhere`)).rejects.toThrow(/404/);
    await expectUnharmed(server, alice, bob);
  });
});
