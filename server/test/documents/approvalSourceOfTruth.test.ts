/**
 * A deliverable's sign-off has one source of truth, its approval record: a customer cannot approve
 * (or send back) a deliverable by moving it on the board, asking for changes needs a comment, and
 * the board status follows the decision by what statuses *mean* (their category), so a column added
 * after "Done" changes nothing. Workflows stored before categories existed are upgraded by the
 * server (the migration), and the demo's deliverable really is submitted.
 */
import { readApproval } from '@atrium/shared/model/approval.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { defaultWorkflow, type Workflow } from '@atrium/shared/model/workflow.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { demoAccounts, seedDemoIfEmpty } from '../../src/demo/seedDemo.ts';
import {
  ApiClient,
  buildWorld,
  cleanupAfterAll,
  expectStatus,
  startApiServer,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { createItem, documentsOf } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const path = (projectId: string, itemId: string, rest = '') => `/projects/${projectId}/items/${itemId}${rest}`;

async function openPlan(projectId: string) {
  const peer = await RecordingPeer.connect(world.server, world.owner.api, defer, 'plan');
  peer.open(documentsOf(projectId).plan);
  await peer.waitForSync(documentsOf(projectId).plan);
  return { peer, plan: () => new Plan(peer.doc(documentsOf(projectId).plan)) };
}

async function submittedDeliverable(projectId: string, title: string) {
  const item = await createItem(world.owner, projectId, { title, kind: 'deliverable', shared: true });
  expectStatus(await world.owner.api.post(path(projectId, item.id, '/approval/submit')), 200);
  return item;
}

async function approvalOf(projectId: string, itemId: string) {
  const peer = await RecordingPeer.connect(world.server, world.owner.api, defer, 'item');
  const name = documentsOf(projectId).item(itemId);
  peer.open(name);
  await peer.waitForSync(name);
  return readApproval(peer.doc(name));
}

describe('the approval record is the one source of truth', () => {
  it('a customer cannot approve or send back a deliverable by moving it; the record and the board stay as they were', async () => {
    const projectId = world.projectA.id;
    const item = await submittedDeliverable(projectId, 'Wireframes');
    const { plan } = await openPlan(projectId);
    await eventually(() => expect(plan().item(item.id)?.status).toBe('in-review'));

    for (const status of ['done', 'in-progress']) {
      const refused = expectStatus(
        await world.collaborator.api.put(path(projectId, item.id, '/status'), { status }),
        403,
      );
      expect(refused.error.message).toMatch(/approve it or ask for changes/);
    }
    expect(plan().item(item.id)?.status).toBe('in-review');
    expect((await approvalOf(projectId, item.id)).state).toBe('submitted');
  });

  it('only deliverables are submitted for approval, so no other item has two answers', async () => {
    const projectId = world.projectA.id;
    const task = await createItem(world.owner, projectId, { title: 'A task', shared: true });
    const refused = expectStatus(await world.owner.api.post(path(projectId, task.id, '/approval/submit')), 409);
    expect(refused.error.message).toMatch(/Only deliverables/);
    expect((await approvalOf(projectId, task.id)).state).toBe('none');
  });

  it('a deliverable waits on the customer exactly while it is submitted, wherever the team drags its card', async () => {
    const projectId = world.projectA.id;
    const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'customer');
    const portal = documentsOf(projectId).portal;
    customer.open(portal);
    await customer.waitForSync(portal);
    const waiting = (itemId: string) =>
      new Portal(customer.doc(portal)).items().find((i) => i.id === itemId)?.waitingOnCustomer;
    const { peer, plan } = await openPlan(projectId);

    // Dragged into review by hand, never submitted: nothing to approve, so it does not wait.
    const item = await createItem(world.owner, projectId, {
      title: 'Moodboard',
      kind: 'deliverable',
      shared: true,
      status: 'in-review',
    });
    await eventually(() => expect(waiting(item.id)).toBe(false));

    expectStatus(await world.owner.api.post(path(projectId, item.id, '/approval/submit')), 200);
    await eventually(() => expect(waiting(item.id)).toBe(true));
    // Dragged back to work while still submitted: it still waits for the decision.
    plan().updateItem(item.id, { status: 'in-progress' });
    await peer.waitForAck(documentsOf(projectId).plan);
    await world.server.content.settled();
    expect(waiting(item.id)).toBe(true);

    expectStatus(
      await world.collaborator.api.post(path(projectId, item.id, '/approval/decision'), { decision: 'approved' }),
      200,
    );
    await eventually(() => expect([waiting(item.id), plan().item(item.id)?.status]).toEqual([false, 'done']));
  });

  it('a deliverable from before the plan indexed approvals is indexed from its record', async () => {
    const projectId = world.projectA.id;
    const item = await submittedDeliverable(projectId, 'Legacy deliverable');
    const { peer, plan } = await openPlan(projectId);
    await eventually(() => expect(plan().item(item.id)?.approval).toBe('submitted'));
    // As an older server left it: no index in the plan.
    peer.doc(documentsOf(projectId).plan).getMap<Y.Map<unknown>>('items').get(item.id)?.delete('approval');
    await peer.waitForAck(documentsOf(projectId).plan);
    await eventually(() => expect(plan().item(item.id)?.approval).toBe('submitted'));
  });

  it('asking for changes needs a comment; without one nothing changes', async () => {
    const projectId = world.projectA.id;
    const item = await submittedDeliverable(projectId, 'Colour palette');
    for (const body of [{ decision: 'changes_requested' }, { decision: 'changes_requested', comment: '   ' }]) {
      const refused = expectStatus(
        await world.collaborator.api.post(path(projectId, item.id, '/approval/decision'), body),
        400,
      );
      expect(refused.error.message).toMatch(/what should change/i);
    }
    expect((await approvalOf(projectId, item.id)).state).toBe('submitted');
    const { plan } = await openPlan(projectId);
    expect(plan().item(item.id)?.status).toBe('in-review');
  });
});

