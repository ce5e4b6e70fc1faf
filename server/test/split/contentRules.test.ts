/**
 * The write rules on document content, over real sockets against a real server and SQLite file:
 *
 * - in the plan, only workspace owners and admins change the workflow; other team members (and
 *   contractors) are refused, the rest of their plan edits go through, and a promotion or
 *   demotion takes effect on the next write;
 * - in a shared item's client thread a customer reacts only as themselves, but on anyone's message;
 * - a customer gives feedback only as themselves and removes only their own;
 * - a customer's change that builds on content the server does not have is refused when that
 *   content is someone else's; when it is the customer's own it waits, and lands (or is refused)
 *   together with the update that brings it.
 *
 * A refused write is not stored and not broadcast: the team then writes a sentinel that every
 * watcher must receive, after which nothing broadcast before it can still be on its way; the
 * stored document is read from the SQLite file.
 */

import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { defaultWorkflow, type Workflow } from '@atrium/shared/model/workflow.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { refusal } from '../../src/access/writeRules.ts';
import { newId } from '../../src/identity/secrets.ts';
import {
  buildWorld,
  cleanupAfterAll,
  createInvite,
  expectStatus,
  joinAsNewPerson,
  type Person,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames, findInReplica } from '../support/frameText.ts';
import { clientThreadOf, createItem, documentsOf, paragraph } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';
import { storedState } from '../support/storedDocument.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
/** An internal project member of project A (a contractor): on the team, not an admin. */
let contractor: Person;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
  const invite = await createInvite(world.owner, world.workspace.id, { role: 'member', projectId: world.projectA.id });
  contractor = await joinAsNewPerson(world.server, invite.token, {
    name: 'Carl Contractor',
    email: 'carl@example.com',
  });
});

const connect = (person: Person, label: string) => RecordingPeer.connect(world.server, person.api, defer, label);
const unique = (label: string) => `${label}-${++fresh}`;

async function stored(name: string): Promise<Y.Doc> {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, await storedState(world.server.dataDir, name));
  return doc;
}

/** Opens a document on each peer and waits until all are in sync. */
async function openAll(name: string, peers: RecordingPeer[]): Promise<void> {
  for (const peer of peers) peer.open(name);
  await Promise.all(peers.map((peer) => peer.waitForSync(name)));
}

/** Makes `attempt` on a fresh copy (as a client does after a refusal) and returns the error frame it earns. */
async function refusedWrite(peer: RecordingPeer, name: string, attempt: (doc: Y.Doc) => void) {
  peer.reset(name);
  await peer.waitForSync(name);
  const before = peer.errorCount(name);
  attempt(peer.doc(name));
  return peer.waitForError(name, before);
}

/** Makes `change` on a fresh copy and waits until the server acknowledged it. */
async function acceptedWrite(peer: RecordingPeer, name: string, change: (doc: Y.Doc) => void): Promise<void> {
  peer.reset(name);
  await peer.waitForSync(name);
  const before = peer.errorCount(name);
  change(peer.doc(name));
  await peer.waitForAck(name);
  expect(peer.document(name).errors.slice(before)).toEqual([]);
}

/** `sentinel` writes something every watcher must receive; none of them may have received `marker`. */
async function expectNotBroadcast(
  sentinel: { peer: RecordingPeer; write: (doc: Y.Doc) => void; arrived: (doc: Y.Doc) => boolean },
  name: string,
  watchers: RecordingPeer[],
  marker: RegExp,
): Promise<void> {
  sentinel.write(sentinel.peer.doc(name));
  await sentinel.peer.waitForAck(name);
  for (const watcher of watchers) {
    await eventually(() => expect(sentinel.arrived(watcher.doc(name)), watcher.label).toBe(true));
    expect(findInFrames(watcher.frames, marker), watcher.label).toEqual([]);
  }
  expect(findInReplica(`stored ${name}`, await stored(name), marker)).toEqual([]);
}

/** The default workflow with one status renamed to `name`: a change with a findable marker. */
function workflowNamed(name: string): Workflow {
  return { ...defaultWorkflow, statuses: defaultWorkflow.statuses.map((s, i) => (i === 0 ? { ...s, name } : s)) };
}

