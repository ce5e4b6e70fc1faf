/**
 * The split's second invariant: a write a connection may not make is not stored and not
 * broadcast; the sender alone gets an error frame (and resets its copy), everyone else carries on.
 *
 * - a viewer may read a shared item's part but not write it (`read_only`);
 * - in a client thread a customer adds messages only as themselves and edits, resolves or deletes
 *   only their own (`write_refused`) — their own they may;
 * - nobody writes under a Yjs clientID another person already wrote with in that document;
 * - through REST a customer moves items only along the workflow's customer transitions, and only
 *   items shared with them; the requests they raise land in the team's plan and the portal live.
 *
 * "Not broadcast" is proven with a sentinel: after the refused write the team writes something
 * every watcher must receive; once they have it, anything broadcast before it has arrived too.
 * "Not stored" is read from the SQLite file, and again after a restart.
 */
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { defaultWorkflow } from '@atrium/shared/model/workflow.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import * as encoding from 'lib0/encoding';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId } from '../../src/identity/secrets.ts';
import {
  buildWorld,
  cleanupAfterAll,
  expectStatus,
  type Person,
  restartApiServer,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames, findInReplica } from '../support/frameText.ts';
import { clientThreadOf, createItem, documentsOf, paragraph, sharingAudit } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';
import { storedState } from '../support/storedDocument.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let fresh = 0;
/** Every refused write so far, checked again after a restart. */
const refused: Array<{ document: string; marker: RegExp }> = [];
/** A clientID the member wrote with, and where: nobody else may write under it, even after a restart. */
let claimed: { document: string; clientId: number } | undefined;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const connect = (person: Person, label: string) => RecordingPeer.connect(world.server, person.api, defer, label);
const unique = (label: string) => `${label}-${++fresh}`;
const bodies = (peer: RecordingPeer, name: string) => clientThreadOf(peer.doc(name)).map((m) => m.body);

/** What the server has stored for a document, as a never-garbage-collected Y.Doc. */
async function stored(name: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, await storedState(world.server.dataDir, name));
  return doc;
}

/** A shared item of project A with its part open for the team, the collaborator and the viewer. */
async function sharedItem() {
  const item = await createItem(world.owner, world.projectA.id, { title: unique('Refusals'), shared: true });
  const name = documentsOf(world.projectA.id).item(item.id);
  const [team, collaborator, viewer] = await Promise.all([
    connect(world.member, 'member'),
    connect(world.collaborator, 'collaborator'),
    connect(world.viewer, 'viewer'),
  ]);
  for (const peer of [team, collaborator, viewer]) peer.open(name);
  await Promise.all([team, collaborator, viewer].map((peer) => peer.waitForSync(name)));
  return { item, name, team, collaborator, viewer };
}

/** The team writes a sentinel message; every watcher must receive it, and none may have received `marker`. */
async function expectNotBroadcast(name: string, team: RecordingPeer, watchers: RecordingPeer[], marker: RegExp) {
  const sentinel = unique('sentinel');
  new ItemSharedPart(team.doc(name)).clientThread.add({ id: newId('msg'), authorId: world.member.id, body: sentinel });
  await team.waitForAck(name);
  for (const watcher of watchers) {
    await eventually(() => expect(bodies(watcher, name)).toContain(sentinel));
    expect(findInFrames(watcher.frames, marker), watcher.label).toEqual([]);
  }
}

async function expectNotStored(name: string, marker: RegExp): Promise<void> {
  expect(findInReplica(`stored ${name}`, await stored(name), marker)).toEqual([]);
  refused.push({ document: name, marker });
}

/**
 * An update that makes `edit` on top of `base` under the Yjs clientID `clientId` — what a client
 * would send to pass its changes off as someone else's.
 */
function updateUnder(base: Y.Doc, clientId: number, edit: (doc: Y.Doc) => void): Uint8Array {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(base));
  forged.clientID = clientId;
  const before = Y.encodeStateVector(forged);
  edit(forged);
  return Y.encodeStateAsUpdate(forged, before);
}

