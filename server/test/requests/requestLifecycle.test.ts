/**
 * Requests end to end on a real server and SQLite: raising them (from the portal and on someone's
 * behalf), bad input refused with nothing stored, who may see and move them, the first response
 * stopped by the team's message over a real sync socket (and only by it), a customer's reply while
 * waiting moving it back to work, and the projection the customer's socket receives — the request
 * view, never the routing.
 */
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { readRequestView, readRoutingView } from '@atrium/shared/model/requests.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/identity/secrets.ts';
import { buildWorld, cleanupAfterAll, expectStatus, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames } from '../support/frameText.ts';
import { createItem, documentsOf } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
const pa = () => `/projects/${world.projectA.id}`;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

async function raise(body: Record<string, unknown>, who = world.collaborator) {
  return expectStatus(
    await who.api.post(`${pa()}/requests`, {
      type: 'question',
      title: 'Where is the invoice?',
      body: 'Please send it.',
      ...body,
    }),
    201,
  );
}

async function rowCount(): Promise<number> {
  const row = await world.server.db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('raising a request', () => {
  it('a collaborator raises one from the portal: they are the requester, the channel is the portal', async () => {
    const created = await raise({ type: 'complaint', priority: 'high' });
    expect(created).toMatchObject({
      typeKey: 'complaint',
      typeName: 'Complaint',
      priority: 'high',
      status: 'new',
      requestedBy: world.collaborator.id,
      requesterName: world.collaborator.name,
      channel: 'portal',
    });
    expect(created.firstResponse).toMatchObject({ kind: 'first_response', state: 'running' });
    expect(created).not.toHaveProperty('teamId');
    expect(created).not.toHaveProperty('escalation');
    const listed = expectStatus(await world.viewer.api.get(`${pa()}/requests`), 200);
    expect(listed.requests.map((r: { id: string }) => r.id)).toContain(created.id);
  });

  it('the team records one on a customer person’s behalf, with the channel and when they asked', async () => {
    const receivedAt = Date.now() - 3 * 3600_000;
    const created = await raise(
      { requestedBy: world.viewer.id, channel: 'phone', receivedAt, priority: 'urgent' },
      world.member,
    );
    expect(created).toMatchObject({
      requestedBy: world.viewer.id,
      requesterName: world.viewer.name,
      channel: 'phone',
      receivedAt,
      teamId: null,
      assigneeId: null,
    });
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const before = await rowCount();
    const archived = expectStatus(
      await world.owner.api.post(`/workspaces/${world.workspace.id}/request-types`, { name: 'Old stuff' }),
      201,
    );
    expectStatus(
      await world.owner.api.call('PATCH', `/workspaces/${world.workspace.id}/request-types/${archived.key}`, {
        json: { archived: true },
      }),
      200,
    );
    const bad = [
      { type: 'no_such_type' },
      { type: archived.key },
      { priority: 'whenever' },
      { body: 'x'.repeat(20_001) },
      { title: 'y'.repeat(201) },
    ];
    for (const input of bad)
      expectStatus(
        await world.collaborator.api.post(`${pa()}/requests`, { type: 'question', title: 'T', body: 'B', ...input }),
        400,
      );
    const future = {
      type: 'question',
      title: 'T',
      body: 'B',
      requesterName: 'Caller',
      channel: 'email',
      receivedAt: Date.now() + 3600_000,
    };
    expectStatus(await world.member.api.post(`${pa()}/requests`, future), 400);
    expectStatus(
      await world.member.api.post(`${pa()}/requests`, { ...future, receivedAt: Date.now() - 31 * 24 * 3600_000 }),
      400,
    );
    expectStatus(
      await world.member.api.post(`${pa()}/requests`, {
        ...future,
        receivedAt: undefined,
        requestedBy: world.member.id,
      }),
      400,
    );
    expect(await rowCount()).toBe(before);
  });

  it('a viewer gets 403, a stranger and another organisation’s customer 404; customers cannot act on someone’s behalf', async () => {
    const input = { type: 'question', title: 'T', body: 'B' };
    expectStatus(await world.viewer.api.post(`${pa()}/requests`, input), 403);
    expectStatus(await world.stranger.api.post(`${pa()}/requests`, input), 404);
    expectStatus(await world.collaboratorB.api.post(`${pa()}/requests`, input), 404);
    expectStatus(await world.collaboratorB.api.get(`${pa()}/requests`), 404);
    expectStatus(await world.collaborator.api.post(`${pa()}/requests`, { ...input, channel: 'email' }), 403);
    const mine = await raise({});
    expectStatus(await world.collaboratorB.api.get(`${pa()}/requests/${mine.id}`), 404);
    expectStatus(await world.collaborator.api.get(`/workspaces/${world.workspace.id}/requests`), 404);
  });

  it('“Ask about this” keeps the item; an unshared item is not found for the customer', async () => {
    const shared = await createItem(world.owner, world.projectA.id, { title: 'Homepage', shared: true });
    const hidden = await createItem(world.owner, world.projectA.id, { title: 'Internal spike', shared: false });
    await world.server.content.settled();
    const asked = await raise({ aboutItemId: shared.id });
    expect(asked.aboutItemId).toBe(shared.id);
    expectStatus(
      await world.collaborator.api.post(`${pa()}/requests`, {
        type: 'question',
        title: 'T',
        body: 'B',
        aboutItemId: hidden.id,
      }),
      404,
    );
    const onItem = expectStatus(await world.collaborator.api.get(`${pa()}/items/${shared.id}/requests`), 200);
    expect(onItem.requests.map((r: { id: string }) => r.id)).toEqual([asked.id]);
  });
});

describe('status', () => {
  it('each side moves along its own moves; the customer reopens only within the window', async () => {
    const request = await raise({});
    const status = (who: World['owner'], to: string) =>
      who.api.put(`${pa()}/requests/${request.id}/status`, { status: to });
    expectStatus(await status(world.collaborator, 'resolved'), 403);
    expectStatus(await status(world.viewer, 'closed'), 403);
    expectStatus(await status(world.member, 'resolved'), 200);
    expectStatus(await status(world.member, 'waiting_on_customer'), 409);
    const reopened = expectStatus(await status(world.collaborator, 'in_progress'), 200);
    expect(reopened.status).toBe('in_progress');
    expectStatus(await status(world.member, 'closed'), 200);
    // Closed long ago: the window has passed.
    await world.server.db
      .updateTable('request_events')
      .set({ at: Date.now() - 30 * 24 * 3600_000 })
      .where('request_id', '=', request.id)
      .where('kind', '=', 'status')
      .where('to_value', '=', 'closed')
      .execute();
    const late = await status(world.collaborator, 'in_progress');
    expectStatus(late, 409);
    expect(late.body.error.message).toMatch(/can no longer be reopened/);
    const detail = expectStatus(await world.collaborator.api.get(`${pa()}/requests/${request.id}`), 200);
    expect(detail.events.map((e: { kind: string; to: string }) => `${e.kind}:${e.to}`)).toEqual([
      'created:question',
      'status:resolved',
      'status:in_progress',
      'status:closed',
    ]);
  });
});

describe('the client thread', () => {
  it('the first team message stops the first-response clock — not the request text, not the customer’s messages', async () => {
    const request = await raise({});
    const name = documentsOf(world.projectA.id).item(request.id);
    const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'customer');
    customer.open(name);
    await customer.waitForSync(name);
    await eventually(() => expect(readRequestView(customer.doc(name))?.status).toBe('new'));
    new ItemSharedPart(customer.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.collaborator.id,
      body: 'Any news?',
    });
    await customer.waitForAck(name);
    await world.server.requestThreads.settled();
    let detail = expectStatus(await world.member.api.get(`${pa()}/requests/${request.id}`), 200);
    expect(detail.firstResponse.state).toBe('running');

    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'team');
    team.open(name);
    await team.waitForSync(name);
    const before = Date.now();
    // A client-written createdAt far in the past must not count: the server's time does.
    new ItemSharedPart(team.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.member.id,
      body: 'On it.',
      createdAt: 1,
    });
    await team.waitForAck(name);
    await world.server.requestThreads.settled();
    detail = expectStatus(await world.member.api.get(`${pa()}/requests/${request.id}`), 200);
    expect(detail.firstResponse.state).toBe('met');
    expect(detail.firstResponse.stoppedAt).toBeGreaterThanOrEqual(before);
    await eventually(() => expect(readRequestView(customer.doc(name))?.firstResponse?.state).toBe('met'));
  });

  it('a customer reply while the request waits on them moves it back to in progress', async () => {
    const request = await raise({});
    expectStatus(
      await world.member.api.put(`${pa()}/requests/${request.id}/status`, { status: 'waiting_on_customer' }),
      200,
    );
    const name = documentsOf(world.projectA.id).item(request.id);
    const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'customer');
    customer.open(name);
    await customer.waitForSync(name);
    new ItemSharedPart(customer.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.collaborator.id,
      body: 'Here it is.',
    });
    await customer.waitForAck(name);
    await world.server.requestThreads.settled();
    const detail = expectStatus(await world.member.api.get(`${pa()}/requests/${request.id}`), 200);
    expect(detail.status).toBe('in_progress');
    expect(detail.events.at(-1)).toMatchObject({ kind: 'status', actorId: world.collaborator.id, to: 'in_progress' });
    await eventually(() => expect(readRequestView(customer.doc(name))?.status).toBe('in_progress'));
  });
});