const firstStatusName = (doc: Y.Doc) => new Plan(doc).workflow().statuses[0]?.name;

describe('the workflow in the plan', () => {
  const plan = () => documentsOf(world.projectA.id).plan;
  const milestoneSentinel = (peer: RecordingPeer) => {
    const title = unique('sentinel');
    return {
      peer,
      write: (doc: Y.Doc) => new Plan(doc).setMilestone({ id: newId('mst'), title, dueDate: null }),
      arrived: (doc: Y.Doc) => new Plan(doc).milestones().some((m) => m.title === title),
    };
  };

  it('is refused to a team member and a contractor — set, replaced or deleted — and nothing of it spreads', async () => {
    const [admin, member, carl, owner] = await Promise.all([
      connect(world.admin, 'admin'),
      connect(world.member, 'member'),
      connect(contractor, 'contractor'),
      connect(world.owner, 'owner'),
    ]);
    await openAll(plan(), [admin, member, carl, owner]);
    const marker = unique('NOT-AN-ADMIN');
    const attempts: Array<[string, RecordingPeer, (doc: Y.Doc) => void]> = [
      ['member sets', member, (doc) => new Plan(doc).setWorkflow(workflowNamed(marker))],
      ['contractor sets', carl, (doc) => new Plan(doc).setWorkflow(workflowNamed(marker))],
      [
        'member renames an item and sets the workflow in one go',
        member,
        (doc) =>
          doc.transact(() => {
            new Plan(doc).addItem({
              id: newId('itm'),
              kind: 'task',
              title: marker,
              status: 'todo',
              order: 'a0',
              dueDate: null,
              assignees: [],
              milestoneId: null,
              shared: false,
              createdBy: world.member.id,
              createdAt: Date.now(),
            });
            new Plan(doc).setWorkflow(workflowNamed(marker));
          }),
      ],
    ];
    for (const [what, peer, attempt] of attempts) {
      const error = await refusedWrite(peer, plan(), attempt);
      expect(error, what).toEqual({ code: errorCode.writeRefused, message: refusal.workflow });
    }
    await expectNotBroadcast(milestoneSentinel(admin), plan(), [owner, carl, member], new RegExp(marker));

    // Once an admin has set one, replacing or deleting it is refused just the same.
    const adminsName = unique('Backlog');
    await acceptedWrite(admin, plan(), (doc) => new Plan(doc).setWorkflow(workflowNamed(adminsName)));
    for (const [what, attempt] of [
      ['replace', (doc: Y.Doc) => new Plan(doc).setWorkflow(workflowNamed(`${marker}-again`))],
      ['delete', (doc: Y.Doc) => doc.getMap('workflow').delete('value')],
    ] as const) {
      const error = await refusedWrite(member, plan(), attempt);
      expect(error, what).toEqual({ code: errorCode.writeRefused, message: refusal.workflow });
    }
    await expectNotBroadcast(milestoneSentinel(admin), plan(), [owner, carl], new RegExp(`${marker}-again`));
    // (The member and the contractor still hold their refused edits locally, until they reset.)
    for (const doc of [owner.doc(plan()), admin.doc(plan()), await stored(plan())]) {
      expect(firstStatusName(doc)).toBe(adminsName);
    }
    expect(member.connected && carl.connected).toBe(true);
  });

  it('is changed by the owner and admins, and everyone on the plan sees it; other plan edits stay open to the team', async () => {
    const [admin, member, carl, owner] = await Promise.all([
      connect(world.admin, 'admin'),
      connect(world.member, 'member'),
      connect(contractor, 'contractor'),
      connect(world.owner, 'owner'),
    ]);
    await openAll(plan(), [admin, member, carl, owner]);
    for (const [who, peer] of [
      ['admin', admin],
      ['owner', owner],
    ] as const) {
      const name = unique(`Set by ${who}`);
      await acceptedWrite(peer, plan(), (doc) => new Plan(doc).setWorkflow(workflowNamed(name)));
      for (const watcher of [admin, member, carl, owner]) {
        await eventually(() => expect(firstStatusName(watcher.doc(plan())), watcher.label).toBe(name));
      }
      expect(firstStatusName(await stored(plan()))).toBe(name);
    }
    for (const peer of [member, carl]) {
      const title = unique(`Milestone by ${peer.label}`);
      await acceptedWrite(peer, plan(), (doc) =>
        new Plan(doc).setMilestone({ id: newId('mst'), title, dueDate: null }),
      );
      await eventually(() => expect(new Plan(owner.doc(plan())).milestones().map((m) => m.title)).toContain(title));
    }
  });

  it('follows the writer’s role as it changes: a promoted member may, a demoted one may not', async () => {
    const member = await connect(world.member, 'member');
    await openAll(plan(), [member]);
    const setRole = async (role: 'admin' | 'member') =>
      expectStatus(
        await world.owner.api.put(`/workspaces/${world.workspace.id}/members/${world.member.id}`, { role }),
        204,
      );
    // The member's standing is remembered after this refusal; the role change must make it forgotten.
    expect((await refusedWrite(member, plan(), (doc) => new Plan(doc).setWorkflow(workflowNamed('x')))).code).toBe(
      errorCode.writeRefused,
    );
    try {
      await setRole('admin');
      const name = unique('Promoted');
      await acceptedWrite(member, plan(), (doc) => new Plan(doc).setWorkflow(workflowNamed(name)));
      expect(firstStatusName(await stored(plan()))).toBe(name);
    } finally {
      await setRole('member');
    }
    const error = await refusedWrite(member, plan(), (doc) => new Plan(doc).setWorkflow(workflowNamed('y')));
    expect(error.message).toBe(refusal.workflow);
  });
});