describe("a viewer's write", () => {
  it('is refused as read_only, not stored and not broadcast; the viewer stays subscribed', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const marker = unique('VIEWER-WROTE');
    new ItemSharedPart(viewer.doc(name)).description.insert(0, [paragraph(marker)]);
    expect((await viewer.waitForError(name)).code).toBe(errorCode.readOnly);
    new ItemSharedPart(viewer.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.viewer.id,
      body: marker,
    });
    expect((await viewer.waitForError(name, 1)).code).toBe(errorCode.readOnly);

    await expectNotBroadcast(name, team, [collaborator, viewer], new RegExp(marker));
    await expectNotStored(name, new RegExp(marker));
    expect(viewer.document(name).subscribed).toBe(true);
    expect(viewer.connected).toBe(true);
  });
});

describe("a collaborator in the team's client thread", () => {
  it("is refused editing, resolving or deleting the team's message; nothing of it is stored or broadcast", async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const teamMessage = { id: newId('msg'), authorId: world.member.id, body: 'Please confirm the copy deadline' };
    new ItemSharedPart(team.doc(name)).clientThread.add(teamMessage);
    await team.waitForAck(name);
    await eventually(() => expect(bodies(collaborator, name)).toContain(teamMessage.body));

    const marker = unique('COLLABORATOR-EDITED');
    const attempts: Array<[string, (part: ItemSharedPart) => void]> = [
      ['edit', (part) => part.clientThread.edit(teamMessage.id, marker)],
      ['resolve', (part) => part.clientThread.setResolved(teamMessage.id, true)],
      ['delete', (part) => part.clientThread.delete(teamMessage.id)],
      ['remove from the thread', (part) => part.clientThread.array.delete(0, 1)],
    ];
    for (const [what, attempt] of attempts) {
      // The client resets its copy after each refusal, as the error frame tells it to.
      collaborator.reset(name);
      await collaborator.waitForSync(name);
      const before = collaborator.errorCount(name);
      attempt(new ItemSharedPart(collaborator.doc(name)));
      expect((await collaborator.waitForError(name, before)).code, what).toBe(errorCode.writeRefused);
    }

    await expectNotBroadcast(name, team, [viewer], new RegExp(marker));
    const untouched = { ...teamMessage, deleted: false, resolved: false, editedAt: null };
    for (const doc of [team.doc(name), viewer.doc(name), await stored(name)]) {
      expect(clientThreadOf(doc).find((m) => m.id === teamMessage.id)).toMatchObject(untouched);
    }
    await expectNotStored(name, new RegExp(marker));
    expect(collaborator.connected).toBe(true);
  });

  it('adds, edits and deletes its own message, and everyone sees each change', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const thread = () => new ItemSharedPart(collaborator.doc(name)).clientThread;
    const own = { id: newId('msg'), authorId: world.collaborator.id, body: 'Can we move the launch?' };
    const everyone = [team, viewer];

    thread().add(own);
    await collaborator.waitForAck(name);
    for (const peer of everyone) await eventually(() => expect(bodies(peer, name)).toEqual([own.body]));

    thread().edit(own.id, 'Can we move the launch by a week?');
    await collaborator.waitForAck(name);
    for (const peer of everyone) {
      await eventually(() => expect(bodies(peer, name)).toEqual(['Can we move the launch by a week?']));
    }

    thread().setResolved(own.id, true);
    thread().delete(own.id);
    await collaborator.waitForAck(name);
    for (const doc of [...everyone.map((peer) => peer.doc(name)), await stored(name)]) {
      await eventually(() =>
        expect(clientThreadOf(doc)).toEqual([
          expect.objectContaining({ id: own.id, authorId: own.authorId, body: '', deleted: true, resolved: true }),
        ]),
      );
    }
    expect(collaborator.document(name).errors).toEqual([]);
  });

  it("is refused a message written under someone else's authorId", async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const marker = unique('NOT-MY-MESSAGE');
    for (const authorId of [world.member.id, world.viewer.id, world.owner.id]) {
      collaborator.reset(name);
      await collaborator.waitForSync(name);
      const before = collaborator.errorCount(name);
      new ItemSharedPart(collaborator.doc(name)).clientThread.add({ id: newId('msg'), authorId, body: marker });
      expect((await collaborator.waitForError(name, before)).code, authorId).toBe(errorCode.writeRefused);
    }
    await expectNotBroadcast(name, team, [viewer], new RegExp(marker));
    await expectNotStored(name, new RegExp(marker));
  });
});

