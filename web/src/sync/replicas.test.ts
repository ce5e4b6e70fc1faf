/**
 * The app-wide save state over real sockets and the real access rules: it names the person's
 * unsaved work, and never says "Saved" while the server has refused any of it.
 */
import type { RunningAtrium } from '@atrium/server/atriumServer.ts';
import { createUser } from '@atrium/server/identity/accounts.ts';
import { createApiToken } from '@atrium/server/identity/apiTokens.ts';
import { createProject, setProjectRole } from '@atrium/server/org/projects.ts';
import { createWorkspace } from '@atrium/server/org/workspaces.ts';
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { Replicas } from './replicas.ts';
import type { WebSocketConstructor } from './syncSocket.ts';
import { cleanups, startAccountServer, until } from './testing.ts';

async function projectWithSharedItems(atrium: RunningAtrium) {
  const { db } = atrium;
  const lead = await createUser(db, { email: 'lead@studio.test', name: 'Lead', password: 'long-enough-1' });
  const client = await createUser(db, { email: 'client@acme.test', name: 'Client', password: 'long-enough-2' });
  const workspace = await createWorkspace(db, 'Studio', lead.id);
  const project = await createProject(db, { workspaceId: workspace.id, customerId: null, name: 'Site' });
  await setProjectRole(db, project.id, client.id, 'collaborator');
  const rest = (await createApiToken(db, lead.id, 'rest')).token;
  const item = async (title: string) => {
    const response = await fetch(`${atrium.url}/api/projects/${project.id}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rest}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, shared: true }),
    });
    return projectDocumentName.itemShared(project.id, ((await response.json()) as { id: string }).id);
  };
  const names = [await item('Homepage copy'), await item('Press kit')];
  await atrium.content.settled();
  const replicasFor = async (userId: string, name: string) => {
    const replicas = new Replicas({
      url: `${atrium.url.replace('http', 'ws')}/ws?token=${(await createApiToken(db, userId, 'test')).token}`,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      user: { id: userId, name, color: '#000000' },
      persist: false,
    });
    cleanups.push(() => replicas.close());
    return replicas;
  };
  return { lead, client, names, replicasFor };
}

it('says "Not saved" with what was refused, not "Saved", while other work is saved', async () => {
  const atrium = await startAccountServer();
  const { lead, client, names, replicasFor } = await projectWithSharedItems(atrium);
  const [copy = '', kit = ''] = names;

  const team = (await replicasFor(lead.id, 'Lead')).acquire(copy);
  await team.sync.whenSynced();
  new ItemSharedPart(team.doc).clientThread.add({ id: 'm1', authorId: lead.id, body: 'Please review the copy.' });
  await until(() => team.sync.state.kind === 'saved', 'the team message to be saved');

  const replicas = await replicasFor(client.id, 'Client');
  const refused = replicas.acquire(copy);
  const accepted = replicas.acquire(kit);
  await Promise.all([refused.sync.whenSynced(), accepted.sync.whenSynced()]);
  // Editing the team's message is refused by the server; the message on the other item is fine.
  new ItemSharedPart(refused.doc).clientThread.edit('m1', 'Approved by the team (not really)');
  new ItemSharedPart(refused.doc).clientThread.add({ id: 'm2', authorId: client.id, body: 'And a reply.' });
  new ItemSharedPart(accepted.doc).clientThread.add({ id: 'm3', authorId: client.id, body: 'Fonts attached.' });
  await until(() => refused.sync.state.kind === 'refused', 'the refusal');
  await until(() => accepted.sync.state.kind === 'saved', 'the other message to be saved');

  expect(replicas.saveState()).toEqual({
    kind: 'refused',
    refused: [{ name: copy, work: { edited: true, messages: 1, comments: 0 } }],
  });
  expect(replicas.refusals()).toEqual([
    expect.objectContaining({ name: copy, code: 'write_refused', unsaved: { edited: true, messages: 1, comments: 0 } }),
  ]);

  // Discarding the refused work is what brings "Saved" back.
  await replicas.discardRefused(copy);
  await until(() => replicas.saveState().kind === 'saved', 'saved after discarding');
  expect(replicas.refusals()).toEqual([]);
});

it('names the unsaved work while offline: one item edited and one message, whatever the keystrokes', async () => {
  const atrium = await startAccountServer();
  const { client, names, replicasFor } = await projectWithSharedItems(atrium);
  const [copy = ''] = names;
  const replicas = await replicasFor(client.id, 'Client');
  const replica = replicas.acquire(copy);
  await replica.sync.whenSynced();
  await until(() => replicas.saveState().kind === 'saved', 'saved');

  replicas.socket.disconnect();
  const part = new ItemSharedPart(replica.doc);
  for (const character of 'Typed on a train.') part.description.insert(part.description.length, [text(character)]);
  part.clientThread.add({ id: 'm1', authorId: client.id, body: 'Written offline.' });
  expect(replicas.saveState()).toEqual({
    kind: 'offline',
    unsaved: [{ name: copy, work: { edited: true, messages: 1, comments: 0 } }],
  });
});

function text(content: string): Y.XmlText {
  const node = new Y.XmlText();
  node.insert(0, content);
  return node;
}

it('shows a person present in a document only while a screen shows it, not while one merely reads it', async () => {
  const atrium = await startAccountServer();
  const { lead, client, names, replicasFor } = await projectWithSharedItems(atrium);
  const [copy = ''] = names;
  const team = (await replicasFor(lead.id, 'Lead')).acquire(copy);
  await team.sync.whenSynced();
  const othersSeen = () =>
    [...team.awareness.getStates().entries()]
      .filter(([clientId]) => clientId !== team.doc.clientID)
      .map(([, state]) => (state as { user?: { name?: string } }).user?.name);

  const replicas = await replicasFor(client.id, 'Client');
  const read = replicas.acquire(copy, { shown: false });
  await read.sync.whenSynced();
  expect(read.awareness.getLocalState()).toBeNull();

  replicas.acquire(copy);
  await until(() => othersSeen().includes('Client'), 'the client to be present once shown');
  replicas.release(copy);
  await until(() => othersSeen().length === 0, 'the client to leave once no screen shows it');
  expect(read.awareness.getLocalState()).toBeNull();
  replicas.release(copy, { shown: false });
});
