/**
 * SLA reports on a real server and SQLite: the figures of requests raised and answered through the
 * REST API (on the project's calendar-time policy, so the numbers do not depend on the weekday), per
 * project and per customer organisation; who may read them; and bad ranges refused with a 400.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSlaPolicy } from '../../src/requests/slaPolicy.ts';
import { buildWorld, cleanupAfterAll, expectStatus, type World } from '../support/apiWorld.ts';

const worldDefer = cleanupAfterAll();
let world: World;
const hour = 3600_000;
const today = () => new Date().toISOString().slice(0, 10);
const pa = () => `/projects/${world.projectA.id}`;
const ws = () => `/workspaces/${world.workspace.id}`;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
  // Calendar time: an urgent request must be answered within 60 minutes, resolved within 480.
  expectStatus(
    await world.owner.api.put(`${pa()}/sla-policy`, { policy: { ...defaultSlaPolicy, hours: 'calendar' } }),
    200,
  );
  const raise = async (hoursAgo: number, title: string) =>
    expectStatus(
      await world.member.api.post(`${pa()}/requests`, {
        type: 'question',
        title,
        body: 'Asked on the phone',
        priority: 'urgent',
        requestedBy: world.collaborator.id,
        channel: 'phone',
        receivedAt: Date.now() - hoursAgo * hour,
      }),
      201,
    );
  // Settled three hours after it was asked: the response came late (breached), the resolution in time.
  const late = await raise(3, 'Late but resolved');
  expectStatus(await world.member.api.put(`${pa()}/requests/${late.id}/status`, { status: 'resolved' }), 200);
  // Asked ten minutes ago and untouched: both clocks still running within their targets.
  await raise(1 / 6, 'Fresh question');
  // Asked two hours ago, never answered: the first response is breached although the clock still runs.
  await raise(2, 'Ignored question');
});

describe('the SLA report of a project', () => {
  it('counts met, breached and running per clock, with median and p90 of the stopped clocks', async () => {
    const report = expectStatus(await world.member.api.get(`${pa()}/sla-report`), 200);
    expect(report).toMatchObject({
      to: today(),
      scope: { kind: 'project', name: world.projectA.name, projectId: world.projectA.id },
      requests: 3,
      firstResponse: { met: 0, breached: 2, running: 1 },
      resolution: { met: 1, breached: 0, running: 2 },
    });
    // The only stopped clocks are the resolved request's: three hours (and the few ms the test took).
    for (const figures of [report.firstResponse, report.resolution]) {
      expect(figures.medianMs).toBeGreaterThanOrEqual(3 * hour);
      expect(figures.medianMs).toBeLessThan(3 * hour + 60_000);
      expect(figures.p90Ms).toBe(figures.medianMs);
    }
    const weeks = report.weeks as Array<Record<string, number>>;
    expect(weeks.length).toBeGreaterThanOrEqual(5);
    const sum = (key: string) => weeks.reduce((total, week) => total + (week[key] ?? 0), 0);
    expect([
      sum('firstResponseMet'),
      sum('firstResponseBreached'),
      sum('resolutionMet'),
      sum('resolutionBreached'),
    ]).toEqual([0, 2, 1, 0]);
  });

  it('leaves out requests asked outside the range', async () => {
    const report = expectStatus(await world.owner.api.get(`${pa()}/sla-report?from=2020-01-01&to=2020-01-31`), 200);
    expect(report).toMatchObject({ from: '2020-01-01', to: '2020-01-31', requests: 0 });
    expect(report.firstResponse).toEqual({ met: 0, breached: 0, running: 0, medianMs: null, p90Ms: null });
    expect(report.weeks[0].weekStart).toBe('2019-12-30');
  });

  it('is the team’s: the customer’s people are refused, strangers do not learn the project exists', async () => {
    for (const customer of [world.collaborator, world.viewer])
      expect((await customer.api.get(`${pa()}/sla-report`)).status).toBe(403);
    expect((await world.collaboratorB.api.get(`${pa()}/sla-report`)).status).toBe(404);
    expect((await world.stranger.api.get(`${pa()}/sla-report`)).status).toBe(404);
  });
});

describe('the SLA report of a customer organisation', () => {
  it('covers that customer’s projects only', async () => {
    const a = expectStatus(await world.admin.api.get(`${ws()}/sla-report?customerId=${world.customerA.id}`), 200);
    expect(a).toMatchObject({
      scope: { kind: 'customer', name: world.customerA.name, customerId: world.customerA.id, projectId: null },
      projects: [{ id: world.projectA.id, name: world.projectA.name }],
      requests: 3,
      firstResponse: { breached: 2 },
    });
    const b = expectStatus(await world.admin.api.get(`${ws()}/sla-report?customerId=${world.customerB.id}`), 200);
    expect(b).toMatchObject({ projects: [{ id: world.projectB.id }], requests: 0 });
    const whole = expectStatus(await world.member.api.get(`${ws()}/sla-report`), 200);
    expect(whole).toMatchObject({ scope: { kind: 'workspace', name: world.workspace.name }, requests: 3 });
  });

  it('refuses customers, other workspaces and customers of another workspace', async () => {
    expect((await world.collaborator.api.get(`${ws()}/sla-report?customerId=${world.customerA.id}`)).status).toBe(404);
    expect((await world.stranger.api.get(`${ws()}/sla-report`)).status).toBe(404);
    const other = expectStatus(await world.stranger.api.post('/workspaces', { name: 'Elsewhere' }), 201);
    const refused = await world.stranger.api.get(`/workspaces/${other.id}/sla-report?customerId=${world.customerA.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toMatch(/Customer not found/);
    expect(refused.text).not.toContain(world.customerA.name);
  });
});

describe('bad ranges', () => {
  it.each([
    ['from after to', '?from=2026-03-02&to=2026-03-01', /must not be after/],
    ['an invalid day', '?from=2026-02-30', /“from” must be a date/],
    ['not a day at all', '?to=next-week', /“to” must be a date/],
    ['over a year', '?from=2024-01-01&to=2026-01-01', /at most 366 days/],
  ])('%s is a 400 with the usual error shape', async (_name, query, message) => {
    for (const path of [`${pa()}/sla-report${query}`, `${ws()}/sla-report${query}`]) {
      const response = await world.owner.api.get(path);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'invalid' });
      expect(response.body.error.message).toMatch(message);
    }
  });
});
