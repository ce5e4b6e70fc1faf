/**
 * Sharing is live. Flipping an item's visibility — through REST, or by a teammate setting the
 * `shared` flag in the plan over sync — shows it in (or removes it from) every connected customer's
 * portal at once, opens (or closes, with an `access_revoked` frame) its shareable part, and is
 * recorded in the audit log with who did it. Sharing never copies content: the shareable part is
 * the same document before, while and after the customer may see it.
 *
 * Nothing here is measured by time: every "at once" is "without reconnecting or asking again",
 * awaited by polling.
 */

import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/identity/secrets.ts';
import { buildWorld, cleanupAfterAll, type Person, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import {
  clientThreadOf,
  createItem,
  descriptionOf,
  documentsOf,
  paragraph,
  setSharing,
  sharingAudit,
} from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';
import { SyncPeer } from '../support/syncPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const connect = (person: Person, label: string) => RecordingPeer.connect(world.server, person.api, defer, label);
const portalIds = (peer: RecordingPeer, portal: string) => new Portal(peer.doc(portal)).items().map((item) => item.id);

type Way = {
  via: string;
  /** Who flips the flag (and so must be the audit entry's actor). */
  actor: (world: World) => Person;
  share: (context: { itemId: string; team: RecordingPeer; shared: boolean }) => Promise<void>;
};

const ways: Way[] = [
  {
    via: 'REST',
    actor: (w) => w.owner,
    share: ({ itemId, shared }) => setSharing(world.owner, world.projectA.id, itemId, shared),
  },
  {
    via: "the plan's shared flag, edited over sync",
    actor: (w) => w.member,
    share: async ({ itemId, team, shared }) => {
      const plan = documentsOf(world.projectA.id).plan;
      new Plan(team.doc(plan)).updateItem(itemId, { shared });
      await team.waitForAck(plan);
    },
  },
];

describe.each(ways)('sharing through $via', ({ actor, share }) => {
  it('shows and hides the item live, opens and closes its shareable part, and is audited with its actor', async () => {
    const docs = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'member');
    team.open(docs.plan);
    await team.waitForSync(docs.plan);
    const item = await createItem(world.owner, world.projectA.id, { title: 'Homepage copy' });
    const part = docs.item(item.id);
    team.open(part);
    await team.waitForSync(part);
    new ItemSharedPart(team.doc(part)).description.insert(0, [paragraph('Three headlines to choose from')]);
    await team.waitForAck(part);

    const collaborator = await connect(world.collaborator, 'collaborator');
    const viewer = await connect(world.viewer, 'viewer');
    const customers = [collaborator, viewer];
    for (const customer of customers) customer.open(docs.portal);
    await Promise.all(customers.map((customer) => customer.waitForSync(docs.portal)));
    for (const customer of customers) {
      expect(portalIds(customer, docs.portal)).not.toContain(item.id);
      customer.open(part);
      expect((await customer.waitForError(part)).code).toBe(errorCode.forbidden);
    }

    // Shared: it appears in the portals the customers already hold, and its part opens to them.
    await share({ itemId: item.id, team, shared: true });
    for (const customer of customers) {
      await eventually(() => expect(portalIds(customer, docs.portal)).toContain(item.id));
      const listed = new Portal(customer.doc(docs.portal)).items().find((entry) => entry.id === item.id);
      expect(listed).toMatchObject({ title: 'Homepage copy', kind: 'task', status: 'todo' });
      customer.open(part);
      await customer.waitForSync(part);
      expect(descriptionOf(customer.doc(part))).toBe('<paragraph>Three headlines to choose from</paragraph>');
    }
    // …as it does over a single-document socket (the stock provider's framing).
    const single = await SyncPeer.connect(
      world.server.wsUrl,
      { document: part },
      { cookie: world.collaborator.api.cookie, origin: world.server.url },
      defer,
    );
    await single.waitForSync();

    // While shared, edits flow both ways live.
    new ItemSharedPart(collaborator.doc(part)).clientThread.add({
      id: newId('msg'),
      authorId: world.collaborator.id,
      body: 'We like the second one',
    });
    await collaborator.waitForAck(part);
    new ItemSharedPart(team.doc(part)).clientThread.add({ id: newId('msg'), authorId: world.member.id, body: 'Noted' });
    for (const peer of [team, collaborator, viewer]) {
      await eventually(() =>
        expect(clientThreadOf(peer.doc(part)).map((m) => m.body)).toEqual(['We like the second one', 'Noted']),
      );
    }

    // Unshared: it leaves the portals, and every open subscription to its part is closed.
    const errorsBefore = customers.map((customer) => customer.errorCount(part));
    await share({ itemId: item.id, team, shared: false });
    for (const [index, customer] of customers.entries()) {
      await eventually(() => expect(portalIds(customer, docs.portal)).not.toContain(item.id));
      expect((await customer.waitForError(part, errorsBefore[index])).code).toBe(errorCode.accessRevoked);
      expect(customer.document(part).subscribed).toBe(false);
      expect(customer.connected).toBe(true);
    }
    expect(await single.closed).toEqual({ code: 4403, reason: errorCode.accessRevoked });
    // Asking again is refused; the team keeps the document, untouched.
    for (const customer of customers) {
      const before = customer.errorCount(part);
      customer.open(part);
      expect((await customer.waitForError(part, before)).code).toBe(errorCode.forbidden);
    }
    expect(team.document(part).subscribed).toBe(true);
    expect(clientThreadOf(team.doc(part))).toHaveLength(2);

    // Re-shared: the same document opens again, with what the team wrote meanwhile.
    new ItemSharedPart(team.doc(part)).description.insert(1, [paragraph('A fourth option')]);
    await team.waitForAck(part);
    await share({ itemId: item.id, team, shared: true });
    for (const customer of customers) {
      await eventually(() => expect(portalIds(customer, docs.portal)).toContain(item.id));
      customer.open(part);
      await customer.waitForSync(part);
      await eventually(() =>
        expect(descriptionOf(customer.doc(part))).toBe(
          '<paragraph>Three headlines to choose from</paragraph><paragraph>A fourth option</paragraph>',
        ),
      );
    }

    const who = actor(world).id;
    await world.server.content.settled();
    const audit = await sharingAudit(world.admin, world.workspace.id, item.id);
    expect(audit.map(({ action, actorId }) => ({ action, actorId }))).toEqual([
      { action: 'item.shared', actorId: who },
      { action: 'item.unshared', actorId: who },
      { action: 'item.shared', actorId: who },
    ]);
    expect(audit[0]?.details).toMatchObject({ projectId: world.projectA.id, title: 'Homepage copy' });
  });

  it('an item the customer never had is refused the same way as one that does not exist', async () => {
    const docs = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'member');
    team.open(docs.plan);
    await team.waitForSync(docs.plan);
    const item = await createItem(world.owner, world.projectA.id, { title: 'Margins review' });
    await share({ itemId: item.id, team, shared: true });
    await share({ itemId: item.id, team, shared: false });
    await world.server.content.settled();

    const customer = await connect(world.collaborator, 'collaborator');
    customer.open(docs.portal);
    await customer.waitForSync(docs.portal);
    expect(portalIds(customer, docs.portal)).not.toContain(item.id);
    const missing = docs.item(newId('itm'));
    for (const name of [docs.item(item.id), missing]) customer.open(name);
    const [unshared, absent] = await Promise.all([
      customer.waitForError(docs.item(item.id)),
      customer.waitForError(missing),
    ]);
    expect(unshared).toEqual(absent);
    expect(unshared.code).toBe(errorCode.forbidden);
  });
});