/** A shared item of project A with its part open for a team member, the collaborator and the viewer. */
async function sharedItem() {
  const item = await createItem(world.owner, world.projectA.id, { title: unique('Rules'), shared: true });
  const name = documentsOf(world.projectA.id).item(item.id);
  const [team, collaborator, viewer] = await Promise.all([
    connect(world.member, 'member'),
    connect(world.collaborator, 'collaborator'),
    connect(world.viewer, 'viewer'),
  ]);
  await openAll(name, [team, collaborator, viewer]);
  return { name, team, collaborator, viewer };
}

const part = (doc: Y.Doc) => new ItemSharedPart(doc);

/** The team adds a client-thread message every watcher must receive. */
const messageSentinel = (team: RecordingPeer) => {
  const body = unique('sentinel');
  return {
    peer: team,
    write: (doc: Y.Doc) => part(doc).clientThread.add({ id: newId('msg'), authorId: world.member.id, body }),
    arrived: (doc: Y.Doc) => clientThreadOf(doc).some((m) => m.body === body),
  };
};

describe('reactions in the client thread', () => {
  it('a customer reacts and unreacts as themselves on a team message; everyone sees it', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const message = { id: newId('msg'), authorId: world.member.id, body: 'Which logo do you prefer?' };
    await acceptedWrite(team, name, (doc) => part(doc).clientThread.add(message));
    const reactionsOn = (doc: Y.Doc) => clientThreadOf(doc).find((m) => m.id === message.id)?.reactions;

    await acceptedWrite(collaborator, name, (doc) =>
      part(doc).clientThread.react(message.id, world.collaborator.id, '👍'),
    );
    for (const doc of [team.doc(name), viewer.doc(name)]) {
      await eventually(() => expect(reactionsOn(doc)).toEqual({ '👍': [world.collaborator.id] }));
    }
    expect(reactionsOn(await stored(name))).toEqual({ '👍': [world.collaborator.id] });

    await acceptedWrite(collaborator, name, (doc) =>
      part(doc).clientThread.unreact(message.id, world.collaborator.id, '👍'),
    );
    for (const doc of [team.doc(name), viewer.doc(name)]) await eventually(() => expect(reactionsOn(doc)).toEqual({}));
    expect(reactionsOn(await stored(name))).toEqual({});
    expect(clientThreadOf(await stored(name)).find((m) => m.id === message.id)).toMatchObject(message);
  });

  it('a customer reacting as someone else, or removing someone else’s reaction, is refused and nothing spreads', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const message = { id: newId('msg'), authorId: world.member.id, body: 'Shall we ship?' };
    await acceptedWrite(team, name, (doc) => {
      part(doc).clientThread.add(message);
      part(doc).clientThread.react(message.id, world.member.id, '🚀');
    });
    const emoji = `:forged-${++fresh}:`;
    const attempts: Array<[string, (doc: Y.Doc) => void]> = [
      ['as the team member', (doc) => part(doc).clientThread.react(message.id, world.member.id, emoji)],
      ['as the viewer', (doc) => part(doc).clientThread.react(message.id, world.viewer.id, emoji)],
      ['removing the team member’s', (doc) => part(doc).clientThread.unreact(message.id, world.member.id, '🚀')],
    ];
    for (const [what, attempt] of attempts) {
      const error = await refusedWrite(collaborator, name, attempt);
      expect(error, what).toEqual({ code: errorCode.writeRefused, message: refusal.reaction });
    }
    await expectNotBroadcast(messageSentinel(team), name, [viewer], new RegExp(emoji));
    for (const doc of [team.doc(name), viewer.doc(name), await stored(name)]) {
      expect(clientThreadOf(doc).find((m) => m.id === message.id)?.reactions).toEqual({ '🚀': [world.member.id] });
    }
  });
});