describe('writing under another person’s clientID', () => {
  it('is refused in a shared part (a customer passing as the team), even for a message of its own', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    new ItemSharedPart(team.doc(name)).description.insert(0, [paragraph('Launch plan')]);
    await team.waitForAck(name);
    await eventually(() => expect(collaborator.doc(name).getXmlFragment('description').length).toBe(1));
    const memberClient = team.doc(name).clientID;
    claimed = { document: name, clientId: memberClient };

    const marker = unique('PASSING-AS-MEMBER');
    const ownMessage = (body: string) => (doc: Y.Doc) =>
      new ItemSharedPart(doc).clientThread.add({ id: newId('msg'), authorId: world.collaborator.id, body });
    collaborator.sendUpdate(name, updateUnder(collaborator.doc(name), memberClient, ownMessage(marker)));
    expect((await collaborator.waitForError(name)).code).toBe(errorCode.writeRefused);
    await expectNotBroadcast(name, team, [viewer], new RegExp(marker));
    await expectNotStored(name, new RegExp(marker));

    // The very same change under a clientID nobody used is fine: it was the identity that was refused.
    const control = unique('UNDER-A-NEW-ID');
    collaborator.sendUpdate(name, updateUnder(collaborator.doc(name), 2 ** 31 + fresh, ownMessage(control)));
    await collaborator.waitForAck(name);
    await eventually(() => expect(bodies(team, name)).toContain(control));
    expect(collaborator.document(name).errors.map((e) => e.code)).toEqual([errorCode.writeRefused]);
  });

  it('is refused in the plan too: one teammate cannot write as another', async () => {
    const { plan } = documentsOf(world.projectA.id);
    const [member, admin] = [await connect(world.member, 'member'), await connect(world.admin, 'admin')];
    for (const peer of [member, admin]) peer.open(plan);
    await Promise.all([member.waitForSync(plan), admin.waitForSync(plan)]);
    new Plan(member.doc(plan)).setMilestone({ id: newId('mst'), title: 'Beta', dueDate: null });
    await member.waitForAck(plan);
    await eventually(() => expect(new Plan(admin.doc(plan)).milestones().map((m) => m.title)).toContain('Beta'));

    const marker = unique('ADMIN-AS-MEMBER');
    const forged = updateUnder(admin.doc(plan), member.doc(plan).clientID, (doc) =>
      new Plan(doc).setMilestone({ id: newId('mst'), title: marker, dueDate: null }),
    );
    admin.sendUpdate(plan, forged);
    expect((await admin.waitForError(plan)).code).toBe(errorCode.writeRefused);
    expect(findInReplica('stored plan', await stored(plan), new RegExp(marker))).toEqual([]);
    refused.push({ document: plan, marker: new RegExp(marker) });
  });

  // Presence is bound to its author: an awareness update for another person's clientID (with a
  // higher clock, which Yjs would otherwise accept) is refused and relayed to nobody.
  it("is refused for presence: a viewer cannot change or remove a team member's presence", async () => {
    const { name, team, viewer } = await sharedItem();
    const owner = await connect(world.owner, 'owner');
    owner.open(name);
    await owner.waitForSync(name);
    team.setPresence(name, { user: { color: '#0a0' } });
    const memberClient = team.doc(name).clientID;
    const presenceOfMember = () => owner.document(name).awareness.getStates().get(memberClient);
    const memberPresence = { user: { color: '#0a0', id: world.member.id, name: world.member.name } };
    await eventually(() => expect(presenceOfMember()).toEqual(memberPresence));

    const spoof = encoding.createEncoder();
    encoding.writeVarUint(spoof, 1);
    encoding.writeVarUint(spoof, memberClient);
    encoding.writeVarUint(spoof, 1_000);
    encoding.writeVarString(spoof, JSON.stringify({ user: { color: 'Spoofed by the viewer' } }));
    viewer.sendAwareness(name, encoding.toUint8Array(spoof));
    await expectNotBroadcast(name, team, [owner], /Spoofed by the viewer/);
    expect(presenceOfMember()).toEqual(memberPresence);
  });
});

