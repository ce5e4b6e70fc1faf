/**
 * Deliverables and their history through REST and live sync: the team submits a shared item for
 * approval, only the customer's collaborators decide, every step is a version, an audit entry and
 * a live change of the item's approval record; versions open as they were and restore as a new
 * change. Each forbidden path is tried: a team member approving for the customer, a viewer
 * deciding, a customer deciding on an unshared item or listing its versions, a stranger.
 */
import { readApproval } from '@atrium/shared/model/approval.ts';
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Plan } from '@atrium/shared/model/plan.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildWorld, cleanupAfterAll, expectStatus, type Person, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { refuseWrites } from '../support/engines.ts';
import { eventually } from '../support/eventually.ts';
import { clientThreadOf, createItem, documentsOf, paragraph, setSharing } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

const connect = (person: Person, label: string) => RecordingPeer.connect(world.server, person.api, defer, label);
const docs = () => documentsOf(world.projectA.id);
const path = (itemId: string, rest = '') => `/projects/${world.projectA.id}/items/${itemId}${rest}`;

async function sharedDeliverable(text: string): Promise<{ id: string }> {
  const item = await createItem(world.owner, world.projectA.id, {
    title: `Deliverable ${++fresh}`,
    kind: 'deliverable',
    shared: true,
  });
  const team = await connect(world.owner, 'team');
  team.open(docs().item(item.id));
  await team.waitForSync(docs().item(item.id));
  new ItemSharedPart(team.doc(docs().item(item.id))).description.insert(0, [paragraph(text)]);
  await team.waitForAck(docs().item(item.id));
  await team.close();
  return item;
}

async function auditOf(itemId: string, action: string) {
  const entries = expectStatus(
    await world.owner.api.get(`/workspaces/${world.workspace.id}/audit?action=${action}`),
    200,
  );
  return (entries as Array<{ targetId: string; actorId: string; details: Record<string, unknown> }>).filter(
    (entry) => entry.targetId === itemId,
  );
}

describe('approvals', () => {
  it('team submits, the customer approves: record live for both, item moved, versions and audit kept', async () => {
    const item = await sharedDeliverable('Homepage copy, first draft');
    const customer = await connect(world.collaborator, 'customer');
    customer.open(docs().item(item.id));
    await customer.waitForSync(docs().item(item.id));

    const submitted = expectStatus(await world.member.api.post(path(item.id, '/approval/submit')), 200);
    expect(submitted).toMatchObject({ state: 'submitted', submittedBy: world.member.id });
    await eventually(() => expect(readApproval(customer.doc(docs().item(item.id))).state).toBe('submitted'));
    const plan = await connect(world.owner, 'plan');
    plan.open(docs().plan);
    await plan.waitForSync(docs().plan);
    await eventually(() => expect(new Plan(plan.doc(docs().plan)).item(item.id)?.status).toBe('in-review'));

    const approved = expectStatus(
      await world.collaborator.api.post(path(item.id, '/approval/decision'), {
        decision: 'approved',
        comment: 'Approved — ship it',
      }),
      200,
    );
    expect(approved).toMatchObject({
      state: 'approved',
      decidedBy: world.collaborator.id,
      comment: 'Approved — ship it',
    });
    await eventually(() => {
      const record = readApproval(customer.doc(docs().item(item.id)));
      expect(record.state).toBe('approved');
      expect(clientThreadOf(customer.doc(docs().item(item.id))).map((m) => m.body)).toContain('Approved — ship it');
    });
    await eventually(() => expect(new Plan(plan.doc(docs().plan)).item(item.id)?.status).toBe('done'));

    const versions = expectStatus(await world.collaborator.api.get(path(item.id, '/versions')), 200);
    expect(versions.map((v: { kind: string }) => v.kind)).toEqual(['approved', 'submitted']);
    expect(versions[0].id).toBe(approved.versionId);
    expect((await auditOf(item.id, 'item.submitted_for_approval'))[0]?.actorId).toBe(world.member.id);
    expect((await auditOf(item.id, 'item.approved'))[0]).toMatchObject({
      actorId: world.collaborator.id,
      details: { comment: 'Approved — ship it' },
    });
  });

  it('asking for changes sends the item back and allows a new submission', async () => {
    const item = await sharedDeliverable('Logo options');
    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 200);
    const changes = expectStatus(
      await world.collaborator.api.post(path(item.id, '/approval/decision'), {
        decision: 'changes_requested',
        comment: 'A bolder logo, please.',
      }),
      200,
    );
    expect(changes.state).toBe('changes_requested');
    expect((await auditOf(item.id, 'item.changes_requested')).length).toBe(1);
    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 200);
  });

  it('refuses every decision that is not the customer’s to make, and decisions on nothing', async () => {
    const item = await sharedDeliverable('Sitemap');
    // Nothing submitted yet: nothing to decide.
    expect(
      expectStatus(
        await world.collaborator.api.post(path(item.id, '/approval/decision'), { decision: 'approved' }),
        409,
      ).error.message,
    ).toMatch(/Nothing is waiting/);
    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 200);
    // Submitting twice is a conflict, not a silent reset.
    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 409);
    // The team cannot approve on the customer's behalf; a viewer cannot decide; others cannot see it.
    for (const person of [world.owner, world.admin, world.member]) {
      const refused = expectStatus(
        await person.api.post(path(item.id, '/approval/decision'), { decision: 'approved' }),
        403,
      );
      expect(refused.error.message).toMatch(/team cannot decide/);
    }
    expectStatus(await world.viewer.api.post(path(item.id, '/approval/decision'), { decision: 'approved' }), 403);
    expectStatus(
      await world.collaboratorB.api.post(path(item.id, '/approval/decision'), { decision: 'approved' }),
      404,
    );
    expectStatus(await world.stranger.api.post(path(item.id, '/approval/decision'), { decision: 'approved' }), 404);
    // Customers cannot submit.
    expectStatus(await world.collaborator.api.post(path(item.id, '/approval/submit')), 403);
    // Still waiting: none of the refused calls changed it.
    const versions = expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200);
    expect(versions.map((v: { kind: string }) => v.kind)).toEqual(['submitted']);
  });

  it('a customer cannot approve an item that is not shared with them, nor learn it exists', async () => {
    const item = await sharedDeliverable('Pricing');
    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 200);
    await setSharing(world.owner, world.projectA.id, item.id, false);
    const refused = expectStatus(
      await world.collaborator.api.post(path(item.id, '/approval/decision'), { decision: 'approved' }),
      404,
    );
    const missing = expectStatus(
      await world.collaborator.api.post(path('itm_doesnotexist', '/approval/decision'), { decision: 'approved' }),
      404,
    );
    expect(refused).toEqual(missing);
    expectStatus(await world.collaborator.api.get(path(item.id, '/versions')), 404);
    // The team cannot ask for approval of an unshared item either.
    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 409);
  });
});

