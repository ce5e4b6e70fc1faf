/**
 * The split's first invariant, on the wire: a customer's connection never receives internal
 * content — not by subscribing, not by guessing names, not in presence, not after an item is
 * unshared, not through REST.
 *
 * A customer's person holds one multiplexed socket the whole time and behaves as eagerly as it
 * can: it follows its portal, subscribes to every shareable part the portal lists (again after
 * each withdrawal), and keeps asking for the plan, every item's internal part and every item's
 * shareable part by name. Meanwhile the team works through a script over sync and REST: internal
 * and shared tasks, internal notes, fields and thread messages, plan-only fields, presence on
 * internal documents, an internal task assigned to the customer's own person, client and internal
 * inline comments on the same text, a shared and an
 * internal file (names and bytes; the customer also asks for both files by id), sharing, renaming,
 * unsharing (and writing into the unshared part), re-sharing, a new workflow, versions (named and
 * automatic) taken while an item's shareable part held text the team removed before sharing it.
 * Every internal string carries `SECRET-`; every string the customer is meant to see carries
 * `SHARED-`. The customer also goes through those items' history over REST: lists and opens (and
 * so compares) every version it is offered and every one the team has, tries to restore the ones
 * it was not offered, and asks who wrote and who deleted what.
 *
 * Every frame the server sent to the customer's socket is then decoded every way that could reveal
 * text (raw bytes, each update's structs, a never-garbage-collected replica per document, presence
 * states, error messages, the versions it opened): no `SECRET-` may appear anywhere — and every
 * `SHARED-` string must, or the
 * scan would prove nothing. The same script runs for project A's viewer, and for project B's
 * collaborator, who must receive nothing about project A at all.
 */
