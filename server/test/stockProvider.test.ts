/**
 * The unmodified y-websocket client (`WebsocketProvider`, the "stock provider") works against the
 * single-document endpoint: documents sync both ways, names may contain '/', and presence
 * (awareness) comes and goes with the people.
 */
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Defer } from './support/cleanup.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { SyncClient } from './support/syncClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

function stockProvider(server: TestServer, name: string, cleanup: Defer): WebsocketProvider {
  const provider = new WebsocketProvider(`${server.wsUrl}/sync`, name, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Two providers in one process would otherwise sync through a BroadcastChannel, not the server.
    disableBc: true,
  });
  cleanup(() => {
    provider.destroy();
    provider.doc.destroy();
  });
  return provider;
}

async function synced(provider: WebsocketProvider): Promise<void> {
  await eventually(() => expect(provider.synced).toBe(true));
}

it('a stock provider and a raw client sync a document whose name contains slashes, both ways', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p-1/plan';
  const provider = stockProvider(server, name, defer);
  await synced(provider);
  const raw = await SyncClient.multiplexed(server.wsUrl, defer);
  raw.open(name);

  sample.text(provider.doc).insert(0, 'from the provider');
  sample.fields(raw.doc()).set('from', 'raw client');
  await eventually(() => {
    expect(contentOf(raw.doc())).toEqual({ text: 'from the provider', fields: { from: 'raw client' }, items: [] });
    expect(contentOf(provider.doc)).toEqual(contentOf(raw.doc()));
  });
  // The server stored it under the full name, not a prefix of it.
  expect(server.registry.peek(name)).toBeDefined();
  expect(server.registry.size).toBe(1);
});

it('two stock providers sync edits made before and after connecting', async () => {
  const server = await startTestServer(defer);
  const name = 'task/7/internal';
  const first = stockProvider(server, name, defer);
  sample.items(first.doc).push(['written before the second joined']);
  await synced(first);
  await eventually(() => expect(contentOf(server.registry.peek(name)?.doc ?? new Y.Doc()).items).toHaveLength(1));

  const second = stockProvider(server, name, defer);
  await synced(second);
  expect(sample.items(second.doc).toJSON()).toEqual(['written before the second joined']);

  sample.text(second.doc).insert(0, 'reply');
  sample.items(first.doc).push(['and more']);
  await eventually(() => {
    expect(contentOf(first.doc)).toEqual(contentOf(second.doc));
    expect(contentOf(first.doc)).toMatchObject({
      text: 'reply',
      items: ['written before the second joined', 'and more'],
    });
  });
});

it('awareness states propagate between two providers and disappear when one disconnects', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p-1/board';
  const ada = stockProvider(server, name, defer);
  const bo = stockProvider(server, name, defer);
  ada.awareness.setLocalState({ user: 'ada', cursor: 3 });
  bo.awareness.setLocalState({ user: 'bo' });
  await eventually(() => {
    expect(ada.awareness.getStates().get(bo.doc.clientID)).toEqual({ user: 'bo' });
    expect(bo.awareness.getStates().get(ada.doc.clientID)).toEqual({ user: 'ada', cursor: 3 });
  });

  ada.awareness.setLocalStateField('cursor', 9);
  await eventually(() => expect(bo.awareness.getStates().get(ada.doc.clientID)).toEqual({ user: 'ada', cursor: 9 }));

  ada.disconnect();
  await eventually(() => expect(bo.awareness.getStates().has(ada.doc.clientID)).toBe(false));
  expect(bo.awareness.getStates().get(bo.doc.clientID)).toEqual({ user: 'bo' });
});

it('a peer that vanishes without saying goodbye has its presence removed by the server', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p-1/board';
  const watcher = stockProvider(server, name, defer);
  const raw = await SyncClient.single(server.wsUrl, name, defer);
  raw.document().awareness.setLocalState({ user: 'raw' });
  await eventually(() => expect(watcher.awareness.getStates().get(raw.doc().clientID)).toEqual({ user: 'raw' }));

  // No awareness "null" message is sent: only the server knows this client's states must go.
  raw.terminate();
  await eventually(() => expect(watcher.awareness.getStates().has(raw.doc().clientID)).toBe(false));
});

it('a /ws client that unsubscribes from the document has its presence removed for the others', async () => {
  const server = await startTestServer(defer);
  const name = 'project/p-1/board';
  const watcher = stockProvider(server, name, defer);
  const raw = await SyncClient.multiplexed(server.wsUrl, defer);
  const document = raw.open(name);
  raw.open('project/p-1/other');
  document.awareness.setLocalState({ user: 'raw' });
  await eventually(() => expect(watcher.awareness.getStates().get(document.doc.clientID)).toEqual({ user: 'raw' }));

  raw.unsubscribe(name);
  await eventually(() => expect(watcher.awareness.getStates().has(document.doc.clientID)).toBe(false));
  expect(raw.connected).toBe(true);
});

it('a provider joining late is told who is already present', async () => {
  const server = await startTestServer(defer);
  const name = 'task/9';
  const early = stockProvider(server, name, defer);
  early.awareness.setLocalState({ user: 'early' });
  await eventually(() => expect(server.registry.peek(name)?.awareness.getStates().size).toBe(1));

  const late = stockProvider(server, name, defer);
  await eventually(() => expect(late.awareness.getStates().get(early.doc.clientID)).toEqual({ user: 'early' }));
});
