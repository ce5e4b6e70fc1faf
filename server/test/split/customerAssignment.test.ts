/**
 * Assigning the customer's people, over real sockets: a task shared with the customer and assigned to
 * one of their collaborators reaches that person's portal live and is "Assigned to you" in what waits
 * on them; an internal task assigned to them never does — not its title, not its id, in no frame —
 * because the portal carries shared items only. Unsharing takes the assignment back off their list.
 */
import { Plan } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { waitingOnPerson } from '@atrium/shared/model/waitingOn.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, cleanupAfterAll, type Person, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames } from '../support/frameText.ts';
import { createItem, documentsOf, setSharing } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const connect = (person: Person, label: string) => RecordingPeer.connect(world.server, person.api, defer, label);

function waitingOn(peer: RecordingPeer, person: Person) {
  const portal = new Portal(peer.doc(documentsOf(world.projectA.id).portal));
  return waitingOnPerson(portal.items(), portal.workflow(), { userId: person.id, canAct: true }).map(
    ({ item, reason }) => [item.title, reason],
  );
}

describe('assigning a customer person', () => {
  it('on a shared task: it reaches their portal live as assigned to them', async () => {
    const docs = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'member');
    team.open(docs.plan);
    await team.waitForSync(docs.plan);
    const customer = await connect(world.collaborator, 'collaborator');
    customer.open(docs.portal);
    await customer.waitForSync(docs.portal);

    const task = await createItem(world.owner, world.projectA.id, { title: 'Send the brand guidelines', shared: true });
    await eventually(() => expect(waitingOn(customer, world.collaborator)).toEqual([]));
    new Plan(team.doc(docs.plan)).updateItem(task.id, { assignees: [world.collaborator.id] });
    await team.waitForAck(docs.plan);

    await eventually(() =>
      expect(waitingOn(customer, world.collaborator)).toEqual([['Send the brand guidelines', 'assigned']]),
    );
    // Nobody else on the customer's side has it assigned.
    expect(waitingOn(customer, world.viewer)).toEqual([]);

    // Unsharing it takes it off their list (and their portal) at once.
    await setSharing(world.owner, world.projectA.id, task.id, false);
    await eventually(() => expect(waitingOn(customer, world.collaborator)).toEqual([]));
  });

  it('on an internal task: nothing of it ever reaches them (forbidden-thing test)', async () => {
    const docs = documentsOf(world.projectA.id);
    const team = await connect(world.member, 'member');
    team.open(docs.plan);
    await team.waitForSync(docs.plan);
    const customer = await connect(world.collaborator, 'collaborator');
    customer.open(docs.portal);
    await customer.waitForSync(docs.portal);

    const secret = await createItem(world.owner, world.projectA.id, { title: 'SECRET-ASSIGN margin review' });
    new Plan(team.doc(docs.plan)).updateItem(secret.id, { assignees: [world.collaborator.id] });
    await team.waitForAck(docs.plan);
    expect(new Plan(team.doc(docs.plan)).items().find((item) => item.id === secret.id)?.assignees).toEqual([
      world.collaborator.id,
    ]);

    // A later shared change is the marker that the server has derived the portal past the assignment.
    const marker = await createItem(world.owner, world.projectA.id, {
      title: 'Marker after the assignment',
      shared: true,
    });
    await eventually(() =>
      expect(new Portal(customer.doc(docs.portal)).items().map((item) => item.id)).toContain(marker.id),
    );
    expect(waitingOn(customer, world.collaborator)).toEqual([]);
    expect(findInFrames(customer.frames, /SECRET-ASSIGN/)).toEqual([]);
    expect(findInFrames(customer.frames, new RegExp(secret.id))).toEqual([]);
    // Nor through REST: the customer's own requests (where assignments of requests show) say nothing of it.
    const mine = await world.collaborator.api.get('/me/requests');
    expect(mine.text).not.toContain(secret.id);
  });

  it('on a request: it is in their own open requests with them as assignee, which the home screen lists as theirs', async () => {
    const pa = `/projects/${world.projectA.id}`;
    const raised = await world.member.api.post(`${pa}/requests`, {
      type: 'question',
      title: 'Confirm the launch date',
      body: 'Please confirm with your board.',
      requestedBy: world.viewer.id,
      channel: 'meeting',
    });
    expect(raised.status).toBe(201);
    const assign = (assigneeId: string) =>
      world.member.api.call('PATCH', `${pa}/requests/${raised.body.id}`, { json: { assigneeId } });
    expect((await assign(world.collaborator.id)).status).toBe(200);
    const mine = await world.collaborator.api.get('/me/requests?state=open');
    expect(mine.body.requests).toContainEqual(
      expect.objectContaining({ id: raised.body.id, assigneeId: world.collaborator.id }),
    );
    // Handed back to the team: the customer no longer has it, and does not learn who on the team does.
    expect((await assign(world.member.id)).status).toBe(200);
    const after = await world.collaborator.api.get('/me/requests?state=open');
    expect(after.body.requests.map((r: { id: string }) => r.id)).not.toContain(raised.body.id);
    const viewers = await world.viewer.api.get('/me/requests?state=open');
    const asked = viewers.body.requests.find((r: { id: string }) => r.id === raised.body.id);
    expect(asked).toBeDefined();
    expect(asked).not.toHaveProperty('assigneeId');
    expect(viewers.text).not.toContain(world.member.name);
  });
});