import { anchorInText, Comments } from '@atrium/shared/model/comments.ts';
import { ItemInternalPart, ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan, type PlanItem } from '@atrium/shared/model/plan.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { defaultWorkflow } from '@atrium/shared/model/workflow.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { newId } from '../../src/identity/secrets.ts';
import { buildWorld, cleanupAfterAll, expectStatus, type Person, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { EagerCustomer } from '../support/eagerCustomer.ts';
import { eventually } from '../support/eventually.ts';
import { findInFrames } from '../support/frameText.ts';
import {
  clientThreadOf,
  createItem,
  descriptionOf,
  documentsOf,
  paragraph,
  setSharing,
} from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let runs = 0;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

/** The team, for one run of the script: REST as the owner, sync as a member, presence as an admin. */
type Team = { member: RecordingPeer; admin: RecordingPeer; plan: () => Plan };

async function assembleTeam(): Promise<Team> {
  const { plan } = documentsOf(world.projectA.id);
  const member = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
  const admin = await RecordingPeer.connect(world.server, world.admin.api, defer, 'admin');
  member.open(plan);
  admin.open(plan);
  await Promise.all([member.waitForSync(plan), admin.waitForSync(plan)]);
  return { member, admin, plan: () => new Plan(member.doc(plan)) };
}

/** Opens documents on a team peer and waits until each is synced. */
async function openAll(peer: RecordingPeer, names: string[]): Promise<void> {
  for (const name of names) peer.open(name);
  await Promise.all(names.map((name) => peer.waitForSync(name)));
}

async function committed(peer: RecordingPeer, names: string[]): Promise<void> {
  await Promise.all(names.map((name) => peer.waitForAck(name)));
  await world.server.content.settled();
}

function planItem(overrides: Partial<PlanItem> & Pick<PlanItem, 'id' | 'title'>): PlanItem {
  return {
    kind: 'task',
    status: 'todo',
    order: `z${overrides.id}`,
    dueDate: null,
    assignees: [],
    milestoneId: null,
    shared: false,
    createdBy: world.member.id,
    createdAt: Date.now(),
    ...overrides,
  };
}

type Observer = {
  label: string;
  person: (world: World) => Person;
  /** The project whose portal is theirs. */
  ownProject: (world: World) => { id: string };
  /** Whether project A's shared items are meant for them. */
  seesProjectA: boolean;
};

const observers: Observer[] = [
  {
    label: "project A's collaborator",
    person: (w) => w.collaborator,
    ownProject: (w) => w.projectA,
    seesProjectA: true,
  },
  { label: "project A's viewer", person: (w) => w.viewer, ownProject: (w) => w.projectA, seesProjectA: true },
  {
    label: "project B's collaborator",
    person: (w) => w.collaboratorB,
    ownProject: (w) => w.projectB,
    seesProjectA: false,
  },
];

describe.each(observers)('$label', ({ label, person, ownProject, seesProjectA }) => {
  it('receives no internal content over the whole script, and does receive what is shared with it', async () => {
    const run = ++runs;
    const secret = (what: string) => `SECRET-${run}-${what}`;
    const shared = (what: string) => `SHARED-${run}-${what}`;
    const sharedSeen: string[] = [];
    /** A string the observer must receive, if project A's shared items are meant for it. */
    const visible = (what: string) => {
      const text = shared(what);
      sharedSeen.push(text);
      return text;
    };
    const pa = world.projectA.id;
    const docs = documentsOf(pa);

    const customer = await EagerCustomer.start(world.server, person(world), label, ownProject(world).id, defer);
    if (!seesProjectA) customer.follow(pa);
    try {
      const team = await assembleTeam();
      const { member, admin } = team;

      // Items: internal and shared, over REST and over sync, with plan-only fields and a milestone.
      const i1 = (await createItem(world.owner, pa, { title: secret('I1 title') })).id;
      const s1 = (await createItem(world.owner, pa, { title: visible('S1 title'), shared: true })).id;
      const [i2, s2] = [newId('itm'), newId('itm')];
      team.plan().addItem(planItem({ id: i2, title: secret('I2 title'), milestoneId: secret('I2 milestone') }));
      // I2 is assigned to the observer: an assignment on an internal item must not reach them either.
      team.plan().updateItem(i2, { assignees: [person(world).id] });
      team.plan().addItem(planItem({ id: s2, title: visible('S2 title'), milestoneId: secret('S2 milestone') }));
      team.plan().setMilestone({ id: newId('mst'), title: secret('milestone'), dueDate: '2030-01-01' });
      team.plan().updateItem(s1, { milestoneId: secret('S1 milestone'), assignees: [world.member.id] });
      // A field the plan knows nothing of (a newer client's, say): the portal copies only its own fields.
      member.doc(docs.plan).getMap<Y.Map<unknown>>('items').get(s1)?.set('estimateNote', secret('S1 plan-only field'));
      const everyItem = [i1, i2, s1, s2];

      // Internal parts: notes, fields and internal-thread messages, with the team present on them.
      const internals = everyItem.map((id) => docs.internal(id));
      await openAll(member, internals);
      for (const id of everyItem) {
        const part = new ItemInternalPart(member.doc(docs.internal(id)));
        part.notes.insert(0, [paragraph(secret(`${id} notes`))]);
        part.internalThread.add({
          id: newId('msg'),
          authorId: world.member.id,
          body: secret(`${id} internal message`),
        });
        part.setFields({ estimateHours: 13, budget: 4200, tags: [secret(`${id} tag`)] });
      }
      await openAll(admin, internals);
      for (const name of [docs.plan, ...internals]) {
        admin.setPresence(name, { user: { color: secret(`admin on ${name}`) }, cursor: secret('cursor') });
      }

      // The shared item's part: what the customer may see, and presence on it.
      await openAll(member, [docs.item(s1), docs.item(s2)]);
      new ItemSharedPart(member.doc(docs.item(s1))).description.insert(0, [paragraph(visible('S1 description'))]);
      new ItemSharedPart(member.doc(docs.item(s1))).clientThread.add({
        id: newId('msg'),
        authorId: world.member.id,
        body: visible('S1 team message'),
      });
      await openAll(admin, [docs.item(s1)]);
      admin.setPresence(docs.item(s1), { user: { color: visible('admin on S1') } });
      // Inline comments on S1's text: a client one, and an internal one (kept in the internal part).
      const s1Text = (new ItemSharedPart(member.doc(docs.item(s1))).description.get(0) as Y.XmlElement).get(
        0,
      ) as Y.XmlText;
      const anchor = anchorInText(s1Text, 0, 6);
      Comments.of(member.doc(docs.item(s1))).add({
        id: newId('cmt'),
        authorId: world.member.id,
        body: visible('S1 client comment'),
        anchor,
      });
      Comments.of(member.doc(docs.internal(s1))).add({
        id: newId('cmt'),
        authorId: world.member.id,
        body: secret('S1 internal comment'),
        anchor,
      });
      // Files: one on S1's shareable part, one on its internal part (names and bytes are markers).
      const upload = (name: string, text: string, part: 'shared' | 'internal') =>
        world.owner.api.post(
          `/projects/${pa}/items/${s1}/files?name=${encodeURIComponent(name)}&part=${part}`,
          undefined,
          { raw: text, contentType: 'text/plain' },
        );
      const sharedFile = await upload(visible('S1 file name'), visible('S1 file bytes'), 'shared');
      const internalFile = await upload(secret('S1 internal file name'), secret('S1 internal file bytes'), 'internal');
      expect([sharedFile.status, internalFile.status]).toEqual([201, 201]);
      await committed(member, [docs.plan, docs.item(s1), ...internals]);

      // A complaint taken on the phone for the customer, routed to an internal team with an
      // assignee, worked on, and discussed in its internal thread: what both sides see of it (the
      // request view in its shareable part, REST) must carry none of the routing.
      const serviceTeamId = newId('tm');
      await world.server.database.db
        .insertInto('service_teams')
        .values({ id: serviceTeamId, workspace_id: world.workspace.id, name: secret('team name'), created_at: 1 })
        .execute();
      const r1 = expectStatus(
        await world.owner.api.post(`/projects/${pa}/requests`, {
          type: 'complaint',
          title: visible('R1 title'),
          body: visible('R1 text'),
          requesterName: visible('R1 requester'),
          channel: 'phone',
        }),
        201,
      ).id as string;
      expectStatus(
        await world.owner.api.patch(`/projects/${pa}/requests/${r1}`, {
          teamId: serviceTeamId,
          assigneeId: world.member.id,
          priority: 'urgent',
        }),
        200,
      );
      expectStatus(await world.owner.api.put(`/projects/${pa}/requests/${r1}/status`, { status: 'in_progress' }), 200);
      await openAll(member, [docs.internal(r1)]);
      new ItemInternalPart(member.doc(docs.internal(r1))).internalThread.add({
        id: newId('msg'),
        authorId: world.member.id,
        body: secret('R1 internal message'),
      });
      await committed(member, [docs.internal(r1)]);
      const requestStatuses = await customer.probeRequests(world.workspace.id, pa, r1);
      expect(requestStatuses).toEqual(seesProjectA ? [200, 200, 200, 200, 404] : [404, 404, 404, 200, 404]);
      if (seesProjectA) {
        await customer.peer.waitForSync(docs.item(r1));
        await eventually(() =>
          expect(clientThreadOf(customer.peer.doc(docs.item(r1))).map((m) => m.body)).toContain(shared('R1 text')),
        );
      }
      internals.push(docs.internal(r1));

      // Feedback: a concern on S1 (the observer's own when it is one of project A's people), routed
      // to the internal team, answered, and turned into a request that inherits the routing: the
      // giver sees the answer and the request, never the team; nobody else's entries, no inbox.
      const giver = seesProjectA ? person(world) : world.collaborator;
      const concern = expectStatus(
        await giver.api.post(`/projects/${pa}/feedback`, {
          itemId: s1,
          on: 'item',
          sentiment: 'concern',
          note: visible('feedback note'),
        }),
        201,
      ).id as string;
      const fb = `/projects/${pa}/feedback/${concern}`;
      expectStatus(await world.owner.api.put(`${fb}/team`, { teamId: serviceTeamId }), 200);
      expectStatus(await world.owner.api.put(`${fb}/answer`, { answer: visible('feedback answer') }), 200);
      expectStatus(await world.owner.api.post(`${fb}/request`, { title: visible('feedback request') }), 201);
      const feedbackPaths = [
        `/projects/${pa}/feedback`,
        `/projects/${pa}/items/${s1}/feedback`,
        `/workspaces/${world.workspace.id}/feedback`,
        `/workspaces/${world.workspace.id}/customer-health`,
        `/workspaces/${world.workspace.id}/teams`,
        '/me/requests',
      ];
      const feedbackStatuses: number[] = [];
      for (const path of feedbackPaths) {
        const response = await customer.person.api.get(path);
        customer.responses.push(response);
        feedbackStatuses.push(response.status);
      }
      expect(feedbackStatuses).toEqual(seesProjectA ? [200, 200, 404, 404, 404, 200] : [404, 404, 404, 404, 404, 200]);

      const guesses = [docs.plan, ...internals, docs.item(i1), docs.item(i2), docs.item(s2)];
      await customer.expectRefused(seesProjectA ? guesses : [...guesses, docs.item(s1), docs.portal]);
      await customer.probeRest(pa, i1);
      const fileStatuses = await customer.probeFiles([sharedFile.body.id, internalFile.body.id]);
      expect(fileStatuses).toEqual(seesProjectA ? [200, 404] : [404, 404]);

      const followsS1 = async () => {
        if (!seesProjectA) return;
        await customer.peer.waitForSync(docs.item(s1));
        await eventually(() =>
          expect(descriptionOf(customer.peer.doc(docs.item(s1)))).toContain(shared('S1 description')),
        );
      };
      await followsS1();

      // S2 is shared over sync, and gets a description.
      team.plan().updateItem(s2, { shared: true });
      new ItemSharedPart(member.doc(docs.item(s2))).description.insert(0, [paragraph(visible('S2 description'))]);
      await committed(member, [docs.plan, docs.item(s2)]);
      if (seesProjectA) {
        await customer.peer.waitForSync(docs.item(s2));
        await eventually(() =>
          expect(descriptionOf(customer.peer.doc(docs.item(s2)))).toContain(shared('S2 description')),
        );
      }

      // S1 is renamed, the workflow changes, and S1 moves into a status of the new workflow.
      team.plan().updateItem(s1, { title: visible('S1 renamed') });
      const status = `st-${run}`;
      // (by an admin: only workspace owners and admins may change the workflow)
      new Plan(admin.doc(docs.plan)).setWorkflow({
        statuses: [
          ...defaultWorkflow.statuses,
          { id: status, name: visible('status'), color: '#0f766e', category: 'waiting_on_customer' },
        ],
        customerTransitions: [...defaultWorkflow.customerTransitions, [status, 'done']],
      });
      await committed(member, [docs.plan]);
      await committed(admin, [docs.plan]);
      await setSharing(world.owner, pa, s1, true);
      await world.owner.api.put(`/projects/${pa}/items/${s1}/status`, { status });
      await world.server.content.settled();

      // S1 is unshared (REST); then, while unshared, the team renames it, drafts into its shareable
      // part and writes in its client thread — and takes all of that back before sharing it again.
      const revokedBefore = customer.peer.errorCount(docs.item(s1));
      await setSharing(world.owner, pa, s1, false);
      if (seesProjectA) {
        expect((await customer.peer.waitForError(docs.item(s1), revokedBefore)).code).toBe(errorCode.accessRevoked);
      }
      const s1Part = new ItemSharedPart(member.doc(docs.item(s1)));
      team.plan().updateItem(s1, { title: secret('S1 title while unshared') });
      s1Part.description.insert(s1Part.description.length, [paragraph(secret('S1 draft while unshared'))]);
      s1Part.clientThread.add({
        id: newId('msg'),
        authorId: world.member.id,
        body: secret('S1 message while unshared'),
      });
      admin.setPresence(docs.item(s1), { user: { color: secret('admin on unshared S1') } });
      await committed(member, [docs.plan, docs.item(s1)]);
      await customer.expectRefused([docs.item(s1)]);
      // Versions of S1 while unshared: the automatic one, then a named one.
      await world.server.versions.flush();
      const versionOf = async (itemId: string, name: string) =>
        expectStatus(await world.owner.api.post(`/projects/${pa}/items/${itemId}/versions`, { name }), 201);
      const s1Unshared = await versionOf(s1, secret('S1 version while unshared'));

      s1Part.description.delete(s1Part.description.length - 1, 1);
      s1Part.clientThread.array.delete(s1Part.clientThread.array.length - 1, 1);
      team.plan().updateItem(s1, { title: visible('S1 re-shared') });
      admin.setPresence(docs.item(s1), { user: { color: visible('admin on re-shared S1') } });
      await committed(member, [docs.plan, docs.item(s1)]);
      await setSharing(world.owner, pa, s1, true);
      await followsS1();

      // S3 is drafted in its shareable part while internal, with versions taken then (automatic
      // and named), cleaned up, and only then shared — and gets a version while shared.
      const s3 = (await createItem(world.owner, pa, { title: visible('S3 title') })).id;
      await openAll(member, [docs.item(s3)]);
      const s3Part = new ItemSharedPart(member.doc(docs.item(s3)));
      s3Part.description.insert(0, [paragraph(secret('S3 internal draft'))]);
      s3Part.clientThread.add({ id: newId('msg'), authorId: world.member.id, body: secret('S3 internal message') });
      await committed(member, [docs.item(s3)]);
      await world.server.versions.flush();
      await versionOf(s3, secret('S3 version while internal'));
      s3Part.description.delete(0, s3Part.description.length);
      s3Part.clientThread.array.delete(0, s3Part.clientThread.array.length);
      s3Part.description.insert(0, [paragraph(visible('S3 description'))]);
      await committed(member, [docs.item(s3)]);
      await setSharing(world.owner, pa, s3, true);
      const s3Shared = await versionOf(s3, visible('S3 version while shared'));

      // The customer goes through S1's and S3's history, and every version id the team has.
      for (const itemId of [s1, s3]) {
        const all = expectStatus(await world.owner.api.get(`/projects/${pa}/items/${itemId}/versions`), 200);
        const seen = await customer.probeHistory(
          pa,
          itemId,
          (all as Array<{ id: string }>).map((v) => v.id),
        );
        if (!seesProjectA) continue;
        // (S1 also got an automatic version while re-shared, with the S3 flush.)
        if (itemId === s3) expect(seen.offered).toEqual([s3Shared.id]);
        else expect(seen.offered).not.toContain(s1Unshared.id);
        // Nothing was deleted while shared (only before sharing, and while unshared).
        expect(seen.deletions.body).toEqual([]);
        // S3's only writer began while it was internal.
        if (itemId === s3) expect(seen.writers.body).toEqual([]);
      }

      // S2 is unshared over sync; the team then writes into its part and leaves it there.
      const s2RevokedBefore = customer.peer.errorCount(docs.item(s2));
      team.plan().updateItem(s2, { shared: false });
      await committed(member, [docs.plan]);
      if (seesProjectA) {
        expect((await customer.peer.waitForError(docs.item(s2), s2RevokedBefore)).code).toBe(errorCode.accessRevoked);
      }
      new ItemSharedPart(member.doc(docs.item(s2))).description.insert(0, [paragraph(secret('S2 after unsharing'))]);
      await committed(member, [docs.item(s2)]);
      await customer.expectRefused([docs.plan, ...internals, docs.item(s2), docs.item(i1)]);

      // A last message in S1 (and a last item in project B): once the customer has it, every frame
      // caused by the script before it has arrived too.
      const sentinel = visible('sentinel');
      new ItemSharedPart(member.doc(docs.item(s1))).clientThread.add({
        id: newId('msg'),
        authorId: world.member.id,
        body: sentinel,
      });
      await committed(member, [docs.item(s1)]);
      const bSentinel = `BLUEBIRD-${run}-sentinel`;
      await createItem(world.owner, world.projectB.id, { title: bSentinel, shared: true });
      await world.server.content.settled();
      if (seesProjectA) {
        await eventually(() =>
          expect(clientThreadOf(customer.peer.doc(docs.item(s1))).map((m) => m.body)).toContain(sentinel),
        );
      } else {
        const bPortal = customer.peer.doc(documentsOf(world.projectB.id).portal);
        await eventually(() => expect(new Portal(bPortal).items().map((item) => item.title)).toContain(bSentinel));
      }
      for (const name of [docs.plan, ...internals, docs.item(i1), docs.item(i2)]) {
        const about = customer.peer.frames.filter((frame) => frame.name === name);
        expect(about.length, name).toBeGreaterThan(0);
        for (const frame of about)
          expect(frame.message, name).toMatchObject({ kind: 'error', code: errorCode.forbidden });
      }
      expect(customer.peer.frames.filter((frame) => frame.undecodable !== undefined)).toEqual([]);

      if (seesProjectA) {
        // …and everything shared did arrive, so the scan was looking at the right bytes.
        for (const text of sharedSeen) expect(customer.find(new RegExp(text)), text).not.toEqual([]);
        const portal = new Portal(customer.peer.doc(docs.portal));
        expect(portal.items().find((item) => item.id === s1)?.title).toBe(shared('S1 re-shared'));
        expect(portal.items().map((item) => item.id)).not.toContain(s2);
        expect(portal.workflow()?.statuses.map((s) => s.name)).toContain(shared('status'));
      } else {
        // Project B's person heard about project A only in refusals of names it asked for itself.
        expect(customer.find(new RegExp(`SHARED-${run}-`))).toEqual([]);
        const aboutA = customer.peer.frames.filter((frame) => frame.name?.startsWith(`project/${pa}/`));
        for (const frame of aboutA) expect(frame.message).toMatchObject({ kind: 'error', code: errorCode.forbidden });
        expect(customer.find(/acme/i)).toEqual([]);
      }
    } finally {
      // Nothing internal, anywhere in what the customer received — checked even when the script
      // stopped early, since a leak is the failure that matters most.
      expect(customer.find(/SECRET-/)).toEqual([]);
    }
  });
});

/**
 * "After an item is unshared" starts when the team is told it is unshared: the REST answer, or the
 * ack of the plan update that cleared the flag. Whatever the team writes into the part from then on
 * must not reach a customer whose subscription was still open a moment before.
 */
describe('right after unsharing', () => {
  type Unshare = { via: string; unshare: (team: RecordingPeer, itemId: string) => Promise<void> };
  const unshares: Unshare[] = [
    { via: 'REST', unshare: (_, itemId) => setSharing(world.owner, world.projectA.id, itemId, false) },
    {
      via: 'the plan over sync, once acknowledged',
      unshare: async (team, itemId) => {
        const { plan } = documentsOf(world.projectA.id);
        new Plan(team.doc(plan)).updateItem(itemId, { shared: false });
        await team.waitForAck(plan);
      },
    },
  ];

  it.each(unshares)(
    'through $via, the team’s next write to the part never reaches the customer',
    async ({ unshare }) => {
      const docs = documentsOf(world.projectA.id);
      const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
      const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'collaborator');
      team.open(docs.plan);
      await team.waitForSync(docs.plan);
      const run = ++runs;
      // Several items, each a fresh race between the withdrawal and the write.
      for (let round = 0; round < 8; round += 1) {
        const item = await createItem(world.owner, world.projectA.id, { title: `Race ${run}.${round}`, shared: true });
        const name = docs.item(item.id);
        team.open(name);
        customer.open(name);
        await Promise.all([team.waitForSync(name), customer.waitForSync(name)]);

        await unshare(team, item.id);
        const thread = new ItemSharedPart(team.doc(name)).clientThread;
        thread.add({
          id: newId('msg'),
          authorId: world.member.id,
          body: `SECRET-${run}.${round} written after unsharing`,
        });
        await team.waitForAck(name);
        await eventually(() => expect(customer.document(name).subscribed).toBe(false));
        expect(customer.document(name).errors.map((e) => e.code)).toEqual([errorCode.accessRevoked]);
      }
      // A sentinel on the customer's portal: every frame before it has arrived.
      await createItem(world.owner, world.projectA.id, { title: `Race ${run} sentinel`, shared: true });
      customer.open(docs.portal);
      await eventually(() =>
        expect(new Portal(customer.doc(docs.portal)).items().map((i) => i.title)).toContain(`Race ${run} sentinel`),
      );
      expect(findInFrames(customer.frames, /SECRET-/)).toEqual([]);
    },
  );

  // The plan update that unshares an item and an update to the item's part can arrive together (a
  // teammate's offline edits replayed on reconnect, or "make internal" then typing before the ack):
  // both are stored in one batch and applied in order, so access must be re-decided synchronously
  // when the plan change applies, before the part's update is broadcast.
  it('unsharing and writing in one burst: the write never reaches the customer', async () => {
    const docs = documentsOf(world.projectA.id);
    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
    const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'collaborator');
    team.open(docs.plan);
    await team.waitForSync(docs.plan);
    const item = await createItem(world.owner, world.projectA.id, { title: 'Burst', shared: true });
    const name = docs.item(item.id);
    team.open(name);
    customer.open(name);
    await Promise.all([team.waitForSync(name), customer.waitForSync(name)]);
    new Plan(team.doc(docs.plan)).updateItem(item.id, { shared: false });
    new ItemSharedPart(team.doc(name)).clientThread.add({
      id: newId('msg'),
      authorId: world.member.id,
      body: 'SECRET-burst written after unsharing',
    });
    await Promise.all([team.waitForAck(docs.plan), team.waitForAck(name)]);
    await eventually(() => expect(customer.document(name).subscribed).toBe(false));
    expect(findInFrames(customer.frames, /SECRET-/)).toEqual([]);
  });
});