describe('feedback on a shared item', () => {
  const feedback = (authorId: string, text: string) => ({
    id: newId('fb'),
    authorId,
    createdAt: Date.now(),
    sentiment: 'positive' as const,
    text,
  });

  it('a customer gives feedback as themselves and removes their own; everyone sees it', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const own = feedback(world.collaborator.id, 'Love the colours');
    await acceptedWrite(collaborator, name, (doc) => part(doc).addFeedback(own));
    for (const doc of [team.doc(name), viewer.doc(name)]) {
      await eventually(() => expect(part(doc).feedback()).toEqual([own]));
    }
    expect(part(await stored(name)).feedback()).toEqual([own]);
    await acceptedWrite(collaborator, name, (doc) => part(doc).removeFeedback(own.id));
    for (const doc of [team.doc(name), viewer.doc(name)])
      await eventually(() => expect(part(doc).feedback()).toEqual([]));
  });

  it('feedback under someone else’s name, or removing someone else’s, is refused and nothing spreads', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const teams = feedback(world.member.id, 'First draft is up');
    await acceptedWrite(team, name, (doc) => part(doc).addFeedback(teams));
    const marker = unique('FORGED-FEEDBACK');
    const attempts: Array<[string, (doc: Y.Doc) => void, string]> = [
      ['as the team member', (doc) => part(doc).addFeedback(feedback(world.member.id, marker)), refusal.newFeedback],
      ['as the viewer', (doc) => part(doc).addFeedback(feedback(world.viewer.id, marker)), refusal.newFeedback],
      ['removing the team’s', (doc) => part(doc).removeFeedback(teams.id), refusal.removeFeedback],
      [
        'changing the team’s (remove, then add it back as theirs)',
        (doc) =>
          doc.transact(() => {
            part(doc).removeFeedback(teams.id);
            part(doc).addFeedback({ ...teams, authorId: world.collaborator.id, text: marker });
          }),
        refusal.removeFeedback,
      ],
    ];
    for (const [what, attempt, message] of attempts) {
      const error = await refusedWrite(collaborator, name, attempt);
      expect(error, what).toEqual({ code: errorCode.writeRefused, message });
    }
    await expectNotBroadcast(messageSentinel(team), name, [viewer], new RegExp(marker));
    for (const doc of [team.doc(name), viewer.doc(name), await stored(name)])
      expect(part(doc).feedback()).toEqual([teams]);
  });
});

