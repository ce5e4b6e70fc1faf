/**
 * Sharing fails closed when the visibility mirror cannot be written. The mirror (`item_visibility`)
 * is what the access decision reads; here a trigger makes every update of it fail (on either
 * engine), as a broken disk or a locked table would. Unsharing an item then still takes
 * the customer's access away at once — its open subscription is closed, asking again is refused,
 * and REST answers 404 — while the failure shows in /metrics; once the table is writable again the
 * retry brings the mirror in line with the plan, audited with the person who unshared. A portal
 * that cannot be stored is counted and retried the same way.
 */
import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import { Portal } from '@atrium/shared/model/portal.ts';
import { errorCode } from '@atrium/shared/protocol/errorCodes.ts';
import { beforeAll, expect, it } from 'vitest';
import { buildWorld, cleanupAfterAll, type World } from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { refuseWrites } from '../support/engines.ts';
import { eventually } from '../support/eventually.ts';
import { createItem, documentsOf, paragraph, setSharing, sharingAudit } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
});

async function metric(name: string, kind: string): Promise<number> {
  const text = await (await fetch(`${world.server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{kind="${kind}"} `));
  if (!line) throw new Error(`metric ${name}{kind="${kind}"} not found`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

const portalTitles = (peer: RecordingPeer, portal: string) =>
  new Portal(peer.doc(portal)).items().map((item) => item.title);

const mirroredShared = async (itemId: string) =>
  (
    await world.server.db
      .selectFrom('item_visibility')
      .select('shared')
      .where('project_id', '=', world.projectA.id)
      .where('item_id', '=', itemId)
      .executeTakeFirst()
  )?.shared;

it('an unshare whose mirror write fails still revokes the customer at once, is counted, and is retried until the mirror follows', async () => {
  const docs = documentsOf(world.projectA.id);
  const item = await createItem(world.owner, world.projectA.id, { title: 'Pricing draft', shared: true });
  const part = docs.item(item.id);
  const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
  team.open(part);
  await team.waitForSync(part);
  new ItemSharedPart(team.doc(part)).description.insert(0, [paragraph('Discount: 30%')]);
  await team.waitForAck(part);
  const customer = await RecordingPeer.connect(world.server, world.collaborator.api, defer, 'collaborator');
  customer.open(part);
  await customer.waitForSync(part);
  expect(await mirroredShared(item.id)).toBe(1);
  const failuresBefore = await metric('atrium_derivation_failures_total', 'visibility');
  expect(await metric('atrium_derivations_pending_retry', 'visibility')).toBe(0);

  const mirrorDown = await refuseWrites(world.server.database, {
    name: 'mirror_down',
    table: 'item_visibility',
    event: 'update',
    message: 'mirror down',
  });
  let mirrorAllowed = false;
  defer(() => (mirrorAllowed ? undefined : mirrorDown.allow()));
  const errorsBefore = customer.errorCount(part);
  await setSharing(world.owner, world.projectA.id, item.id, false);

  // The mirror still says shared, yet the customer has lost the item.
  expect(await mirroredShared(item.id)).toBe(1);
  expect((await customer.waitForError(part, errorsBefore)).code).toBe(errorCode.accessRevoked);
  expect(customer.document(part).subscribed).toBe(false);
  const refusedBefore = customer.errorCount(part);
  customer.open(part);
  expect((await customer.waitForError(part, refusedBefore)).code).toBe(errorCode.forbidden);
  const versions = await world.collaborator.api.get(`/projects/${world.projectA.id}/items/${item.id}/versions`);
  expect(versions.status, versions.text).toBe(404);
  expect(await metric('atrium_derivation_failures_total', 'visibility')).toBeGreaterThan(failuresBefore);
  expect(await metric('atrium_derivations_pending_retry', 'visibility')).toBe(1);
  // Retries keep failing while the table is unwritable; it stays revoked meanwhile.
  const failuresDuring = await metric('atrium_derivation_failures_total', 'visibility');
  await eventually(async () =>
    expect(await metric('atrium_derivation_failures_total', 'visibility')).toBeGreaterThan(failuresDuring),
  );
  expect(await mirroredShared(item.id)).toBe(1);

  await mirrorDown.allow();
  mirrorAllowed = true;
  await eventually(async () => expect(await mirroredShared(item.id)).toBe(0));
  expect(await metric('atrium_derivations_pending_retry', 'visibility')).toBe(0);
  const audit = await sharingAudit(world.owner, world.workspace.id, item.id);
  expect(audit.map((row) => [row.action, row.actorId])).toEqual([
    ['item.shared', world.owner.id],
    ['item.unshared', world.owner.id],
  ]);
  // Consistent again: still unshared for the customer, still the team's.
  const afterBefore = customer.errorCount(part);
  customer.open(part);
  expect((await customer.waitForError(part, afterBefore)).code).toBe(errorCode.forbidden);
  expect(team.document(part).subscribed).toBe(true);

  // And sharing works again as usual.
  await setSharing(world.owner, world.projectA.id, item.id, true);
  customer.open(part);
  await customer.waitForSync(part);
});

// The mirror, the item's sharing period and the audit entry are one write: none without the others.
it('a share whose audit entry cannot be written changes neither the mirror nor the sharing period, and is retried whole', async () => {
  const item = await createItem(world.owner, world.projectA.id, { title: 'Audit down', shared: false });
  const periods = () =>
    world.server.db
      .selectFrom('item_sharing_periods')
      .select(['shared_at', 'unshared_at'])
      .where('project_id', '=', world.projectA.id)
      .where('item_id', '=', item.id)
      .execute();
  const auditDown = await refuseWrites(world.server.database, {
    name: 'audit_down',
    table: 'audit_log',
    event: 'insert',
    message: 'audit down',
  });
  let auditAllowed = false;
  defer(() => (auditAllowed ? undefined : auditDown.allow()));
  await setSharing(world.owner, world.projectA.id, item.id, true);

  expect(await mirroredShared(item.id)).toBe(0);
  expect(await periods()).toEqual([]);
  expect(await metric('atrium_derivations_pending_retry', 'visibility')).toBe(1);

  await auditDown.allow();
  auditAllowed = true;
  await eventually(async () => expect(await mirroredShared(item.id)).toBe(1));
  expect(await periods()).toEqual([{ shared_at: expect.any(Number), unshared_at: null }]);
  const audit = await sharingAudit(world.owner, world.workspace.id, item.id);
  expect(audit.map((row) => [row.action, row.actorId])).toEqual([['item.shared', world.owner.id]]);
  await eventually(async () => expect(await metric('atrium_derivations_pending_retry', 'visibility')).toBe(0));
});

it('a portal derivation that fails to store is counted and retried until the customer’s portal follows the plan', async () => {
  const docs = documentsOf(world.projectA.id);
  // The plan stays loaded, so its own write commits in a turn of its own (a batch fails as one).
  const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'member');
  team.open(docs.plan);
  await team.waitForSync(docs.plan);
  const customer = await RecordingPeer.connect(world.server, world.viewer.api, defer, 'viewer');
  customer.open(docs.portal);
  await customer.waitForSync(docs.portal);
  const failuresBefore = await metric('atrium_derivation_failures_total', 'portal');

  const portalDown = await refuseWrites(world.server.database, {
    name: 'portal_down',
    table: 'document_updates',
    event: 'insert',
    message: 'portal down',
    when: { sqlite: `NEW.document = '${docs.portal}'`, postgres: `NEW.document = '${docs.portal}'` },
  });
  let portalAllowed = false;
  defer(() => (portalAllowed ? undefined : portalDown.allow()));
  const item = await createItem(world.owner, world.projectA.id, { title: 'Launch checklist', shared: true });

  await eventually(async () =>
    expect(await metric('atrium_derivation_failures_total', 'portal')).toBeGreaterThan(failuresBefore),
  );
  expect(await metric('atrium_derivations_pending_retry', 'portal')).toBe(1);
  expect(portalTitles(customer, docs.portal)).not.toContain('Launch checklist');

  await portalDown.allow();
  portalAllowed = true;
  await eventually(() => expect(portalTitles(customer, docs.portal)).toContain('Launch checklist'));
  await eventually(async () => expect(await metric('atrium_derivations_pending_retry', 'portal')).toBe(0));
  expect(item.shared).toBe(true);
});