it('a burst of flips over sync settles on the last one, for the portal and for access', async () => {
  const docs = documentsOf(world.projectA.id);
  const team = await connect(world.member, 'member');
  team.open(docs.plan);
  await team.waitForSync(docs.plan);
  const item = await createItem(world.owner, world.projectA.id, { title: 'Launch checklist' });
  const customer = await connect(world.collaborator, 'collaborator');
  customer.open(docs.portal);
  await customer.waitForSync(docs.portal);

  const plan = new Plan(team.doc(docs.plan));
  for (const shared of [true, false, true, false, true]) plan.updateItem(item.id, { shared });
  await team.waitForAck(docs.plan);
  await eventually(() => expect(portalIds(customer, docs.portal)).toContain(item.id));
  customer.open(docs.item(item.id));
  await customer.waitForSync(docs.item(item.id));

  for (const shared of [false, true, false]) plan.updateItem(item.id, { shared });
  await team.waitForAck(docs.plan);
  await eventually(() => expect(portalIds(customer, docs.portal)).not.toContain(item.id));
  await eventually(() => expect(customer.document(docs.item(item.id)).subscribed).toBe(false));
  expect(customer.document(docs.item(item.id)).errors.map((e) => e.code)).toEqual([errorCode.accessRevoked]);
});
