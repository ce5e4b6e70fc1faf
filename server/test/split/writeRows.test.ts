/**
 * The rows a write brings with it — who owns its Yjs clientID (`document_clients`), which text it
 * deleted (`document_deletions`) — are stored in the same transaction as the write, or not at all:
 * a write the rules refuse leaves none behind, and neither does one whose commit fails. A refused
 * clientID stays free for whoever writes with it next.
 */
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { buildWorld, cleanupAfterAll, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { refuseWrites } from '../support/engines.ts';
import { eventually } from '../support/eventually.ts';
import { createItem, documentsOf, paragraph } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

async function rowsOf(document: string) {
  const clients = await world.server.db
    .selectFrom('document_clients')
    .select(['client_id', 'user_id'])
    .where('document', '=', document)
    .execute();
  const deletions = await world.server.db
    .selectFrom('document_deletions')
    .select(['client_id', 'user_id'])
    .where('document', '=', document)
    .execute();
  return { clients, deletions };
}

/** A shared item whose description the collaborator wrote "Launch on Monday" into, saved. */
async function describedItem() {
  const item = await createItem(world.owner, world.projectA.id, { title: `Rows ${++fresh}`, shared: true });
  const name = documentsOf(world.projectA.id).item(item.id);
  const writer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'collaborator');
  writer.open(name);
  await writer.waitForSync(name);
  new ItemSharedPart(writer.doc(name)).description.insert(0, [paragraph('Launch on Monday')]);
  await writer.waitForAck(name);
  await writer.close();
  return { item, name };
}

/** A new connection (so a clientID never used in the document) that adds text and deletes "Monday". */
async function addAndDelete(name: string) {
  const peer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'collaborator again');
  peer.open(name);
  await peer.waitForSync(name);
  const doc = peer.doc(name);
  const text = new ItemSharedPart(doc).description.get(0) as Y.XmlElement;
  const words = text.get(0) as Y.XmlText;
  doc.transact(() => {
    words.delete('Launch on '.length, 'Monday'.length);
    words.insert('Launch on '.length, 'Tuesday');
  });
  return { peer, clientId: doc.clientID };
}

describe('the rows a write brings', () => {
  it('are stored with an accepted write: its clientID is the writer’s and its deletion is recorded', async () => {
    const { name } = await describedItem();
    const before = await rowsOf(name);
    const { peer, clientId } = await addAndDelete(name);
    await peer.waitForAck(name);
    const after = await rowsOf(name);
    expect(after.clients).toContainEqual({ client_id: clientId, user_id: world.collaborator.id });
    expect(after.deletions.length).toBe(before.deletions.length + 1);
    expect(after.deletions.at(-1)?.user_id).toBe(world.collaborator.id);
  });

  it('are not stored when the commit fails, and the clientID stays free', async () => {
    const { name } = await describedItem();
    const before = await rowsOf(name);
    const down = await refuseWrites(world.server.database, {
      name: 'updates_down',
      table: 'document_updates',
      event: 'insert',
      message: 'disk full',
    });
    let clientId: number;
    try {
      const attempt = await addAndDelete(name);
      clientId = attempt.clientId;
      await eventually(() =>
        expect(attempt.peer.document(name).errors.map((e) => e.code)).toContain(errorCode.storageFailed),
      );
    } finally {
      await down.allow();
    }
    expect(await rowsOf(name)).toEqual(before);
    expect(before.clients.map((row) => row.client_id)).not.toContain(clientId);

    // The clientID was never anyone's: the team may write with it now (the server forgot it too).
    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
    const doc = team.open(name).doc;
    await team.waitForSync(name);
    doc.clientID = clientId;
    new ItemSharedPart(doc).description.insert(0, [paragraph('Team note')]);
    await team.waitForAck(name);
    expect((await rowsOf(name)).clients).toContainEqual({ client_id: clientId, user_id: world.member.id });
  });

  it('are not stored when the rules refuse the write', async () => {
    const { name } = await describedItem();
    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
    team.open(name);
    await team.waitForSync(name);
    new ItemSharedPart(team.doc(name)).clientThread.add({
      id: `msg_team_${fresh}`,
      authorId: world.member.id,
      body: 'Ours',
    });
    await team.waitForAck(name);
    const before = await rowsOf(name);

    // An accepted write first (its rows are there), then one update from a fresh clientID that
    // deletes text and edits the team's message: refused as a whole.
    const { peer } = await addAndDelete(name);
    await peer.waitForAck(name);
    const accepted = await rowsOf(name);
    const forged = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'forger');
    forged.open(name);
    await forged.waitForSync(name);
    const doc = forged.doc(name);
    const words = (new ItemSharedPart(doc).description.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    doc.transact(() => {
      words.delete(0, 'Launch'.length);
      new ItemSharedPart(doc).clientThread.edit(`msg_team_${fresh}`, 'Forged');
    });
    await eventually(() => expect(forged.document(name).errors.map((e) => e.code)).toContain(errorCode.writeRefused));
    const after = await rowsOf(name);
    expect(after.clients.map((row) => row.client_id)).not.toContain(doc.clientID);
    expect(after).toEqual(accepted);
    expect(accepted.deletions.length).toBe(before.deletions.length + 1);
  });
});
