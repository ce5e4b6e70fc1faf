/**
 * The split under random interleavings (fast-check): while the team shares and unshares an item
 * through REST, edits its description over sync and writes internal notes, and two customer
 * collaborators (and the team) write in its client thread — whether or not the customers may sync
 * it at that moment — everyone who may see the item ends with the same content as the server, no
 * message anyone wrote is lost, and no customer ever receives the internal notes.
 *
 * A customer whose access is withdrawn keeps writing into its own copy (as an offline client
 * would); when the item is shared again and it subscribes anew, the sync exchange brings its
 * messages to the server — which accepts them, since they are its own.
 */
import { ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newId } from '../../src/identity/secrets.ts';
import {
  buildWorld,
  cleanupAfterAll,
  createInvite,
  joinAsNewPerson,
  type Person,
  type World,
} from '../support/apiWorld.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames, findInReplica } from '../support/frameText.ts';
import {
  clientThreadOf,
  createItem,
  descriptionOf,
  documentsOf,
  paragraph,
  setSharing,
} from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';
import { storedState } from '../support/storedDocument.ts';

const defer = cleanupAfterAll();
let world: World;
let team: RecordingPeer;
/** Two collaborators of project A (they write) and its viewer (who only reads). */
let customers: Array<{ person: Person; peer: RecordingPeer; writes: boolean }>;
/** The shareable part customers follow into whenever their portal lists it (one item per run). */
let following: { itemId: string; name: string } | undefined;

beforeAll(async () => {
  world = await buildWorld(defer);
  const invite = await createInvite(world.admin, world.workspace.id, {
    role: 'collaborator',
    projectId: world.projectA.id,
  });
  const second = await joinAsNewPerson(world.server, invite.token, { name: 'Cy Acme', email: 'cy@acme.example' });
  team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
  customers = [];
  for (const [person, writes] of [
    [world.collaborator, true],
    [second, true],
    [world.viewer, false],
  ] as const) {
    const peer = await RecordingPeer.connect(world.server, person.api, defer, person.name);
    const portal = peer.open(documentsOf(world.projectA.id).portal);
    portal.doc.on('update', () => {
      const listed = new Portal(portal.doc).items().some((item) => item.id === following?.itemId);
      if (following && listed && !(peer.has(following.name) && peer.document(following.name).subscribed)) {
        peer.open(following.name);
      }
    });
    await peer.waitForSync(documentsOf(world.projectA.id).portal);
    customers.push({ person, peer, writes });
  }
}, 30_000);

type Command =
  | { kind: 'share'; shared: boolean }
  | { kind: 'teamDescribes'; at: number; text: string }
  | { kind: 'teamWritesInternally'; text: string }
  | { kind: 'teamSays'; text: string }
  | { kind: 'customerSays'; who: number; text: string }
  | { kind: 'customerEdits'; who: number; text: string }
  | { kind: 'pause' };

const text = fc.stringMatching(/^[a-z]{1,6}( [a-z]{1,6})?$/);
const who = fc.integer({ min: 0, max: 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('share' as const), shared: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('teamDescribes' as const), at: fc.nat(), text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('teamWritesInternally' as const), text }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('teamSays' as const), text }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('customerSays' as const), who, text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('customerEdits' as const), who, text }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
);

/** What everyone who may see the item must agree on. */
const visibleState = (doc: Y.Doc) => ({ description: descriptionOf(doc), thread: clientThreadOf(doc) });

let runs = 0;