describe('status categories decide "done", not column order', () => {
  it('with a column added after Done, approval still finishes the item and changes send it back to work', async () => {
    const projectId = world.projectB.id;
    const withArchive: Workflow = {
      statuses: [
        ...defaultWorkflow.statuses,
        { id: 'archived', name: 'Archived', color: '#334155', category: 'in_progress' },
      ],
      customerTransitions: defaultWorkflow.customerTransitions,
    };
    const { peer, plan } = await openPlan(projectId);
    plan().setWorkflow(withArchive);
    await peer.waitForAck(documentsOf(projectId).plan);

    const approved = await submittedDeliverable(projectId, 'Launch checklist');
    await eventually(() => expect(plan().item(approved.id)?.status).toBe('in-review'));
    expectStatus(
      await world.collaboratorB.api.post(path(projectId, approved.id, '/approval/decision'), { decision: 'approved' }),
      200,
    );
    await eventually(() => expect(plan().item(approved.id)?.status).toBe('done'));

    const sentBack = await submittedDeliverable(projectId, 'Press kit');
    expectStatus(
      await world.collaboratorB.api.post(path(projectId, sentBack.id, '/approval/decision'), {
        decision: 'changes_requested',
        comment: 'Use the new logo.',
      }),
      200,
    );
    await eventually(() => expect(plan().item(sentBack.id)?.status).toBe('in-progress'));
  });

  it('a workflow stored before categories existed is upgraded in place: the last column was done', async () => {
    const projectId = world.projectB.id;
    const { peer, plan } = await openPlan(projectId);
    const legacy = {
      statuses: [
        { id: 'open', name: 'Open', color: '#64748b', waitingOnCustomer: false },
        { id: 'with-client', name: 'With client', color: '#d97706', waitingOnCustomer: true },
        { id: 'closed', name: 'Closed', color: '#16a34a', waitingOnCustomer: false },
      ],
      customerTransitions: [['with-client', 'open']],
    };
    peer.doc(documentsOf(projectId).plan).getMap('workflow').set('value', legacy);
    await peer.waitForAck(documentsOf(projectId).plan);
    await eventually(() =>
      expect(peer.doc(documentsOf(projectId).plan).getMap('workflow').get('value')).toMatchObject({
        statuses: [
          { id: 'open', category: 'not_started' },
          { id: 'with-client', category: 'waiting_on_customer' },
          { id: 'closed', category: 'done' },
        ],
      }),
    );
    expect(plan().hasLegacyWorkflow()).toBe(false);
  });
});

describe('the demo', () => {
  it('seeds its deliverable really submitted for approval, through the approval action', async () => {
    const server = await startApiServer(defer);
    expect(await seedDemoIfEmpty(server.db, server.documents)).toBe(true);
    expect(await seedDemoIfEmpty(server.db, server.documents), 'once only').toBe(false);
    const { id: projectId } = await server.db.selectFrom('projects').select('id').executeTakeFirstOrThrow();
    const provider = new ApiClient(server.url);
    expectStatus(
      await provider.post('/auth/signin', {
        email: demoAccounts.provider.email,
        password: demoAccounts.provider.password,
      }),
      200,
    );
    const peer = await RecordingPeer.connect(server, provider, defer, 'provider');
    const docs = documentsOf(projectId);
    peer.open(docs.plan);
    await peer.waitForSync(docs.plan);
    const deliverable = new Plan(peer.doc(docs.plan)).items().find((item) => item.kind === 'deliverable');
    expect(deliverable?.status).toBe('in-review');
    peer.open(docs.item(deliverable?.id ?? ''));
    await peer.waitForSync(docs.item(deliverable?.id ?? ''));
    expect(readApproval(peer.doc(docs.item(deliverable?.id ?? ''))).state).toBe('submitted');
  });
});
