/**
 * Inline comments and approval records over real sockets: a customer comments and replies as
 * themselves, and is refused commenting as someone else, changing the team's comment, or writing
 * the approval record; a team member is refused writing the approval record too (the decision is
 * the customer's, through REST). Internal comments, in the internal part, never reach the customer.
 */
import { Comments } from '@atrium/shared/model/comments.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, cleanupAfterAll, type Person, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames } from '../support/frameText.ts';
import { createItem, documentsOf } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const connect = (person: Person, label: string) => RecordingPeer.connect(world.server, person.api, defer, label);
const anchor = { start: null, end: null, quote: 'the words' };

async function sharedItemWithPeers() {
  const item = await createItem(world.owner, world.projectA.id, {
    title: `Spec ${++fresh}`,
    kind: 'document',
    shared: true,
  });
  const name = documentsOf(world.projectA.id).item(item.id);
  const team = await connect(world.member, 'team');
  const customer = await connect(world.collaborator, 'customer');
  for (const peer of [team, customer]) {
    peer.open(name);
    await peer.waitForSync(name);
  }
  return { item, name, team, customer };
}

describe('inline comments', () => {
  it('a customer comments and replies as themselves; the team sees it', async () => {
    const { name, team, customer } = await sharedItemWithPeers();
    Comments.of(team.doc(name)).add({ id: 'c-team', authorId: world.member.id, body: 'Team question', anchor });
    await team.waitForAck(name);
    await eventually(() => expect(Comments.of(customer.doc(name)).list()).toHaveLength(1));
    Comments.of(customer.doc(name)).reply('c-team', {
      id: 'r1',
      authorId: world.collaborator.id,
      body: 'Customer answer',
    });
    Comments.of(customer.doc(name)).add({ id: 'c-cust', authorId: world.collaborator.id, body: 'My own', anchor });
    await customer.waitForAck(name);
    await eventually(() => {
      const seen = Comments.of(team.doc(name)).list();
      expect(seen.map((c) => c.id)).toEqual(['c-team', 'c-cust']);
      expect(seen[0]?.replies.map((r) => r.body)).toEqual(['Customer answer']);
    });
    expect(customer.errorCount(name)).toBe(0);
  });

  it('refuses a customer’s comment as someone else and their change to the team’s comment', async () => {
    const { name, team, customer } = await sharedItemWithPeers();
    Comments.of(team.doc(name)).add({ id: 'c-team', authorId: world.member.id, body: 'Original', anchor });
    await team.waitForAck(name);
    await eventually(() => expect(Comments.of(customer.doc(name)).list()).toHaveLength(1));

    const before = customer.errorCount(name);
    Comments.of(customer.doc(name)).edit('c-team', 'Rewritten by the customer');
    expect((await customer.waitForError(name, before)).code).toBe(errorCode.writeRefused);
    customer.reset(name);
    await customer.waitForSync(name);
    const again = customer.errorCount(name);
    Comments.of(customer.doc(name)).add({ id: 'c-forged', authorId: world.member.id, body: 'Forged', anchor });
    expect((await customer.waitForError(name, again)).code).toBe(errorCode.writeRefused);

    // Nothing of it reached the team: a sentinel written after it arrives, the refused changes never do.
    Comments.of(team.doc(name)).reply('c-team', { id: 'sentinel', authorId: world.member.id, body: 'sentinel' });
    await team.waitForAck(name);
    const watcher = await connect(world.owner, 'watcher');
    watcher.open(name);
    await watcher.waitForSync(name);
    const seen = Comments.of(watcher.doc(name)).list();
    expect(seen.map((c) => c.id)).toEqual(['c-team']);
    expect(seen[0]?.body).toBe('Original');
  });
});

describe('the approval record', () => {
  it('is refused from the customer and from the team over sync', async () => {
    const { name, team, customer } = await sharedItemWithPeers();
    for (const [peer, who] of [
      [customer, world.collaborator],
      [team, world.member],
    ] as const) {
      const before = peer.errorCount(name);
      peer.doc(name).getMap('approval').set('state', 'approved');
      peer.doc(name).getMap('approval').set('decidedBy', who.id);
      const error = await peer.waitForError(name, before);
      expect(error.code).toBe(errorCode.writeRefused);
      expect(error.message).toMatch(/Approvals are recorded by Atrium/);
    }
    const watcher = await connect(world.owner, 'watcher');
    watcher.open(name);
    await watcher.waitForSync(name);
    expect(watcher.doc(name).getMap('approval').size).toBe(0);
  });
});

describe('internal comments', () => {
  it('never reach a customer’s socket, while client comments on the same words do', async () => {
    const item = await createItem(world.owner, world.projectA.id, {
      title: `Spec ${++fresh}`,
      kind: 'document',
      shared: true,
    });
    const docs = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'team');
    const customer = await connect(world.collaborator, 'customer');
    team.open(docs.item(item.id));
    team.open(docs.internal(item.id));
    customer.open(docs.item(item.id));
    customer.open(docs.internal(item.id));
    await team.waitForSync(docs.item(item.id));
    await team.waitForSync(docs.internal(item.id));
    await customer.waitForSync(docs.item(item.id));
    expect((await customer.waitForError(docs.internal(item.id))).code).toBe(errorCode.forbidden);

    const marker = `INTERNAL-COMMENT-${fresh}-margin`;
    Comments.of(team.doc(docs.internal(item.id))).add({ id: 'i1', authorId: world.member.id, body: marker, anchor });
    Comments.of(team.doc(docs.item(item.id))).add({
      id: 'c1',
      authorId: world.member.id,
      body: `client-${fresh}`,
      anchor,
    });
    await team.waitForAck(docs.internal(item.id));
    await team.waitForAck(docs.item(item.id));
    await eventually(() => expect(Comments.of(customer.doc(docs.item(item.id))).list()).toHaveLength(1));
    expect(findInFrames(customer.frames, new RegExp(marker))).toEqual([]);
    expect(findInFrames(customer.frames, new RegExp(`client-${fresh}`)).length).toBeGreaterThan(0);
  });
});
