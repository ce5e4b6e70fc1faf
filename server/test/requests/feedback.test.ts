/**
 * Informal feedback, service teams and customer health end to end on a real server and database:
 * a customer's people react on what they can see (a shared item, a client-thread message, a client
 * comment, a request) and only on that; they see their own entries and the team's answers, never
 * the routing; the team's inbox filters, routes, answers and turns an entry into a request in one
 * action (once, even when two people try at once); bad input is refused with nothing stored; and
 * the customer-health summary counts open requests, breaches, unanswered concerns and the last
 * activity, worst first.
 */
import { anchorInText, Comments } from '@atrium/shared/model/comments.ts';
import { ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { newId } from '../../src/identity/secrets.ts';
import { buildWorld, cleanupAfterAll, expectStatus, type Json, type Person, type World } from '../support/apiWorld.ts';
import { createItem, documentsOf, paragraph, setSharing } from '../support/projectItems.ts';

const worldDefer = cleanupAfterAll();
let world: World;
const pa = () => `/projects/${world.projectA.id}`;
const ws = () => `/workspaces/${world.workspace.id}`;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

async function sharedItem(title = 'Homepage design'): Promise<string> {
  const item = await createItem(world.owner, world.projectA.id, { title, shared: true });
  await world.server.content.settled();
  return item.id;
}

async function give(who: Person, body: Record<string, unknown>) {
  return who.api.post(`${pa()}/feedback`, { on: 'item', sentiment: 'concern', ...body });
}

async function feedbackCount(): Promise<number> {
  const row = await world.server.db
    .selectFrom('feedback')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function newTeam(name: string): Promise<string> {
  return expectStatus(await world.admin.api.post(`${ws()}/teams`, { name }), 201).id;
}

const ids = (list: Json[]) => list.map((entry: { id: string }) => entry.id);

describe('service teams', () => {
  it('admins create, rename, archive teams and choose members from the workspace team; the team reads them', async () => {
    const teamId = await newTeam('Delivery');
    expectStatus(await world.admin.api.post(`${ws()}/teams`, { name: 'delivery' }), 409);
    const renamed = expectStatus(
      await world.owner.api.patch(`${ws()}/teams/${teamId}`, { name: 'Delivery crew' }),
      200,
    );
    expect(renamed).toMatchObject({ name: 'Delivery crew', archived: false, members: [] });
    const joined = expectStatus(await world.admin.api.put(`${ws()}/teams/${teamId}/members/${world.member.id}`), 200);
    expect(joined.members).toEqual([{ userId: world.member.id, name: world.member.name }]);
    // Only people on the workspace team: a customer's person cannot be put on a service team.
    const customer = await world.admin.api.put(`${ws()}/teams/${teamId}/members/${world.collaborator.id}`);
    expectStatus(customer, 400);
    expect(customer.body.error.message).toMatch(/workspace team/);
    const listed = expectStatus(await world.member.api.get(`${ws()}/teams`), 200);
    expect(listed.find((team: { id: string }) => team.id === teamId).members).toHaveLength(1);
    const left = expectStatus(await world.admin.api.delete(`${ws()}/teams/${teamId}/members/${world.member.id}`), 200);
    expect(left.members).toEqual([]);
    const archived = expectStatus(await world.admin.api.patch(`${ws()}/teams/${teamId}`, { archived: true }), 200);
    expect(archived.archived).toBe(true);
    const audit = expectStatus(await world.owner.api.get(`${ws()}/audit?limit=500`), 200);
    const actions = audit
      .filter((entry: { targetId: string }) => entry.targetId === teamId)
      .map((entry: { action: string }) => entry.action);
    expect(actions.sort()).toEqual(
      [
        'service_team.created',
        'service_team.changed',
        'service_team.member_added',
        'service_team.member_removed',
        'service_team.changed',
      ].sort(),
    );
  });

  it('a member may not change teams; customers and strangers never learn teams exist', async () => {
    const teamId = await newTeam('Support');
    expectStatus(await world.member.api.post(`${ws()}/teams`, { name: 'Rogue' }), 403);
    expectStatus(await world.member.api.patch(`${ws()}/teams/${teamId}`, { name: 'Renamed' }), 403);
    expectStatus(await world.member.api.put(`${ws()}/teams/${teamId}/members/${world.member.id}`), 403);
    for (const outsider of [world.collaborator, world.viewer, world.collaboratorB, world.stranger]) {
      const response = await outsider.api.get(`${ws()}/teams`);
      expectStatus(response, 404);
      expect(response.text).not.toMatch(/Support/);
    }
    const teams = expectStatus(await world.owner.api.get(`${ws()}/teams`), 200);
    expect(teams.find((team: { id: string }) => team.id === teamId).name).toBe('Support');
  });

  it('two admins naming a team the same at once: one team, the others told it exists', async () => {
    const answers = await Promise.all(
      [world.admin, world.owner, world.admin, world.owner].map((admin) =>
        admin.api.post(`${ws()}/teams`, { name: 'Night shift' }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
    const listed = expectStatus(await world.admin.api.get(`${ws()}/teams`), 200) as Array<{ name: string }>;
    expect(listed.filter((team) => team.name === 'Night shift')).toHaveLength(1);
  });

  it('refuses bad names with 400 and stores nothing', async () => {
    const before = (await world.server.db.selectFrom('service_teams').selectAll().execute()).length;
    for (const name of ['', '   ', 'x'.repeat(61)])
      expectStatus(await world.admin.api.post(`${ws()}/teams`, { name }), 400);
    expect((await world.server.db.selectFrom('service_teams').selectAll().execute()).length).toBe(before);
  });
});

describe('giving feedback', () => {
  it('a collaborator and a viewer react on a shared item; each sees only their own, the team sees both', async () => {
    const itemId = await sharedItem();
    const concern = expectStatus(
      await give(world.collaborator, { itemId, note: '  The hero image is too dark. ' }),
      201,
    );
    expect(concern).toMatchObject({
      itemId,
      itemTitle: 'Homepage design',
      targetKind: 'item',
      targetId: itemId,
      authorId: world.collaborator.id,
      sentiment: 'concern',
      note: 'The hero image is too dark.',
      answer: null,
      requestId: null,
    });
    expect(concern).not.toHaveProperty('teamId');
    const praise = expectStatus(await give(world.viewer, { itemId, sentiment: 'positive' }), 201);
    expect(praise.note).toBe('');

    const mine = expectStatus(await world.collaborator.api.get(`${pa()}/items/${itemId}/feedback`), 200);
    expect(ids(mine.feedback)).toEqual([concern.id]);
    const viewers = expectStatus(await world.viewer.api.get(`${pa()}/feedback`), 200);
    expect(ids(viewers.feedback)).toContain(praise.id);
    expect(ids(viewers.feedback)).not.toContain(concern.id);
    const team = expectStatus(await world.member.api.get(`${pa()}/items/${itemId}/feedback`), 200);
    expect(ids(team.feedback).sort()).toEqual([concern.id, praise.id].sort());
    expect(team.feedback[0]).toMatchObject({
      projectName: world.projectA.name,
      customerName: 'Acme Corp',
      teamId: null,
    });
  });

  it('on a client-thread message and a client comment, but not on the internal thread or an internal comment', async () => {
    const itemId = await sharedItem('Sitemap');
    const docs = documentsOf(world.projectA.id);
    const [messageId, internalMessageId, commentId, internalCommentId] = ['msg', 'msg', 'cmt', 'cmt'].map(newId);
    await world.server.documents.change(docs.item(itemId), world.member.id, (doc) => {
      const part = new ItemSharedPart(doc);
      part.description.insert(0, [paragraph('Pages and their order')]);
      part.clientThread.add({ id: messageId as string, authorId: world.member.id, body: 'Here is the sitemap.' });
      const text = (part.description.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      Comments.of(doc).add({
        id: commentId as string,
        authorId: world.member.id,
        body: 'Check the order',
        anchor: anchorInText(text, 0, 5),
      });
    });
    await world.server.documents.change(docs.internal(itemId), world.member.id, (doc) => {
      const part = new ItemInternalPart(doc);
      part.internalThread.add({ id: internalMessageId as string, authorId: world.member.id, body: 'Internal only' });
      Comments.of(doc).add({
        id: internalCommentId as string,
        authorId: world.member.id,
        body: 'Internal comment',
        anchor: { start: null, end: null, quote: 'Pages' },
      });
    });
    const onMessage = expectStatus(
      await give(world.collaborator, { itemId, on: 'message', targetId: messageId, sentiment: 'positive' }),
      201,
    );
    expect(onMessage).toMatchObject({ targetKind: 'message', targetId: messageId });
    const onComment = expectStatus(
      await give(world.collaborator, { itemId, on: 'comment', targetId: commentId, sentiment: 'neutral' }),
      201,
    );
    expect(onComment).toMatchObject({ targetKind: 'comment', targetId: commentId });
    const before = await feedbackCount();
    const hidden = [
      { itemId, on: 'message', targetId: internalMessageId },
      { itemId, on: 'comment', targetId: internalCommentId },
      { itemId, on: 'message', targetId: newId('msg') },
      { itemId, on: 'message', targetId: commentId },
    ];
    for (const input of hidden) expectStatus(await give(world.collaborator, input), 404);
    expect(await feedbackCount()).toBe(before);
  });

  it('on a request; an unshared item, another organisation’s project and the team are refused, nothing stored', async () => {
    const request = expectStatus(
      await world.collaborator.api.post(`${pa()}/requests`, { type: 'question', title: 'Invoice?', body: 'Where?' }),
      201,
    );
    const onItem = expectStatus(await give(world.viewer, { itemId: request.id, sentiment: 'neutral' }), 201);
    expect(onItem.targetKind).toBe('request');
    const internal = await createItem(world.owner, world.projectA.id, { title: 'Internal spike' });
    const itemId = await sharedItem('Launch plan');
    await world.server.content.settled();
    const before = await feedbackCount();
    const notFound = await give(world.collaborator, { itemId: internal.id });
    const madeUp = await give(world.collaborator, { itemId: newId('itm') });
    expectStatus(notFound, 404);
    expectStatus(madeUp, 404);
    // An unshared item answers exactly as one that does not exist.
    expect(notFound.body).toEqual(madeUp.body);
    expectStatus(await give(world.collaborator, { itemId, on: 'request' }), 404);
    expectStatus(await give(world.collaboratorB, { itemId }), 404);
    expectStatus(await give(world.stranger, { itemId }), 404);
    const team = await give(world.member, { itemId });
    expectStatus(team, 403);
    expect(team.body.error.message).toMatch(/customer’s to give/);
    expectStatus(await world.collaboratorB.api.get(`${pa()}/feedback`), 404);
    expectStatus(await world.collaborator.api.get(`${ws()}/feedback`), 404);
    expect(await feedbackCount()).toBe(before);
  });

  it('refuses an unknown sentiment, an oversized note and a missing target with 400, storing nothing', async () => {
    const itemId = await sharedItem('Brand guide');
    const before = await feedbackCount();
    const bad = [
      { itemId, sentiment: 'furious' },
      { itemId, note: 'x'.repeat(1001) },
      { itemId, on: 'tweet' },
      { itemId, on: 'message' },
      { itemId, on: 'item', targetId: newId('itm') },
      { on: 'item' },
    ];
    for (const input of bad) {
      const response = await give(world.collaborator, input);
      expectStatus(response, 400);
      expect(response.body.error.code).toBe('invalid');
    }
    const longest = expectStatus(await give(world.collaborator, { itemId, note: 'y'.repeat(1000) }), 201);
    expect(longest.note).toHaveLength(1000);
    expect(await feedbackCount()).toBe(before + 1);
  });

  it('the author changes their reaction until the team acts on it; nobody else can', async () => {
    const itemId = await sharedItem('Colours');
    const entry = expectStatus(await give(world.collaborator, { itemId, sentiment: 'neutral' }), 201);
    const path = `${pa()}/feedback/${entry.id}`;
    const changed = expectStatus(
      await world.collaborator.api.patch(path, { sentiment: 'concern', note: 'Too pale' }),
      200,
    );
    expect(changed).toMatchObject({ sentiment: 'concern', note: 'Too pale' });
    expectStatus(await world.viewer.api.patch(path, { note: 'Mine now' }), 404);
    expectStatus(await world.collaboratorB.api.patch(path, { note: 'Mine now' }), 404);
    expectStatus(await world.member.api.patch(path, { note: 'Edited by the team' }), 403);
    expectStatus(await world.collaborator.api.patch(path, { note: 'z'.repeat(1001) }), 400);
    expectStatus(await world.collaborator.api.patch(path, { sentiment: 'furious' }), 400);
    expectStatus(await world.collaborator.api.patch(path, {}), 400);
    expectStatus(await world.member.api.put(`${path}/answer`, { answer: 'We will darken them.' }), 200);
    expectStatus(await world.collaborator.api.patch(path, { note: 'Too late' }), 409);
    const stored = await world.server.db
      .selectFrom('feedback')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirst();
    expect(stored).toMatchObject({ sentiment: 'concern', note: 'Too pale', answer: 'We will darken them.' });
  });
});

describe("the team's inbox", () => {
  it('filters by unanswered, concerns and team; routing and answers are audited; the customer sees the answer, never the team', async () => {
    const itemId = await sharedItem('Checkout flow');
    const teamId = await newTeam('Product');
    const concern = expectStatus(await give(world.collaborator, { itemId, note: 'Too many steps' }), 201);
    const praise = expectStatus(await give(world.collaborator, { itemId, sentiment: 'positive' }), 201);
    const inbox = async (query: string) =>
      ids(expectStatus(await world.member.api.get(`${ws()}/feedback?${query}`), 200).feedback);
    expect(await inbox('state=unanswered&sentiment=concern')).toContain(concern.id);
    expect(await inbox('state=unanswered&sentiment=concern')).not.toContain(praise.id);
    expect(await inbox(`project=${world.projectA.id}`)).toEqual(expect.arrayContaining([concern.id, praise.id]));
    expect(await inbox(`project=${world.projectB.id}`)).toEqual([]);

    const routed = expectStatus(await world.member.api.put(`${pa()}/feedback/${concern.id}/team`, { teamId }), 200);
    expect(routed).toMatchObject({ teamId, teamName: 'Product' });
    expect(await inbox(`team=${teamId}`)).toEqual([concern.id]);
    expect(await inbox('team=none')).not.toContain(concern.id);
    expectStatus(await world.member.api.put(`${pa()}/feedback/${concern.id}/team`, { teamId: newId('tm') }), 400);
    const archived = await newTeam('Retired');
    expectStatus(await world.admin.api.patch(`${ws()}/teams/${archived}`, { archived: true }), 200);
    expectStatus(await world.member.api.put(`${pa()}/feedback/${concern.id}/team`, { teamId: archived }), 400);

    const answered = expectStatus(
      await world.member.api.put(`${pa()}/feedback/${concern.id}/answer`, { answer: 'We are merging two steps.' }),
      200,
    );
    expect(answered).toMatchObject({ answer: 'We are merging two steps.', answeredByName: world.member.name });
    expect(await inbox('state=unanswered&sentiment=concern')).not.toContain(concern.id);
    expect(await inbox('state=handled')).toContain(concern.id);

    const seen = expectStatus(await world.collaborator.api.get(`${pa()}/items/${itemId}/feedback`), 200);
    const mine = seen.feedback.find((entry: { id: string }) => entry.id === concern.id);
    expect(mine).toMatchObject({ answer: 'We are merging two steps.', answeredByName: world.member.name });
    expect(mine).not.toHaveProperty('teamId');
    expect(mine).not.toHaveProperty('teamName');
    expect(JSON.stringify(seen)).not.toMatch(/Product/);

    const audit = expectStatus(await world.owner.api.get(`${ws()}/audit?limit=500`), 200);
    const actions = audit
      .filter((entry: { targetId: string }) => entry.targetId === concern.id)
      .map((entry: { action: string }) => entry.action);
    expect(actions.sort()).toEqual(['feedback.answered', 'feedback.given', 'feedback.routed']);
  });

  it('customers cannot route, answer or turn feedback into a request; bad answers are refused', async () => {
    const itemId = await sharedItem('Pricing page');
    const entry = expectStatus(await give(world.collaborator, { itemId }), 201);
    const path = `${pa()}/feedback/${entry.id}`;
    for (const customer of [world.collaborator, world.viewer]) {
      expectStatus(await customer.api.put(`${path}/team`, { teamId: null }), 403);
      expectStatus(await customer.api.put(`${path}/answer`, { answer: 'Answering myself' }), 403);
      expectStatus(await customer.api.post(`${path}/request`, {}), 403);
    }
    expectStatus(await world.collaboratorB.api.put(`${path}/answer`, { answer: 'Hi' }), 404);
    expectStatus(await world.member.api.put(`${path}/answer`, { answer: '' }), 400);
    expectStatus(await world.member.api.put(`${path}/answer`, { answer: 'a'.repeat(4001) }), 400);
    expectStatus(await world.member.api.put(`${pa()}/feedback/${newId('fb')}/answer`, { answer: 'Hi' }), 404);
    const stored = await world.server.db
      .selectFrom('feedback')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirst();
    expect(stored).toMatchObject({ answer: null, team_id: null, request_id: null });
  });

  it('turns a concern into a request in one action: for its author, about its item, routed to its team, once', async () => {
    const itemId = await sharedItem('Search results');
    const teamId = await newTeam('Search squad');
    const entry = expectStatus(await give(world.collaborator, { itemId, note: 'Results are in a random order' }), 201);
    expectStatus(await world.member.api.put(`${pa()}/feedback/${entry.id}/team`, { teamId }), 200);
    const path = `${pa()}/feedback/${entry.id}/request`;
    const [first, second] = await Promise.all([world.member.api.post(path, {}), world.admin.api.post(path, {})]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([201, 409]);
    const turned = (first.status === 201 ? first : second).body;
    expect(turned.request).toMatchObject({
      title: 'Results are in a random order',
      typeKey: 'issue',
      requestedBy: world.collaborator.id,
      requesterName: world.collaborator.name,
      channel: 'portal',
      aboutItemId: itemId,
      feedbackId: entry.id,
      status: 'new',
      teamId,
    });
    expect(turned.feedback).toMatchObject({ requestId: turned.request.id, requestNumber: turned.request.number });
    const rows = await world.server.db.selectFrom('requests').selectAll().where('feedback_id', '=', entry.id).execute();
    expect(rows.map((row) => row.id)).toEqual([turned.request.id]);

    // The customer sees the new request as theirs, and their feedback pointing at it.
    const mine = expectStatus(await world.collaborator.api.get('/me/requests'), 200);
    const request = mine.requests.find((r: { id: string }) => r.id === turned.request.id);
    expect(request).toMatchObject({
      title: 'Results are in a random order',
      aboutItemId: itemId,
      feedbackId: entry.id,
    });
    expect(request).not.toHaveProperty('teamId');
    const onItem = expectStatus(await world.collaborator.api.get(`${pa()}/items/${itemId}/requests`), 200);
    expect(ids(onItem.requests)).toContain(turned.request.id);
    const feedback = expectStatus(await world.collaborator.api.get(`${pa()}/feedback`), 200);
    expect(feedback.feedback.find((f: { id: string }) => f.id === entry.id)).toMatchObject({
      requestId: turned.request.id,
    });
    const thread = await world.server.documents.read(documentsOf(world.projectA.id).item(turned.request.id), (doc) =>
      new ItemSharedPart(doc).clientThread.messages(),
    );
    expect(thread.map((m) => [m.authorId, m.body])).toEqual([[world.collaborator.id, 'Results are in a random order']]);
    expectStatus(await world.member.api.post(path, {}), 409);
    expect(
      (await world.server.db.selectFrom('requests').selectAll().where('feedback_id', '=', entry.id).execute()).length,
    ).toBe(1);
  });

  it('refuses an unknown request type when turning, and creates nothing', async () => {
    const itemId = await sharedItem('FAQ');
    const entry = expectStatus(await give(world.collaborator, { itemId }), 201);
    const before = (await world.server.db.selectFrom('requests').selectAll().execute()).length;
    expectStatus(await world.member.api.post(`${pa()}/feedback/${entry.id}/request`, { type: 'nonsense' }), 400);
    expectStatus(await world.member.api.post(`${pa()}/feedback/${entry.id}/request`, { priority: 'asap' }), 400);
    expect((await world.server.db.selectFrom('requests').selectAll().execute()).length).toBe(before);
    const stored = await world.server.db
      .selectFrom('feedback')
      .selectAll()
      .where('id', '=', entry.id)
      .executeTakeFirst();
    expect(stored?.request_id).toBeNull();
  });

  it('once the item is unshared, the customer no longer gets their feedback on it (nor its title)', async () => {
    const itemId = await sharedItem('Secret roadmap page');
    const entry = expectStatus(await give(world.collaborator, { itemId, note: 'Looks odd' }), 201);
    await setSharing(world.owner, world.projectA.id, itemId, false);
    await world.server.content.settled();
    const listed = expectStatus(await world.collaborator.api.get(`${pa()}/feedback`), 200);
    expect(ids(listed.feedback)).not.toContain(entry.id);
    expect(JSON.stringify(listed)).not.toMatch(/Secret roadmap/);
    expectStatus(await world.collaborator.api.get(`${pa()}/items/${itemId}/feedback`), 404);
    const team = expectStatus(await world.member.api.get(`${pa()}/feedback`), 200);
    expect(ids(team.feedback)).toContain(entry.id);
  });
});

describe('customer health', () => {
  type Health = { customerName: string; unansweredConcerns: number; openRequests: number; breaches: number };
  const health = async (): Promise<Health[]> =>
    expectStatus(await world.member.api.get(`${ws()}/customer-health`), 200).customers;
  const acme = async () => (await health()).find((entry) => entry.customerName === 'Acme Corp') as Json;

  it('counts unanswered concerns, open requests and breaches per customer, worst first; only the team reads it', async () => {
    const before = await acme();
    const itemId = await sharedItem('Onboarding emails');
    const concern = expectStatus(await give(world.collaborator, { itemId, note: 'Too many emails' }), 201);
    expectStatus(await give(world.collaborator, { itemId, sentiment: 'positive' }), 201);
    const after = await acme();
    expect(after.unansweredConcerns).toBe(before.unansweredConcerns + 1);
    expect(after.daysSinceActivity).toBe(0);
    expectStatus(await world.member.api.put(`${pa()}/feedback/${concern.id}/answer`, { answer: 'Fewer now.' }), 200);
    expect((await acme()).unansweredConcerns).toBe(before.unansweredConcerns);

    // A request whose first response is long overdue is a breach; it makes Acme the worst customer.
    const request = expectStatus(
      await world.collaborator.api.post(`${pa()}/requests`, { type: 'issue', title: 'Broken', body: 'Down' }),
      201,
    );
    await world.server.db
      .updateTable('requests')
      .set({ received_at: Date.now() - 20 * 24 * 3600_000 })
      .where('id', '=', request.id)
      .execute();
    const list = await health();
    const first = list[0] as Json;
    expect(first).toMatchObject({ customerName: 'Acme Corp', level: 'critical' });
    expect(first.breaches).toBeGreaterThanOrEqual(1);
    expect(first.openRequests).toBe(before.openRequests + 1);
    const bluebird = list.find((entry) => entry.customerName === 'Bluebird Ltd') as Json;
    expect(bluebird).toMatchObject({ breaches: 0, unansweredConcerns: 0 });

    for (const outsider of [world.collaborator, world.viewer, world.collaboratorB, world.stranger])
      expectStatus(await outsider.api.get(`${ws()}/customer-health`), 404);
  });
});