it('shares, unshares, team edits and customer messages converge for everyone who may see the item; no internal note reaches a customer', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.boolean(),
      fc.array(command, { minLength: 4, maxLength: 24 }),
      async (sharedAtFirst, commands) => {
        const run = ++runs;
        const docs = documentsOf(world.projectA.id);
        const item = await createItem(world.owner, world.projectA.id, {
          title: `Convergence ${run}`,
          shared: sharedAtFirst,
        });
        const name = docs.item(item.id);
        const internal = docs.internal(item.id);
        const framesBefore = customers.map(({ peer }) => peer.frames.length);
        following = { itemId: item.id, name };
        team.open(name);
        team.open(internal);
        await Promise.all([team.waitForSync(name), team.waitForSync(internal)]);
        if (sharedAtFirst) for (const { peer } of customers) peer.open(name);

        const written: string[] = [];
        const ownLast = new Map<number, string>();
        let secrets = 0;
        for (const step of commands) {
          switch (step.kind) {
            case 'share':
              await setSharing(world.owner, world.projectA.id, item.id, step.shared);
              break;
            case 'teamDescribes': {
              const description = new ItemSharedPart(team.doc(name)).description;
              const index = step.at % (description.length + 1);
              const target = description.get(index);
              if (target instanceof Y.XmlElement && target.get(0) instanceof Y.XmlText) {
                (target.get(0) as Y.XmlText).insert(0, `${step.text} `);
              } else description.insert(description.length, [paragraph(step.text)]);
              break;
            }
            case 'teamWritesInternally': {
              const part = new ItemInternalPart(team.doc(internal));
              const marker = `SECRET-conv-${run}-${++secrets} ${step.text}`;
              part.notes.insert(part.notes.length, [paragraph(marker)]);
              part.internalThread.add({ id: newId('msg'), authorId: world.member.id, body: marker });
              break;
            }
            case 'teamSays': {
              const id = newId('msg');
              written.push(id);
              new ItemSharedPart(team.doc(name)).clientThread.add({ id, authorId: world.member.id, body: step.text });
              break;
            }
            case 'customerSays': {
              const { person, peer } = customers[step.who] as (typeof customers)[number];
              const id = newId('msg');
              written.push(id);
              ownLast.set(step.who, id);
              // Into the customer's own copy: sent now if it may sync the item, on re-subscribing if not.
              if (!peer.has(name)) peer.open(name);
              new ItemSharedPart(peer.doc(name)).clientThread.add({ id, authorId: person.id, body: step.text });
              break;
            }
            case 'customerEdits': {
              const { peer } = customers[step.who] as (typeof customers)[number];
              const id = ownLast.get(step.who);
              if (id) new ItemSharedPart(peer.doc(name)).clientThread.edit(id, step.text);
              break;
            }
            case 'pause':
              await team.waitForAck(name);
              break;
          }
        }

        // Shared at the end, so everyone may see it; each customer (re)subscribes and syncs.
        await setSharing(world.owner, world.projectA.id, item.id, true);
        for (const { peer } of customers) peer.open(name);
        await Promise.all(customers.map(({ peer }) => peer.waitForSync(name)));
        await Promise.all(
          [team, ...customers.filter((c) => c.writes).map((c) => c.peer)].map((peer) => peer.waitForAck(name)),
        );
        const server = world.server.registry.peek(name);
        if (!server) throw new Error(`${name} is not loaded on the server`);
        await eventually(() => {
          const expected = visibleState(server.doc);
          expect(visibleState(team.doc(name))).toEqual(expected);
          for (const { peer } of customers) expect(visibleState(peer.doc(name)), peer.label).toEqual(expected);
        });
        const stored = new Y.Doc();
        Y.applyUpdate(stored, await storedState(world.server.dataDir, name));
        expect(visibleState(stored)).toEqual(visibleState(server.doc));
        expect(
          clientThreadOf(server.doc)
            .map((m) => m.id)
            .sort(),
        ).toEqual([...written].sort());
        for (const { peer } of customers)
          expect(
            peer
              .document(name)
              .errors.filter((e) => e.code !== errorCode.accessRevoked && e.code !== errorCode.forbidden),
          ).toEqual([]);

        for (const [index, { peer }] of customers.entries()) {
          expect(findInFrames(peer.frames.slice(framesBefore[index]), /SECRET-/), peer.label).toEqual([]);
          expect(findInReplica(peer.label, peer.received(name), /SECRET-/)).toEqual([]);
        }

        following = undefined;
        for (const peer of [team, ...customers.map((c) => c.peer)]) peer.unsubscribe(name);
        team.unsubscribe(internal);
      },
    ),
    // Each run uses real sockets; a failure is reported as found rather than shrunk for minutes.
    { numRuns: 25, endOnFailure: true },
  );
}, 60_000);