describe('versions', () => {
  it('named versions open exactly as they were and restore as a new change everyone receives', async () => {
    const item = await sharedDeliverable('Version one text');
    const named = expectStatus(
      await world.collaborator.api.post(path(item.id, '/versions'), { name: 'First cut' }),
      201,
    );
    expect(named).toMatchObject({ name: 'First cut', kind: 'named', createdBy: world.collaborator.id });

    const customer = await connect(world.collaborator, 'customer');
    const name = docs().item(item.id);
    customer.open(name);
    await customer.waitForSync(name);
    const description = new ItemSharedPart(customer.doc(name)).description;
    description.delete(0, description.length);
    description.insert(0, [paragraph('Rewritten entirely')]);
    await customer.waitForAck(name);

    const opened = expectStatus(await world.owner.api.get(path(item.id, `/versions/${named.id}`)), 200);
    const old = new Y.Doc();
    Y.applyUpdate(old, Buffer.from(opened.state, 'base64'));
    expect(old.getXmlFragment('description').toString()).toContain('Version one text');

    const watcher = await connect(world.owner, 'watcher');
    watcher.open(name);
    await watcher.waitForSync(name);
    const saved = expectStatus(await world.owner.api.post(path(item.id, `/versions/${named.id}/restore`)), 200);
    expect(saved.kind).toBe('before_restore');
    await eventually(() => {
      for (const peer of [customer, watcher]) {
        const text = peer.doc(name).getXmlFragment('description').toString();
        expect(text).toContain('Version one text');
        expect(text).not.toContain('Rewritten entirely');
      }
    });
    // Nothing is lost: the rewritten text is the version saved before the restore.
    const before = expectStatus(await world.owner.api.get(path(item.id, `/versions/${saved.id}`)), 200);
    const beforeDoc = new Y.Doc();
    Y.applyUpdate(beforeDoc, Buffer.from(before.state, 'base64'));
    expect(beforeDoc.getXmlFragment('description').toString()).toContain('Rewritten entirely');
    expect((await auditOf(item.id, 'item.version_restored'))[0]?.actorId).toBe(world.owner.id);
  });

  it('an approval step, its version and its audit entry are one unit: a failed version leaves no record', async () => {
    const item = await sharedDeliverable('Ready for sign-off');
    const name = docs().item(item.id);
    const team = await connect(world.owner, 'team');
    team.open(name);
    await team.waitForSync(name);
    const onThisItem = `NEW.document = '${name.replaceAll("'", "''")}'`;
    const refusal = await refuseWrites(world.server.database, {
      name: 'refuse_approval_version',
      table: 'document_versions',
      event: 'insert',
      message: 'refused by the test',
      when: { sqlite: onThisItem, postgres: onThisItem },
    });
    try {
      expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 500);
    } finally {
      await refusal.allow();
    }
    const submittedEntries = () => auditOf(item.id, 'item.submitted_for_approval');
    expect(readApproval(team.doc(name)).state).toBe('none');
    expect(await submittedEntries()).toEqual([]);
    expect(expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200)).toEqual([]);

    expectStatus(await world.owner.api.post(path(item.id, '/approval/submit')), 200);
    await eventually(() => expect(readApproval(team.doc(name)).state).toBe('submitted'));
    expect(await submittedEntries()).toHaveLength(1);
  });

  it('a restore and the version it saves are one unit: a failed change leaves no version, a failed version no change', async () => {
    const item = await sharedDeliverable('Baseline text');
    const named = expectStatus(await world.owner.api.post(path(item.id, '/versions'), { name: 'Baseline' }), 201);
    const name = docs().item(item.id);
    const team = await connect(world.owner, 'team');
    team.open(name);
    await team.waitForSync(name);
    const description = new ItemSharedPart(team.doc(name)).description;
    description.delete(0, description.length);
    description.insert(0, [paragraph('Edited after the baseline')]);
    await team.waitForAck(name);
    const beforeRestores = async () =>
      (
        expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200) as Array<{ id: string; kind: string }>
      ).filter((version) => version.kind === 'before_restore');

    const onThisItem = `NEW.document = '${name.replaceAll("'", "''")}'`;
    for (const table of ['document_updates', 'document_versions']) {
      const refusal = await refuseWrites(world.server.database, {
        name: `refuse_restore_${table}`,
        table,
        event: 'insert',
        message: 'refused by the test',
        when: { sqlite: onThisItem, postgres: onThisItem },
      });
      try {
        expectStatus(await world.owner.api.post(path(item.id, `/versions/${named.id}/restore`)), 500);
      } finally {
        await refusal.allow();
      }
      expect(await beforeRestores(), table).toEqual([]);
      const text = team.doc(name).getXmlFragment('description').toString();
      expect(text, table).toContain('Edited after the baseline');
      expect(text, table).not.toContain('Baseline text');
    }

    const saved = expectStatus(await world.owner.api.post(path(item.id, `/versions/${named.id}/restore`)), 200);
    expect((await beforeRestores()).map((version) => version.id)).toEqual([saved.id]);
    await eventually(() => expect(team.doc(name).getXmlFragment('description').toString()).toContain('Baseline text'));
  });

  it('says who wrote under which editing identity, to those who may read the item', async () => {
    const item = await sharedDeliverable('Attributed text');
    const name = docs().item(item.id);
    const customer = await connect(world.collaborator, 'customer');
    customer.open(name);
    await customer.waitForSync(name);
    new ItemSharedPart(customer.doc(name)).description.insert(0, [paragraph('By the customer')]);
    await customer.waitForAck(name);
    const writers = expectStatus(await world.viewer.api.get(path(item.id, '/writers')), 200);
    expect(writers).toContainEqual({ clientId: customer.doc(name).clientID, userId: world.collaborator.id });
    expect(writers.map((w: { userId: string }) => w.userId)).toContain(world.owner.id);
    expectStatus(await world.collaboratorB.api.get(path(item.id, '/writers')), 404);
  });

  it('says who deleted which text, once: a reconnecting client re-sending old deletions is not recorded again', async () => {
    const item = await sharedDeliverable('Deleted text');
    const name = docs().item(item.id);
    const [team, customer] = [await connect(world.owner, 'team'), await connect(world.collaborator, 'customer')];
    for (const peer of [team, customer]) peer.open(name);
    await Promise.all([team.waitForSync(name), customer.waitForSync(name)]);
    new ItemSharedPart(team.doc(name)).description.insert(0, [paragraph('Remove these words, keep these')]);
    await team.waitForAck(name);
    const textOf = (doc: Y.Doc) =>
      (new ItemSharedPart(doc).description.get(0) as Y.XmlElement).get(0) as unknown as Y.XmlText;
    await eventually(() => expect(textOf(customer.doc(name)).toString()).toBe('Remove these words, keep these'));
    const teamClient = team.doc(name).clientID;

    textOf(customer.doc(name)).delete(0, 'Remove these words, '.length);
    await customer.waitForAck(name);
    const deletions = async () => expectStatus(await world.viewer.api.get(path(item.id, '/deletions')), 200);
    const recorded = await deletions();
    expect(recorded).toEqual([
      {
        clientId: teamClient,
        clock: expect.any(Number),
        length: 'Remove these words, '.length,
        userId: world.collaborator.id,
      },
    ]);

    // What a reconnect's sync step 2 carries when the server lacks nothing: every deletion ever made.
    const customerDoc = customer.doc(name);
    customer.sendUpdate(name, Y.encodeStateAsUpdate(customerDoc, Y.encodeStateVector(customerDoc)));
    await customer.waitForAck(name);
    textOf(team.doc(name)).delete(0, 'keep '.length);
    await team.waitForAck(name);
    const after = await deletions();
    expect(after).toHaveLength(2);
    expect(after[0]).toEqual(recorded[0]);
    expect(after[1]).toMatchObject({ clientId: teamClient, length: 'keep '.length, userId: world.owner.id });
    expectStatus(await world.collaboratorB.api.get(path(item.id, '/deletions')), 404);
  });

  it('a viewer reads versions but cannot save or restore; outsiders see nothing', async () => {
    const item = await sharedDeliverable('Read-only history');
    const version = expectStatus(await world.owner.api.post(path(item.id, '/versions'), { name: 'Baseline' }), 201);
    expectStatus(await world.viewer.api.get(path(item.id, '/versions')), 200);
    expectStatus(await world.viewer.api.get(path(item.id, `/versions/${version.id}`)), 200);
    expectStatus(await world.viewer.api.post(path(item.id, '/versions'), { name: 'Mine' }), 403);
    expectStatus(await world.viewer.api.post(path(item.id, `/versions/${version.id}/restore`)), 403);
    expectStatus(await world.collaboratorB.api.get(path(item.id, '/versions')), 404);
    expectStatus(await world.stranger.api.get(path(item.id, `/versions/${version.id}`)), 404);
    expectStatus(await world.signedOut.get(path(item.id, '/versions')), 401);
  });

  it('takes a version automatically once editing goes quiet, and not again without changes', async () => {
    const item = await sharedDeliverable('Typed, then left alone');
    const customer = await connect(world.collaborator, 'customer');
    const name = docs().item(item.id);
    customer.open(name);
    await customer.waitForSync(name);
    new ItemSharedPart(customer.doc(name)).description.insert(0, [paragraph('A customer edit')]);
    await customer.waitForAck(name);
    await world.server.versions.flush();
    const after = expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200);
    expect(after.filter((v: { kind: string }) => v.kind === 'auto')).toHaveLength(1);
    await world.server.versions.flush();
    const again = expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200);
    expect(again.filter((v: { kind: string }) => v.kind === 'auto')).toHaveLength(1);
  });
});