describe('changes waiting on the server for content it lacks', () => {
  // A customer's change can arrive before the change it builds on (the earlier one still on its
  // way, say): the server holds it pending. Nobody else is sent it until it integrates — otherwise
  // they would hold someone else's pending change and offer it back in their own sync reply, and
  // the authorship check would refuse that reply, their own edits with it.
  it('are not sent to others, whose own later edits are accepted', async () => {
    const { name, team, collaborator } = await sharedItem();
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(collaborator.doc(name)));
    local.clientID = collaborator.doc(name).clientID;
    const before = Y.encodeStateVector(local);
    new ItemSharedPart(local).clientThread.add({ id: newId('msg'), authorId: world.collaborator.id, body: 'first' });
    const afterFirst = Y.encodeStateVector(local);
    new ItemSharedPart(local).clientThread.add({ id: newId('msg'), authorId: world.collaborator.id, body: 'second' });
    const secondOnly = Y.encodeStateAsUpdate(local, afterFirst);
    expect(Y.encodeStateAsUpdate(local, before).byteLength).toBeGreaterThan(secondOnly.byteLength);
    collaborator.sendUpdate(name, secondOnly);
    await collaborator.waitForAck(name);
    expect(world.server.registry.peek(name)?.doc.store.pendingStructs).not.toBeNull();

    const owner = await connect(world.owner, 'owner');
    owner.open(name);
    await owner.waitForSync(name);
    expect(owner.doc(name).store.pendingStructs).toBeNull();
    new ItemSharedPart(owner.doc(name)).clientThread.add({ id: newId('msg'), authorId: world.owner.id, body: 'owner' });
    await owner.waitForAck(name);
    expect(owner.document(name).errors).toEqual([]);
    await eventually(() => expect(bodies(team, name)).toContain('owner'));
  });
});

describe('a sync reply computed against an older state of the server', () => {
  // The server's sync step 1 is a snapshot; changes by others that arrive before the client's
  // reply come back inside it, under their authors' identities. Only what is new is judged.
  it("is accepted with others' changes the server already has in it", async () => {
    const { name, team, collaborator } = await sharedItem();
    const stale = Y.encodeStateVector(collaborator.doc(name));
    new ItemSharedPart(team.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.member.id,
      body: 'from the team',
    });
    await team.waitForAck(name);
    await eventually(() => expect(bodies(collaborator, name)).toContain('from the team'));
    collaborator.unsubscribe(name);
    new ItemSharedPart(collaborator.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.collaborator.id,
      body: 'mine, with theirs re-sent',
    });
    const reply = Y.encodeStateAsUpdate(collaborator.doc(name), stale);
    collaborator.open(name);
    await collaborator.waitForSync(name);
    const errorsBefore = collaborator.errorCount(name);
    collaborator.sendUpdate(name, reply);
    await collaborator.waitForAck(name);
    expect(collaborator.document(name).errors.slice(errorsBefore)).toEqual([]);
    await eventually(() => expect(bodies(team, name)).toContain('mine, with theirs re-sent'));
  });
});