describe('a customer’s change that builds on content the server does not have', () => {
  /** A copy of `base` under `clientId` that makes `edit`; returns the copy and the update it did not send. */
  function unsent(base: Y.Doc, clientId: number, edit: (doc: Y.Doc) => void) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
    copy.clientID = clientId;
    const before = Y.encodeStateVector(copy);
    edit(copy);
    return { copy, update: Y.encodeStateAsUpdate(copy, before) };
  }

  it('is refused when what it builds on is someone else’s (a reaction to a team message yet to come)', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    await acceptedWrite(team, name, (doc) =>
      part(doc).clientThread.add({ id: newId('msg'), authorId: world.member.id, body: 'Hello' }),
    );
    // The team member's next message, under their clientID, that the server has not received.
    const future = { id: newId('msg'), authorId: world.member.id, body: unique('not yet sent') };
    const teams = unsent(team.doc(name), team.doc(name).clientID, (doc) => part(doc).clientThread.add(future));
    const emoji = `:early-${++fresh}:`;
    const reaction = unsent(teams.copy, collaborator.doc(name).clientID, (doc) =>
      part(doc).clientThread.react(future.id, world.collaborator.id, emoji),
    ).update;

    collaborator.sendUpdate(name, reaction);
    expect(await collaborator.waitForError(name)).toEqual({
      code: errorCode.writeRefused,
      message: refusal.unplaceable,
    });
    // The team's message arrives afterwards (its peer sends what is applied to its copy).
    Y.applyUpdate(team.doc(name), teams.update);
    await team.waitForAck(name);
    await expectNotBroadcast(messageSentinel(team), name, [viewer], new RegExp(emoji));
    expect(clientThreadOf(await stored(name)).find((m) => m.id === future.id)?.reactions).toEqual({});
  });

  it('waits when it builds on the customer’s own unsent content, and lands with it', async () => {
    const { name, collaborator, viewer } = await sharedItem();
    const me = collaborator.doc(name).clientID;
    // Offline, the collaborator wrote a message and reacted to it; the reaction reaches the server
    // first (as edits made while reconnecting do, ahead of the sync step 2 with the offline ones).
    const own = { id: newId('msg'), authorId: world.collaborator.id, body: unique('offline') };
    const message = unsent(collaborator.doc(name), me, (doc) => part(doc).clientThread.add(own));
    const reaction = unsent(message.copy, me, (doc) =>
      part(doc).clientThread.react(own.id, world.collaborator.id, '👍'),
    );

    collaborator.sendUpdate(name, reaction.update);
    await collaborator.waitForAck(name);
    collaborator.sendUpdate(name, message.update);
    await collaborator.waitForAck(name);
    const reactions = (doc: Y.Doc) => clientThreadOf(doc).find((m) => m.id === own.id)?.reactions;
    await eventually(() => expect(reactions(viewer.doc(name))).toEqual({ '👍': [world.collaborator.id] }));
    expect(reactions(await stored(name))).toEqual({ '👍': [world.collaborator.id] });
    expect(collaborator.document(name).errors).toEqual([]);
  });

  it('is judged together with the content it waited for: a forged message refuses the update that would let it land', async () => {
    const { name, team, collaborator, viewer } = await sharedItem();
    const me = collaborator.doc(name).clientID;
    // Offline, the collaborator typed into the description, then forged a team message; the forged
    // message waits for the typing (Yjs applies a clientID's changes in order). The typing touches
    // only the description, so only the document's waiting content makes it worth a closer look.
    const typing = unsent(collaborator.doc(name), me, (doc) => part(doc).description.insert(0, [paragraph('Draft')]));
    const marker = unique('FORGED-AFTER-OWN');
    const forged = unsent(typing.copy, me, (doc) =>
      part(doc).clientThread.add({ id: newId('msg'), authorId: world.member.id, body: marker }),
    );

    // Accepted only as waiting: Yjs holds it back, nobody sees it.
    collaborator.sendUpdate(name, forged.update);
    await collaborator.waitForAck(name);
    // The typing would let it land, so the two are judged together — and refused.
    collaborator.sendUpdate(name, typing.update);
    expect(await collaborator.waitForError(name)).toEqual({
      code: errorCode.writeRefused,
      message: refusal.newMessage,
    });
    await expectNotBroadcast(messageSentinel(team), name, [viewer], new RegExp(marker));
    const live = world.server.registry.peek(name);
    expect(live && clientThreadOf(live.doc).map((m) => m.body)).not.toContain(marker);
  });
});