/**
 * History visibility for customers: the team sees an item's whole history; the customer's people
 * only what happened while the item was shared with them — never a version, a deletion or a writer
 * from while it was internal or unshared, whose text the team may have removed before sharing.
 */
describe('history visibility for customers', () => {
  type Listed = { id: string; kind: string; name: string };
  const customers = () => [world.collaborator, world.viewer];

  async function draftInternally(text: string) {
    const item = await createItem(world.owner, world.projectA.id, { title: `Draft ${++fresh}`, kind: 'document' });
    const name = docs().item(item.id);
    const team = await connect(world.member, 'team');
    team.open(name);
    await team.waitForSync(name);
    const description = new ItemSharedPart(team.doc(name)).description;
    description.insert(0, [paragraph(text)]);
    await team.waitForAck(name);
    return { item, name, team, description };
  }

  it('a customer gets no version, deletion or writer from before the item was shared, nor opens or restores one', async () => {
    const { item, name, team, description } = await draftInternally('Internal: our margin here is 60%');
    await world.server.versions.flush();
    const named = expectStatus(await world.owner.api.post(path(item.id, '/versions'), { name: 'Margin draft' }), 201);
    description.delete(0, description.length);
    description.insert(0, [paragraph('The proposal')]);
    await team.waitForAck(name);
    await setSharing(world.owner, world.projectA.id, item.id, true);

    const all: Listed[] = expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200);
    expect(all.map((v) => v.kind).sort()).toEqual(['auto', 'named']);
    expect(expectStatus(await world.owner.api.get(path(item.id, '/deletions')), 200)).not.toEqual([]);
    expect(expectStatus(await world.owner.api.get(path(item.id, '/writers')), 200)).toContainEqual({
      clientId: team.doc(name).clientID,
      userId: world.member.id,
    });
    for (const person of customers()) {
      expect(expectStatus(await person.api.get(path(item.id, '/versions')), 200)).toEqual([]);
      for (const version of all) expectStatus(await person.api.get(path(item.id, `/versions/${version.id}`)), 404);
      expect(expectStatus(await person.api.get(path(item.id, '/deletions')), 200)).toEqual([]);
      expect(expectStatus(await person.api.get(path(item.id, '/writers')), 200)).toEqual([]);
    }
    const refused = expectStatus(
      await world.collaborator.api.post(path(item.id, `/versions/${named.id}/restore`)),
      404,
    );
    expect(refused.error.message).toBe('Version not found.');
    expect(new ItemSharedPart(team.doc(name)).description.toString()).not.toContain('margin');

    // While shared, the customer's history fills as usual — and a version taken now holds none of
    // the text removed before sharing.
    const customer = await connect(world.collaborator, 'customer');
    customer.open(name);
    await customer.waitForSync(name);
    new ItemSharedPart(customer.doc(name)).description.insert(1, [paragraph('A customer line')]);
    await customer.waitForAck(name);
    const taken = expectStatus(await world.collaborator.api.post(path(item.id, '/versions'), { name: 'Agreed' }), 201);
    const seen: Listed[] = expectStatus(await world.viewer.api.get(path(item.id, '/versions')), 200);
    expect(seen.map((v) => v.id)).toEqual([taken.id]);
    const opened = expectStatus(await world.viewer.api.get(path(item.id, `/versions/${taken.id}`)), 200);
    const state = Buffer.from(opened.state, 'base64');
    expect(state.toString('latin1')).not.toContain('margin');
    const old = new Y.Doc({ gc: false });
    Y.applyUpdate(old, state);
    expect(old.getXmlFragment('description').toString()).toContain('The proposal');
    expect(expectStatus(await world.viewer.api.get(path(item.id, '/writers')), 200)).toEqual([
      { clientId: customer.doc(name).clientID, userId: world.collaborator.id },
    ]);
  });

  it('after unshare → write → version → clean up → re-share, the customer sees both shared periods and nothing between', async () => {
    const { item, name, team, description } = await draftInternally('Shared text');
    await setSharing(world.owner, world.projectA.id, item.id, true);
    const first = expectStatus(await world.owner.api.post(path(item.id, '/versions'), { name: 'First shared' }), 201);
    await setSharing(world.owner, world.projectA.id, item.id, false);
    description.insert(1, [paragraph('Internal while unshared')]);
    await team.waitForAck(name);
    await world.server.versions.flush();
    const hidden = expectStatus(await world.owner.api.post(path(item.id, '/versions'), { name: 'Unshared' }), 201);
    description.delete(1, 1);
    await team.waitForAck(name);
    await setSharing(world.owner, world.projectA.id, item.id, true);
    const second = expectStatus(await world.owner.api.post(path(item.id, '/versions'), { name: 'Re-shared' }), 201);

    const teamSees: Listed[] = expectStatus(await world.owner.api.get(path(item.id, '/versions')), 200);
    expect(teamSees.map((v) => v.id)).toEqual(expect.arrayContaining([first.id, hidden.id, second.id]));
    expect(teamSees).toHaveLength(4); // and the automatic one while unshared
    for (const person of customers()) {
      const listed: Listed[] = expectStatus(await person.api.get(path(item.id, '/versions')), 200);
      expect(listed.map((v) => v.id)).toEqual([second.id, first.id]);
      for (const version of teamSees.filter((v) => v.id !== first.id && v.id !== second.id))
        expectStatus(await person.api.get(path(item.id, `/versions/${version.id}`)), 404);
      expect(expectStatus(await person.api.get(path(item.id, '/deletions')), 200)).toEqual([]);
    }
    expectStatus(await world.collaborator.api.post(path(item.id, `/versions/${hidden.id}/restore`)), 404);
    // A version from the first period restores for the customer.
    expectStatus(await world.collaborator.api.post(path(item.id, `/versions/${first.id}/restore`)), 200);
  });
});
