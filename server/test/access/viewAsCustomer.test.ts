/**
 * "View as customer": a team member's socket opened with `?viewAs=<customer>` sees exactly what that
 * customer's own connection sees — the same access decision, made for the customer — and can only
 * read. Customers cannot use it, and it cannot preview a team member.
 */
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import {
  decodeDocumentFrame,
  decodeMessage,
  encodeDocumentFrame,
  encodeSyncStep1,
  encodeUpdate,
  type SyncMessage,
} from '@atrium/shared/protocol/frames.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { buildWorld, cleanupAfterAll, expectStatus, type Person, type World } from '../support/apiWorld.ts';
import { eventually } from '../support/syncClient.ts';

const defer = cleanupAfterAll();
let world: World;
let shared: { id: string };
let internal: { id: string };

beforeAll(async () => {
  world = await buildWorld(defer);
  const items = `/projects/${world.projectA.id}/items`;
  shared = expectStatus(await world.owner.api.post(items, { title: 'Homepage (shared)', shared: true }), 201);
  internal = expectStatus(await world.owner.api.post(items, { title: 'Margin review (internal)' }), 201);
  await world.server.content.settled();
});

type Received = Map<string, SyncMessage[]>;

async function previewSocket(as: Person, viewAs: Person): Promise<{ socket: WebSocket; received: Received }> {
  const token = expectStatus(await as.api.post('/tokens', { name: 'preview' }), 201).token as string;
  const url = `${world.server.url.replace(/^http/, 'ws')}/ws?viewAs=${encodeURIComponent(viewAs.id)}`;
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  defer(() => socket.close());
  const received: Received = new Map();
  socket.on('message', (data: Buffer) => {
    const { name, message } = decodeDocumentFrame(new Uint8Array(data));
    received.set(name, [...(received.get(name) ?? []), decodeMessage(message)]);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, received };
}

function subscribe(socket: WebSocket, name: string): void {
  socket.send(encodeDocumentFrame(name, encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))));
}

async function outcome(received: Received, name: string): Promise<string> {
  return eventually(() => {
    const messages = received.get(name) ?? [];
    const error = messages.find((m) => m.kind === 'error');
    if (error && error.kind === 'error') return error.code;
    const synced = messages.find((m) => m.kind === 'syncStep2');
    // The server invites writes (its own step 1) only from those who may write.
    expect(synced, `an answer for ${name}`).toBeDefined();
    return messages.some((m) => m.kind === 'syncStep1') ? 'write' : 'read';
  });
}

describe('view as customer', () => {
  it("gives the team exactly the collaborator's documents, read-only", async () => {
    const { socket, received } = await previewSocket(world.owner, world.collaborator);
    const pid = world.projectA.id;
    const names = {
      plan: projectDocumentName.plan(pid),
      portal: projectDocumentName.portal(pid),
      sharedItem: projectDocumentName.itemShared(pid, shared.id),
      unsharedItem: projectDocumentName.itemShared(pid, internal.id),
      internalPart: projectDocumentName.itemInternal(pid, shared.id),
    };
    for (const name of Object.values(names)) subscribe(socket, name);
    expect({
      plan: await outcome(received, names.plan),
      portal: await outcome(received, names.portal),
      sharedItem: await outcome(received, names.sharedItem),
      unsharedItem: await outcome(received, names.unsharedItem),
      internalPart: await outcome(received, names.internalPart),
    }).toEqual({
      plan: 'forbidden',
      portal: 'read',
      sharedItem: 'read',
      unsharedItem: 'forbidden',
      internalPart: 'forbidden',
    });

    const portalState = new Y.Doc();
    for (const message of received.get(names.portal) ?? []) {
      if (message.kind === 'syncStep2' || message.kind === 'update') Y.applyUpdate(portalState, message.update);
    }
    const titles = [...portalState.getMap<Y.Map<unknown>>('items').values()].map((item) => item.get('title'));
    expect(titles).toEqual(['Homepage (shared)']);

    const edit = new Y.Doc();
    edit.getMap('fields').set('note', 'written while previewing');
    socket.send(encodeDocumentFrame(names.sharedItem, encodeUpdate(Y.encodeStateAsUpdate(edit))));
    await eventually(() =>
      expect((received.get(names.sharedItem) ?? []).some((m) => m.kind === 'error' && m.code === 'read_only')).toBe(
        true,
      ),
    );
  });

  it('cannot preview a team member, and a customer cannot preview anyone', async () => {
    const portal = projectDocumentName.portal(world.projectA.id);
    const asTeamMember = await previewSocket(world.owner, world.member);
    subscribe(asTeamMember.socket, portal);
    expect(await outcome(asTeamMember.received, portal)).toBe('forbidden');
    const byCustomer = await previewSocket(world.collaborator, world.viewer);
    subscribe(byCustomer.socket, portal);
    expect(await outcome(byCustomer.received, portal)).toBe('forbidden');
  });
});