describe("a project's presence document", () => {
  // Awareness only: who is in the project now, team and customer alike. Nobody writes content to
  // it, so it stays empty and costs nothing to open.
  it('carries presence both ways, and refuses content from everyone, the team included', async () => {
    const { presence } = documentsOf(world.projectA.id);
    const [owner, collaborator, viewer] = await Promise.all([
      connect(world.owner, 'owner'),
      connect(world.collaborator, 'collaborator'),
      connect(world.viewer, 'viewer'),
    ]);
    for (const peer of [owner, collaborator, viewer]) peer.open(presence);
    await Promise.all([owner, collaborator, viewer].map((peer) => peer.waitForSync(presence)));
    // Names are the server's to say (each person's own): what a client claims is replaced.
    owner.setPresence(presence, { user: { name: 'Olivia Owner' } });
    collaborator.setPresence(presence, { user: { name: 'Casey Collaborator' } });
    /** The names of the others a peer sees (its own state is the client's, never stamped). */
    const names = (peer: RecordingPeer) => {
      const { awareness } = peer.document(presence);
      return [...awareness.getStates()]
        .filter(([client]) => client !== awareness.clientID)
        .map(([, state]) => (state as { user?: { name: string } }).user?.name)
        .filter(Boolean)
        .sort();
    };
    await eventually(() => expect(names(viewer)).toEqual([world.collaborator.name, world.owner.name].sort()));
    await eventually(() => expect(names(owner)).toEqual([world.collaborator.name]));

    for (const [peer, code] of [
      [owner, errorCode.readOnly],
      [collaborator, errorCode.readOnly],
    ] as const) {
      const marker = unique('PRESENCE-CONTENT');
      const before = peer.errorCount(presence);
      peer.doc(presence).getMap('fields').set('note', marker);
      expect((await peer.waitForError(presence, before)).code).toBe(code);
      expect(findInReplica('stored presence', await stored(presence), new RegExp(marker))).toEqual([]);
      expect(viewer.doc(presence).getMap('fields').size).toBe(0);
    }
  });
});

describe("a customer's status change through REST", () => {
  const statusOf = (itemId: string) => ({ projectId: world.projectA.id, itemId });
  const move = (person: Person, { projectId, itemId }: { projectId: string; itemId: string }, status: string) =>
    person.api.put(`/projects/${projectId}/items/${itemId}/status`, { status });

  it("is allowed only along the workflow's customer transitions, and only for shared items", async () => {
    const { plan, portal } = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'member');
    team.open(plan);
    const customer = await connect(world.viewer, 'viewer');
    customer.open(portal);
    await Promise.all([team.waitForSync(plan), customer.waitForSync(portal)]);
    const item = await createItem(world.owner, world.projectA.id, {
      title: unique('Homepage review'),
      shared: true,
      status: 'in-review',
    });
    const target = statusOf(item.id);
    const statusInPlan = () => new Plan(team.doc(plan)).item(item.id)?.status;
    const statusInPortal = () => new Portal(customer.doc(portal)).items().find((i) => i.id === item.id)?.status;

    expectStatus(await move(world.collaborator, target, 'done'), 200);
    await eventually(() => expect([statusInPlan(), statusInPortal()]).toEqual(['done', 'done']));

    const backwards = await move(world.collaborator, target, 'in-progress');
    expect(expectStatus(backwards, 403)).toMatchObject({ error: { code: 'forbidden', message: expect.any(String) } });
    expect(expectStatus(await move(world.collaborator, target, 'no-such-status'), 400).error.code).toBe('invalid');
    expectStatus(await move(world.viewer, target, 'in-progress'), 403);
    expectStatus(await move(world.collaboratorB, target, 'in-progress'), 404);
    expect(statusInPlan()).toBe('done');

    expectStatus(await move(world.owner, target, 'waiting-on-customer'), 200);
    await eventually(() => expect(statusInPortal()).toBe('waiting-on-customer'));
    expect(new Portal(customer.doc(portal)).items().find((i) => i.id === item.id)?.waitingOnCustomer).toBe(true);
    expectStatus(await move(world.collaborator, target, 'in-progress'), 200);
    await eventually(() => expect([statusInPlan(), statusInPortal()]).toEqual(['in-progress', 'in-progress']));
  });

  it('answers 404 for an unshared item, exactly as for one that does not exist', async () => {
    const item = await createItem(world.owner, world.projectA.id, { title: unique('Budget'), status: 'in-review' });
    const unshared = await move(world.collaborator, statusOf(item.id), 'done');
    const missing = await move(world.collaborator, statusOf(newId('itm')), 'done');
    expectStatus(unshared, 404);
    expect(unshared.body).toEqual(missing.body);
  });

  it("follows the project's own workflow, changed by an admin over sync", async () => {
    const { plan, portal } = documentsOf(world.projectA.id);
    // Only workspace owners and admins may change the workflow (contentRules.test.ts).
    const team = await connect(world.admin, 'admin');
    const customer = await connect(world.collaborator, 'collaborator');
    team.open(plan);
    customer.open(portal);
    await Promise.all([team.waitForSync(plan), customer.waitForSync(portal)]);
    const item = await createItem(world.owner, world.projectA.id, {
      title: unique('Logo'),
      shared: true,
      status: 'in-review',
    });
    const only: Array<[string, string]> = [['in-review', 'waiting-on-customer']];
    new Plan(team.doc(plan)).setWorkflow({ statuses: defaultWorkflow.statuses, customerTransitions: only });
    try {
      await team.waitForAck(plan);
      await eventually(() => expect(new Portal(customer.doc(portal)).workflow()?.customerTransitions).toEqual(only));
      expectStatus(await move(world.collaborator, statusOf(item.id), 'done'), 403);
      expectStatus(await move(world.collaborator, statusOf(item.id), 'waiting-on-customer'), 200);
    } finally {
      new Plan(team.doc(plan)).setWorkflow(defaultWorkflow);
      await team.waitForAck(plan);
    }
  });
});