describe('routing', () => {
  it('the team assigns and routes; the routing view is in the internal part only, and customers get none of it', async () => {
    const request = await raise({});
    const teamId = newId('team');
    await world.server.db
      .insertInto('service_teams')
      .values({
        id: teamId,
        workspace_id: world.workspace.id,
        name: 'SECRET-support-team',
        created_at: Date.now(),
        archived_at: null,
      })
      .execute();
    const path = `${pa()}/requests/${request.id}`;
    expectStatus(await world.collaborator.api.call('PATCH', path, { json: { teamId } }), 403);
    expectStatus(await world.member.api.call('PATCH', path, { json: { teamId: newId('team') } }), 400);
    expectStatus(await world.member.api.call('PATCH', path, { json: { assigneeId: world.stranger.id } }), 400);
    const patched = expectStatus(
      await world.member.api.call('PATCH', path, { json: { teamId, assigneeId: world.admin.id, priority: 'urgent' } }),
      200,
    );
    expect(patched).toMatchObject({
      teamId,
      teamName: 'SECRET-support-team',
      assigneeId: world.admin.id,
      priority: 'urgent',
    });
    const seen = expectStatus(await world.collaborator.api.get(path), 200);
    expect(JSON.stringify(seen)).not.toMatch(/SECRET|teamId|assignee/);
    expect(seen.events.map((e: { kind: string }) => e.kind)).not.toContain('team');
    const docs = documentsOf(world.projectA.id);
    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'team');
    team.open(docs.internal(request.id));
    await team.waitForSync(docs.internal(request.id));
    expect(readRoutingView(team.doc(docs.internal(request.id)))).toMatchObject({
      teamId,
      teamName: 'SECRET-support-team',
    });
    const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'customer');
    customer.open(docs.item(request.id));
    await customer.waitForSync(docs.item(request.id));
    expect(readRequestView(customer.doc(docs.item(request.id)))?.priority).toBe('urgent');
    expect(readRoutingView(customer.doc(docs.item(request.id)))).toBeNull();
  });
});

