/**
 * The multiplexed client against a real Atrium server (real sockets, real SQLite file): documents
 * converge, the save state tells the truth, and offline edits arrive after reconnecting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningAtrium, startAtrium } from '@atrium/server/atriumServer.ts';
import { loadConfig } from '@atrium/server/config.ts';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { SaveState } from './documentSync.ts';
import { RemotePacing } from './remotePacing.ts';
import { SyncSocket, type WebSocketConstructor } from './syncSocket.ts';
import { cleanups, until } from './testing.ts';

async function server(
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-web-')),
  port = 0,
): Promise<RunningAtrium> {
  const atrium = await startAtrium(loadConfig({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), {
    openSync: true,
  });
  cleanups.push(() => atrium.close());
  return atrium;
}

function client(atrium: RunningAtrium): SyncSocket {
  const socket = new SyncSocket({
    url: `${atrium.url.replace('http', 'ws')}/ws`,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    minBackoffMs: 20,
    maxBackoffMs: 200,
  });
  cleanups.push(() => socket.close());
  return socket;
}

describe('SyncSocket', () => {
  it('two clients converge on several documents over one socket each', async () => {
    const atrium = await server();
    const [alice, bob] = [client(atrium), client(atrium)];
    const names = ['project/p1/plan', 'task/t1', 'task/t1/internal'];
    const aliceDocs = names.map((name) => alice.open(name, new Y.Doc()).doc);
    const bobDocs = names.map((name) => bob.open(name, new Y.Doc()).doc);
    for (const [i, doc] of aliceDocs.entries()) doc.getText('body').insert(0, `from alice ${i}`);
    bobDocs[0]?.getMap('meta').set('title', 'Plan');
    await until(
      () => bobDocs.every((doc, i) => doc.getText('body').toString() === `from alice ${i}`),
      'bob to converge',
    );
    await until(() => aliceDocs[0]?.getMap('meta').get('title') === 'Plan', 'alice to see the title');
    expect(bobDocs[1]?.getMap('meta').get('title')).toBeUndefined();
  });

  it('reports saving, then saved only after the server acknowledged the commit', async () => {
    const atrium = await server();
    const socket = client(atrium);
    const sync = socket.open('doc/saved', new Y.Doc());
    await sync.whenSynced();
    await until(() => sync.state.kind === 'saved', 'initial saved');
    const seen: SaveState['kind'][] = [];
    sync.onState((state) => seen.push(state.kind));
    sync.doc.getText('t').insert(0, 'hello');
    expect(sync.state).toEqual({ kind: 'saving', unsaved: { edited: true, messages: 0, comments: 0 } });
    await until(() => sync.state.kind === 'saved', 'saved');
    expect(seen).toEqual(['saving', 'saved']);
  });

  it('keeps offline edits, says so, and delivers them when the server is back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-web-'));
    const first = await server(dataDir);
    const writer = client(first);
    const sync = writer.open('doc/offline', new Y.Doc());
    await sync.whenSynced();
    await first.close();
    await until(() => sync.state.kind === 'offline', 'offline');
    sync.doc.getText('t').insert(0, 'written on a train');
    sync.doc.getText('t').insert(0, '> ');
    expect(sync.state).toEqual({ kind: 'offline', unsaved: { edited: true, messages: 0, comments: 0 } });

    const second = await server(dataDir, first.port);
    await until(() => sync.state.kind === 'saved', 'saved after reconnect');
    const reader = client(second).open('doc/offline', new Y.Doc());
    await reader.whenSynced();
    expect(reader.doc.getText('t').toString()).toBe('> written on a train');
  });

  it('is offline the moment the browser loses the network, even if the socket never finishes closing', async () => {
    const atrium = await server();
    // Without a network the close handshake never completes: `close()` leads to no close event.
    const stuck: WebSocket[] = [];
    class StuckOnClose extends WebSocket {
      constructor(url: string) {
        super(url);
        stuck.push(this);
      }
      override close(): void {}
    }
    let network = true;
    const socket = new SyncSocket({
      url: `${atrium.url.replace('http', 'ws')}/ws`,
      WebSocket: StuckOnClose as unknown as WebSocketConstructor,
      networkAvailable: () => network,
      minBackoffMs: 20,
      maxBackoffMs: 50,
    });
    cleanups.push(() => {
      socket.close();
      for (const ws of stuck) ws.terminate();
    });
    const sync = socket.open('doc/train', new Y.Doc());
    await sync.whenSynced();
    await until(() => sync.state.kind === 'saved', 'saved');

    network = false;
    socket.disconnect();
    expect(socket.state).toBe('offline');
    sync.doc.getText('t').insert(0, 'typed in a tunnel');
    expect(sync.state).toEqual({ kind: 'offline', unsaved: { edited: true, messages: 0, comments: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(socket.state).toBe('offline');

    network = true;
    socket.reconnectNow();
    await until(() => sync.state.kind === 'saved', 'saved after the network came back');
    const reader = client(atrium).open('doc/train', new Y.Doc());
    await reader.whenSynced();
    expect(reader.doc.getText('t').toString()).toBe('typed in a tunnel');
  });

  it('marks a document refused when the server rejects its name', async () => {
    const atrium = await server();
    const socket = client(atrium);
    const sync = socket.open('../etc/passwd', new Y.Doc());
    await until(() => sync.state.kind === 'refused', 'refusal');
    expect(sync.state).toMatchObject({ kind: 'refused', code: 'invalid_name' });
    const healthy = socket.open('doc/healthy', new Y.Doc());
    await healthy.whenSynced();
  });

  it('carries unsaved changes over a reload, and does not count a restore from the device as new edits', async () => {
    const atrium = await server();
    // The page before the reload: offline edits, kept on the device (here: an encoded update).
    const before = new Y.Doc();
    before.getText('t').insert(0, 'typed offline, then the tab was closed');
    const kept = Y.encodeStateAsUpdate(before);

    const restorer = { name: 'IndexedDB' };
    const doc = new Y.Doc();
    const sync = client(atrium).open('doc/reloaded', doc, undefined, {
      initialUnsaved: { edited: true, messages: 1, comments: 0 },
      quietOrigins: new Set([restorer]),
    });
    expect(sync.state).toMatchObject({ unsaved: { edited: true, messages: 1, comments: 0 } });
    Y.applyUpdate(doc, kept, restorer);
    expect(sync.state).toMatchObject({ unsaved: { edited: true, messages: 1, comments: 0 } });
    await until(() => sync.state.kind === 'saved', 'the kept changes to be acknowledged');

    const reader = client(atrium).open('doc/reloaded', new Y.Doc());
    await reader.whenSynced();
    expect(reader.doc.getText('t').toString()).toBe('typed offline, then the tab was closed');
  });

  it("applies others' edits paced: in one transaction, after the local keystroke's frame, and all of them before going offline", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-web-'));
    const atrium = await server(dataDir);
    const name = 'doc/paced';
    const writer = client(atrium).open(name, new Y.Doc());
    const frames: Array<() => void> = [];
    const pacing = new RemotePacing(
      { idleMs: 60_000, typingMs: 60_000, typingWindowMs: 60_000 },
      {
        now: () => Date.now(),
        afterNextPaint: (run) => {
          frames.push(run);
          return () => {};
        },
      },
    );
    cleanups.push(() => pacing.stop());
    const readerSocket = client(atrium);
    const reader = readerSocket.open(name, new Y.Doc(), undefined, { pacing });
    await Promise.all([writer.whenSynced(), reader.whenSynced()]);
    const transactions: unknown[] = [];
    reader.doc.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));

    for (const word of ['one ', 'two ', 'three ']) writer.doc.getText('t').insert(writer.doc.getText('t').length, word);
    await until(() => writer.state.kind === 'saved', 'the writer saved');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the server's broadcasts arrived
    expect(reader.doc.getText('t').toString()).toBe('');

    reader.doc.getText('mine').insert(0, 'x'); // the reader types
    expect(reader.doc.getText('t').toString()).toBe('');
    for (const frame of frames.splice(0)) frame(); // the keystroke's frame is drawn
    expect(reader.doc.getText('t').toString()).toBe('one two three ');
    expect(transactions.filter((origin) => origin === reader)).toHaveLength(1);

    writer.doc.getText('t').insert(0, '> ');
    await until(() => writer.state.kind === 'saved', 'the writer saved again');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await atrium.close();
    await until(() => reader.state.kind === 'offline', 'the reader offline');
    expect(reader.doc.getText('t').toString()).toBe('> one two three ');
  });
});
