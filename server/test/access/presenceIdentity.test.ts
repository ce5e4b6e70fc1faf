/**
 * Presence says who someone is, and the server decides that part: a customer who publishes an
 * awareness state claiming the provider's id and name reaches everyone else under their own real
 * identity, with the rest of the state (colour, caret) as sent. Real sockets, real server.
 */
import { beforeAll, expect, it } from 'vitest';
import { buildWorld, cleanupAfterAll, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { documentsOf } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

it('a customer’s presence claiming to be the provider reaches others as the customer', async () => {
  const name = documentsOf(world.projectA.id).presence;
  const team = await RecordingPeer.connect(world.server, { cookie: world.owner.api.cookie }, defer, 'team');
  const viewer = await RecordingPeer.connect(world.server, { cookie: world.viewer.api.cookie }, defer, 'viewer');
  const forger = await RecordingPeer.connect(world.server, { cookie: world.collaborator.api.cookie }, defer, 'forger');
  for (const peer of [team, viewer, forger]) peer.open(name);
  await Promise.all([team.waitForSync(name), viewer.waitForSync(name), forger.waitForSync(name)]);

  const forged = { user: { id: world.owner.id, name: world.owner.name, color: '#b91c1c' }, cursor: { anchor: 3 } };
  forger.setPresence(name, forged);
  const forgerClient = forger.document(name).awareness.clientID;
  const real = {
    user: { id: world.collaborator.id, name: world.collaborator.name, color: '#b91c1c' },
    cursor: { anchor: 3 },
  };
  for (const peer of [team, viewer]) {
    await eventually(() => expect(peer.document(name).awareness.getStates().get(forgerClient)).toEqual(real));
  }
  // Nobody was ever shown the claimed identity, and a late joiner's snapshot says the same.
  const late = await RecordingPeer.connect(world.server, { cookie: world.member.api.cookie }, defer, 'late');
  late.open(name);
  await eventually(() => expect(late.document(name).awareness.getStates().get(forgerClient)).toEqual(real));
  for (const peer of [team, viewer, late]) {
    const claimed = peer.frames.some(
      (frame) => frame.message?.kind === 'awareness' && new TextDecoder().decode(frame.raw).includes(world.owner.name),
    );
    expect(claimed, peer.label).toBe(false);
  }
});
