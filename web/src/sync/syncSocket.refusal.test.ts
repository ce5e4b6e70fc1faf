/**
 * The client when the server refuses a write (real server, real access rules): the save state says
 * which document and why, the refused edit never reaches anyone else, and reopening the document
 * resets the replica to the server's state.
 */
import { createUser } from '@atrium/server/identity/accounts.ts';
import { createApiToken } from '@atrium/server/identity/apiTokens.ts';
import { createProject, setProjectRole } from '@atrium/server/org/projects.ts';
import { createWorkspace } from '@atrium/server/org/workspaces.ts';
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { SyncSocket, type WebSocketConstructor } from './syncSocket.ts';
import { cleanups, startAccountServer, until } from './testing.ts';

it("a customer's edit of the team's message is refused, kept from others, and undone by reopening", async () => {
  const atrium = await startAccountServer();
  const { db } = atrium;
  const lead = await createUser(db, { email: 'lead@studio.test', name: 'Lead', password: 'long-enough-1' });
  const client = await createUser(db, { email: 'client@acme.test', name: 'Client', password: 'long-enough-2' });
  const workspace = await createWorkspace(db, 'Studio', lead.id);
  const project = await createProject(db, { workspaceId: workspace.id, customerId: null, name: 'Site' });
  await setProjectRole(db, project.id, client.id, 'collaborator');
  const socketFor = async (userId: string) => {
    const { token } = await createApiToken(db, userId, 'test');
    const socket = new SyncSocket({
      url: `${atrium.url.replace('http', 'ws')}/ws?token=${token}`,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    cleanups.push(() => socket.close());
    return socket;
  };

  // The team writes a shared item with a message in its client thread.
  const response = await fetch(`${atrium.url}/api/projects/${project.id}/items`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${(await createApiToken(db, lead.id, 'rest')).token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ title: 'Homepage copy', shared: true }),
  });
  const item = (await response.json()) as { id: string };
  await atrium.content.settled();
  const name = projectDocumentName.itemShared(project.id, item.id);
  const team = (await socketFor(lead.id)).open(name, new Y.Doc());
  await team.whenSynced();
  new ItemSharedPart(team.doc).clientThread.add({ id: 'm1', authorId: lead.id, body: 'Please review the copy.' });
  await until(() => team.state.kind === 'saved', 'the team message to be saved');

  const customerSocket = await socketFor(client.id);
  const customer = customerSocket.open(name, new Y.Doc());
  await customer.whenSynced();
  expect(new ItemSharedPart(customer.doc).clientThread.messages().map((m) => m.body)).toEqual([
    'Please review the copy.',
  ]);

  new ItemSharedPart(customer.doc).clientThread.edit('m1', 'Approved by the team (not really)');
  await until(() => customer.state.kind === 'refused', 'the refusal');
  expect(customer.state).toMatchObject({
    kind: 'refused',
    code: 'write_refused',
    unsaved: { edited: true, messages: 0, comments: 0 },
  });

  // The customer's own reply is fine once the replica is reset.
  const fresh = customerSocket.reopen(name, new Y.Doc());
  await fresh.whenSynced();
  expect(new ItemSharedPart(fresh.doc).clientThread.messages().map((m) => m.body)).toEqual(['Please review the copy.']);
  new ItemSharedPart(fresh.doc).clientThread.add({ id: 'm2', authorId: client.id, body: 'Looks good to me.' });
  await until(() => fresh.state.kind === 'saved', 'the reply to be saved');
  await until(() => new ItemSharedPart(team.doc).clientThread.messages().length === 2, 'the team to see the reply');
  expect(new ItemSharedPart(team.doc).clientThread.messages().map((m) => m.body)).toEqual([
    'Please review the copy.',
    'Looks good to me.',
  ]);
});
