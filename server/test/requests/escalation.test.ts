/**
 * SLA escalation on a real server and SQLite: a request whose first-response target has passed
 * escalates once per threshold (at risk, breached) — one `sla_escalations` row, one audit entry and
 * one service event each — and not again on later scans nor after a restart. The team's queue
 * lists it first.
 */
import { readRoutingView } from '@atrium/shared/model/requests.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSlaPolicy } from '../../src/requests/slaPolicy.ts';
import {
  buildWorld,
  cleanupAfterAll,
  expectStatus,
  restartApiServer,
  startApiServer,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { documentsOf } from '../support/projectItems.ts';
import { RecordingPeer } from '../support/recordingPeer.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
const pa = () => `/projects/${world.projectA.id}`;

const oneMinute = { firstResponseMinutes: 1, resolutionMinutes: 100_000 };
const policy = {
  ...defaultSlaPolicy,
  hours: 'calendar',
  targets: { low: oneMinute, normal: oneMinute, high: oneMinute, urgent: oneMinute },
};

beforeAll(async () => {
  world = await buildWorld(worldDefer, await startApiServer(worldDefer, { env: { SLA_SCAN_MS: '50' } }));
});

async function escalationRows(requestId: string) {
  return world.server.db.selectFrom('sla_escalations').selectAll().where('request_id', '=', requestId).execute();
}

async function escalationAudit(requestId: string) {
  return world.server.db
    .selectFrom('audit_log')
    .select('action')
    .where('target_id', '=', requestId)
    .where('action', 'in', ['request.sla_at_risk', 'request.sla_breached'])
    .execute();
}

describe('escalation', () => {
  it('refuses an invalid policy with 400 and keeps the one before', async () => {
    const path = `/workspaces/${world.workspace.id}/sla-policy`;
    expectStatus(await world.owner.api.put(path, { policy: { ...policy, timeZone: 'Mars/Olympus' } }), 400);
    expectStatus(
      await world.owner.api.put(path, {
        policy: { ...policy, targets: { ...policy.targets, low: { firstResponseMinutes: -5, resolutionMinutes: 10 } } },
      }),
      400,
    );
    expectStatus(await world.member.api.put(path, { policy }), 403);
    expect(expectStatus(await world.owner.api.get(path), 200).policy.hours).toBe('business');
  });

  it('fires exactly once per threshold, also across a restart, and the queue lists it first', async () => {
    expectStatus(await world.owner.api.put(`/workspaces/${world.workspace.id}/sla-policy`, { policy }), 200);
    const heard: string[] = [];
    world.server.serviceEvents.on('request.escalated', (event) => heard.push(`${event.clock}:${event.level}`));
    const fresh = expectStatus(
      await world.collaborator.api.post(`${pa()}/requests`, { type: 'question', title: 'Fresh', body: 'Just asked.' }),
      201,
    );
    const late = expectStatus(
      await world.member.api.post(`${pa()}/requests`, {
        type: 'issue',
        title: 'Site down',
        body: 'Called in an hour ago.',
        requesterName: 'Phone caller',
        channel: 'phone',
        receivedAt: Date.now() - 3600_000,
      }),
      201,
    );
    await eventually(async () => expect(await escalationRows(late.id)).toHaveLength(2));
    // More scans change nothing.
    await world.server.escalations.scan();
    await world.server.escalations.scan();
    expect((await escalationRows(late.id)).map((row) => `${row.clock}:${row.level}`).sort()).toEqual([
      'first_response:at_risk',
      'first_response:breached',
    ]);
    expect(heard.filter((event) => event.startsWith('first_response')).sort()).toEqual([
      'first_response:at_risk',
      'first_response:breached',
    ]);
    expect(await escalationAudit(late.id)).toHaveLength(2);

    const queue = expectStatus(
      await world.member.api.get(`/workspaces/${world.workspace.id}/requests?state=open`),
      200,
    );
    expect(queue.requests[0]).toMatchObject({ id: late.id, escalation: 'breached' });
    expect(queue.requests.map((r: { id: string }) => r.id)).toContain(fresh.id);

    const team = await RecordingPeer.connect(world.server, world.member.api, defer, 'team');
    const internal = documentsOf(world.projectA.id).internal(late.id);
    team.open(internal);
    await team.waitForSync(internal);
    expect(
      readRoutingView(team.doc(internal))
        ?.escalations.map((e) => e.level)
        .sort(),
    ).toEqual(['at_risk', 'breached']);

    world.server = await restartApiServer(worldDefer, world.server);
    const afterRestart: string[] = [];
    world.server.serviceEvents.on('request.escalated', (event) => {
      if (event.requestId === late.id) afterRestart.push(event.level);
    });
    await world.server.escalations.scan();
    await world.server.escalations.scan();
    expect(await escalationRows(late.id)).toHaveLength(2);
    expect(await escalationAudit(late.id)).toHaveLength(2);
    expect(afterRestart).toEqual([]);
  });
});
