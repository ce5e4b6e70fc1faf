/**
 * Customers, projects and project members: the team creates and lists them; a project's people are
 * the team and that project's customer people; admins change and remove project members, and the
 * change holds at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorld,
  cleanupAfterAll,
  createInvite,
  expectStatus,
  joinAsNewPerson,
  type Person,
  type World,
} from '../../test/support/apiWorld.ts';

const defer = cleanupAfterAll();
let world: World;
let fresh = 0;

beforeAll(async () => {
  world = await buildWorld(defer);
});

const workspacePath = (rest: string) => `/workspaces/${world.workspace.id}${rest}`;

/** Someone new on project A with the given role, joined by invite. */
async function customerPerson(role: 'collaborator' | 'viewer'): Promise<Person> {
  const invite = await createInvite(world.admin, world.workspace.id, { role, projectId: world.projectA.id });
  const n = ++fresh;
  return joinAsNewPerson(world.server, invite.token, { name: `Acme Person ${n}`, email: `acme-${n}@acme.example` });
}

describe('customers and projects', () => {
  it('are created by admins and listed for the whole team', async () => {
    const customer = expectStatus(await world.admin.api.post(workspacePath('/customers'), { name: 'Cobalt Inc' }), 201);
    expect(customer).toEqual({ id: expect.stringMatching(/^cus_/), name: 'Cobalt Inc', createdAt: expect.any(Number) });
    const project = expectStatus(
      await world.admin.api.post(workspacePath('/projects'), { name: 'Cobalt launch', customerId: customer.id }),
      201,
    );
    expect(project).toEqual({
      id: expect.stringMatching(/^prj_/),
      name: 'Cobalt launch',
      workspaceId: world.workspace.id,
      customerId: customer.id,
      createdAt: expect.any(Number),
    });
    const internal = expectStatus(
      await world.owner.api.post(workspacePath('/projects'), { name: 'Internal tooling' }),
      201,
    );
    expect(internal.customerId).toBeNull();
    expect(expectStatus(await world.member.api.get(workspacePath('/customers')), 200)).toContainEqual(customer);
    const projects = expectStatus(await world.member.api.get(workspacePath('/projects')), 200);
    expect(projects).toEqual(expect.arrayContaining([project, internal]));
  });

  it("refuses a project for another workspace's customer with 404, and blank names with 400", async () => {
    const elsewhere = expectStatus(await world.stranger.api.post('/workspaces', { name: 'Stan Co' }), 201);
    const theirs = expectStatus(
      await world.stranger.api.post(`/workspaces/${elsewhere.id}/customers`, { name: 'Stan client' }),
      201,
    );
    expectStatus(await world.admin.api.post(workspacePath('/projects'), { name: 'Poach', customerId: theirs.id }), 404);
    expectStatus(await world.admin.api.post(workspacePath('/projects'), { name: ' ' }), 400);
    expectStatus(await world.admin.api.post(workspacePath('/customers'), { name: '' }), 400);
  });

  it("shows the team a project's customer, and hides it from the customer side", async () => {
    expect(expectStatus(await world.member.api.get(`/projects/${world.projectA.id}`), 200).customerId).toBe(
      world.customerA.id,
    );
    const seenByCustomer = expectStatus(await world.viewer.api.get(`/projects/${world.projectA.id}`), 200);
    expect(seenByCustomer).toEqual({
      id: world.projectA.id,
      name: 'Acme website',
      workspaceId: world.workspace.id,
      customerId: null,
      createdAt: expect.any(Number),
    });
    expect(expectStatus(await world.collaborator.api.get('/projects'), 200)).toEqual([seenByCustomer]);
  });

  it("lists a project's people: the team, and only that project's customer people", async () => {
    const people = expectStatus(await world.collaborator.api.get(`/projects/${world.projectA.id}/people`), 200);
    const summary = people.map((p: { userId: string; side: string; role: string }) => [p.userId, p.side, p.role]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [world.owner.id, 'team', 'owner'],
        [world.admin.id, 'team', 'admin'],
        [world.member.id, 'team', 'member'],
        [world.collaborator.id, 'customer', 'collaborator'],
        [world.viewer.id, 'customer', 'viewer'],
      ]),
    );
    expect(summary.map(([id]: [string]) => id)).not.toContain(world.collaboratorB.id);
    expect(summary.map(([id]: [string]) => id)).not.toContain(world.stranger.id);
  });
});

describe('project members', () => {
  it("an admin changes a customer person's role; they see it at once", async () => {
    const person = await customerPerson('viewer');
    expectStatus(
      await world.admin.api.put(`/projects/${world.projectA.id}/members/${person.id}`, { role: 'collaborator' }),
      204,
    );
    const me = expectStatus(await person.api.get('/me'), 200);
    expect(me.projects).toEqual([
      expect.objectContaining({ id: world.projectA.id, role: 'collaborator', side: 'customer' }),
    ]);
  });

  it('an admin cannot give a project role to someone not on the project (404) or a role that does not exist (400)', async () => {
    for (const outsider of [world.collaboratorB, world.stranger]) {
      const response = await world.admin.api.put(`/projects/${world.projectA.id}/members/${outsider.id}`, {
        role: 'viewer',
      });
      expectStatus(response, 404);
      expectStatus(await outsider.api.get(`/projects/${world.projectA.id}`), 404);
    }
    expectStatus(
      await world.admin.api.put(`/projects/${world.projectA.id}/members/${world.viewer.id}`, { role: 'owner' }),
      400,
    );
  });

  it('members and the customer side cannot change project members', async () => {
    const person = await customerPerson('viewer');
    for (const actor of [world.member, world.collaborator]) {
      expectStatus(
        await actor.api.put(`/projects/${world.projectA.id}/members/${person.id}`, { role: 'collaborator' }),
        403,
      );
      expectStatus(await actor.api.delete(`/projects/${world.projectA.id}/members/${person.id}`), 403);
    }
    expectStatus(
      await person.api.put(`/projects/${world.projectA.id}/members/${person.id}`, { role: 'collaborator' }),
      403,
    );
    expect(expectStatus(await person.api.get('/me'), 200).projects[0].role).toBe('viewer');
  });

  it('an admin removes a project member, who loses the project at once', async () => {
    const person = await customerPerson('collaborator');
    expectStatus(await person.api.get(`/projects/${world.projectA.id}`), 200);
    expectStatus(await world.admin.api.delete(`/projects/${world.projectA.id}/members/${person.id}`), 204);
    expectStatus(await person.api.get(`/projects/${world.projectA.id}`), 404);
    expectStatus(await person.api.get(`/projects/${world.projectA.id}/people`), 404);
    expect(expectStatus(await person.api.get('/me'), 200).projects).toEqual([]);
    expectStatus(await world.admin.api.delete(`/projects/${world.projectA.id}/members/${person.id}`), 404);
  });
});