describe('the request and routing views', () => {
  it('are written by the server only: a client that edits either, team or customer, is refused', async () => {
    const created = await raise({});
    const docs = documentsOf(world.projectA.id);
    const attempts = [
      { person: world.collaborator, name: docs.item(created.id), root: 'request' },
      { person: world.owner, name: docs.item(created.id), root: 'request' },
      { person: world.owner, name: docs.internal(created.id), root: 'routing' },
    ];
    for (const { person, name, root } of attempts) {
      const peer = await RecordingPeer.connect(world.server, person.api, defer, person.name);
      peer.open(name);
      await peer.waitForSync(name);
      const before = peer.errorCount(name);
      // A customer marking their own request resolved, or the team forging a routing entry.
      peer.doc(name).getMap(root).set('view', { forged: true, status: 'resolved' });
      expect((await peer.waitForError(name, before)).code, `${person.name} on ${root}`).toBe('write_refused');
    }
    const reader = await RecordingPeer.connect(world.server, world.member.api, defer, 'reader');
    reader.open(docs.item(created.id));
    reader.open(docs.internal(created.id));
    await reader.waitForSync(docs.item(created.id));
    await reader.waitForSync(docs.internal(created.id));
    expect(readRequestView(reader.doc(docs.item(created.id)))?.status).toBe('new');
    expect(readRoutingView(reader.doc(docs.internal(created.id)))).not.toBeNull();
  });
});