describe('a request raised by a customer', () => {
  it("appears in the team's open plan and in the portal live, with its text in the client thread", async () => {
    const docs = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'member');
    const viewer = await connect(world.viewer, 'viewer');
    team.open(docs.plan);
    viewer.open(docs.portal);
    await Promise.all([team.waitForSync(docs.plan), viewer.waitForSync(docs.portal)]);

    const title = unique('Add a pricing page');
    const body = 'We need a pricing page before the launch.';
    const raised = expectStatus(
      await world.collaborator.api.post(`/projects/${world.projectA.id}/requests`, {
        type: 'change_request',
        title,
        body,
      }),
      201,
    );
    await eventually(() =>
      expect(new Plan(team.doc(docs.plan)).item(raised.id)).toMatchObject({
        kind: 'request',
        title,
        shared: true,
        createdBy: world.collaborator.id,
      }),
    );
    await eventually(() =>
      expect(new Portal(viewer.doc(docs.portal)).items().find((i) => i.id === raised.id)).toMatchObject({
        kind: 'request',
        title,
      }),
    );

    const part = docs.item(raised.id);
    const collaborator = await connect(world.collaborator, 'collaborator');
    for (const peer of [collaborator, team, viewer]) peer.open(part);
    await Promise.all([collaborator, team, viewer].map((peer) => peer.waitForSync(part)));
    for (const peer of [collaborator, team, viewer]) {
      expect(clientThreadOf(peer.doc(part))).toEqual([
        expect.objectContaining({ authorId: world.collaborator.id, body }),
      ]);
    }
    const audit = await sharingAudit(world.admin, world.workspace.id, raised.id);
    expect(audit.map(({ action, actorId }) => ({ action, actorId }))).toEqual([
      { action: 'item.shared', actorId: world.collaborator.id },
    ]);

    const byViewer = await world.viewer.api.post(`/projects/${world.projectA.id}/requests`, {
      type: 'question',
      title: 'Viewer question',
      body: 'May I?',
    });
    expectStatus(byViewer, 403);
  });
});

describe('after a restart', () => {
  it('no refused write is there, and clientIDs still belong to whoever first wrote with them', async () => {
    expect(refused.length).toBeGreaterThan(0);
    world.server = await restartApiServer(worldDefer, world.server);
    const reader = await connect(world.owner, 'owner after restart');
    for (const { document, marker } of refused) {
      expect(findInReplica(`stored ${document}`, await stored(document), marker)).toEqual([]);
      reader.open(document);
      await reader.waitForSync(document);
      expect(findInReplica(`${document} as served`, reader.received(document), marker)).toEqual([]);
    }

    const { document, clientId } = claimed ?? { document: '', clientId: 0 };
    const collaborator = await connect(world.collaborator, 'collaborator after restart');
    collaborator.open(document);
    await collaborator.waitForSync(document);
    const forged = updateUnder(collaborator.doc(document), clientId, (doc) =>
      new ItemSharedPart(doc).clientThread.add({
        id: newId('msg'),
        authorId: world.collaborator.id,
        body: 'after restart',
      }),
    );
    collaborator.sendUpdate(document, forged);
    expect((await collaborator.waitForError(document)).code).toBe(errorCode.writeRefused);
  });
});