describe('request numbers', () => {
  it('raised at the same moment, requests still get distinct numbers one after another', async () => {
    const created = await Promise.all(Array.from({ length: 8 }, (_, index) => raise({ title: `At once ${index}` })));
    const numbers = created.map((request) => request.number as number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(8);
    expect((numbers.at(-1) as number) - (numbers[0] as number)).toBe(7);
  });
});

describe('what a customer never learns through a request', () => {
  it('a request unshared by the team over sync is gone for the customer; REST refuses to unshare one', async () => {
    const request = await raise({ title: 'Soon to be internal' });
    expect(
      expectStatus(await world.owner.api.put(`${pa()}/items/${request.id}/sharing`, { shared: false }), 409).error
        .message,
    ).toMatch(/always shared/);
    // The plan is the team's to write: unsharing the request's item there is possible over sync.
    await world.server.documents.change(documentsOf(world.projectA.id).plan, world.owner.id, (doc) => {
      const items = doc.getMap('items');
      const item = items.get(request.id) as { set: (key: string, value: unknown) => void } | undefined;
      item?.set('shared', false);
    });
    await world.server.content.settled();
    const list = expectStatus(await world.collaborator.api.get(`${pa()}/requests`), 200);
    expect(list.requests.map((r: { id: string }) => r.id)).not.toContain(request.id);
    expectStatus(await world.collaborator.api.get(`${pa()}/requests/${request.id}`), 404);
    expectStatus(await world.collaborator.api.put(`${pa()}/requests/${request.id}/status`, { status: 'closed' }), 404);
    const mine = expectStatus(await world.collaborator.api.get('/me/requests'), 200);
    expect(JSON.stringify(mine)).not.toContain('Soon to be internal');
    // The team still has it.
    expectStatus(await world.owner.api.get(`${pa()}/requests/${request.id}`), 200);
  });

  it('an internal item linked to a change request is never named to the customer, in REST or in the view', async () => {
    const internal = await createItem(world.owner, world.projectA.id, { title: 'Pricing strategy', shared: false });
    const shared = await createItem(world.owner, world.projectA.id, { title: 'Checkout page', shared: true });
    await world.server.content.settled();
    const change = await raise({ type: 'change_request', title: 'Add PayPal' });
    for (const item of [internal, shared])
      expectStatus(await world.owner.api.post(`${pa()}/requests/${change.id}/links`, { itemId: item.id }), 200);
    const team = expectStatus(await world.owner.api.get(`${pa()}/requests/${change.id}`), 200);
    expect(team.linkedItemIds).toEqual(expect.arrayContaining([internal.id, shared.id]));
    const customer = expectStatus(await world.collaborator.api.get(`${pa()}/requests/${change.id}`), 200);
    expect(customer.linkedItemIds).toEqual([shared.id]);
    expect(JSON.stringify(customer)).not.toContain(internal.id);
    const peer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'customer');
    const name = documentsOf(world.projectA.id).item(change.id);
    peer.open(name);
    await peer.waitForSync(name);
    expect(readRequestView(peer.doc(name))?.linkedItemIds).toEqual([shared.id]);
    expect(findInFrames(peer.frames, new RegExp(internal.id))).toEqual([]);
  });
});
