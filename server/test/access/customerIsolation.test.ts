/**
 * Customers never learn about each other. Every lookup a customer's person makes of another
 * customer's project, people or ids answers exactly as for an id that does not exist (so ids cannot
 * be probed); nothing any of their responses contains names the other customer; ids are random.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiClient,
  type ApiResponse,
  buildWorld,
  cleanupAfterAll,
  createInvite,
  expectStatus,
  missingId,
  type Person,
  type World,
} from '../support/apiWorld.ts';

const defer = cleanupAfterAll();
let world: World;
type Things = { projectId: string; customerId: string; personId: string; inviteId: string; tokenId: string };
/** Customer B's things, which customer A's people must not reach — and A's, which B's must not. */
let theirs: Things;
let ours: Things;

beforeAll(async () => {
  world = await buildWorld(defer);
  const things = async (
    project: { id: string },
    customer: { id: string },
    person: Person,
    label: string,
  ): Promise<Things> => ({
    projectId: project.id,
    customerId: customer.id,
    personId: person.id,
    inviteId: (await createInvite(world.admin, world.workspace.id, { role: 'viewer', projectId: project.id })).id,
    tokenId: expectStatus(await person.api.post('/tokens', { name: `${label} sync script` }), 201).id,
  });
  theirs = await things(world.projectB, world.customerB, world.collaboratorB, 'Bluebird');
  ours = await things(world.projectA, world.customerA, world.collaborator, 'Acme');
});

type Probe = { what: string; method: string; path: string; json?: unknown };

/**
 * Pairs of requests: one naming the other customer's objects, one naming made-up ids in the same
 * places. `target` holds the other side's ids; `own` is the prober's own project.
 */
function probes(target: Things, ownProjectId: string): Array<[Probe, Probe]> {
  const ws = world.workspace.id;
  const missing = {
    ws: missingId('wsp'),
    prj: missingId('prj'),
    usr: missingId('usr'),
    inv: missingId('inv'),
    tok: missingId('tok'),
  };
  const get = (what: string, path: string, missingPath: string): [Probe, Probe] => [
    { what, method: 'GET', path },
    { what, method: 'GET', path: missingPath },
  ];
  return [
    get('their project', `/projects/${target.projectId}`, `/projects/${missing.prj}`),
    get("their project's people", `/projects/${target.projectId}/people`, `/projects/${missing.prj}/people`),
    [
      {
        what: 'a role on their project for their person',
        method: 'PUT',
        path: `/projects/${target.projectId}/members/${target.personId}`,
        json: { role: 'viewer' },
      },
      { what: '', method: 'PUT', path: `/projects/${missing.prj}/members/${missing.usr}`, json: { role: 'viewer' } },
    ],
    [
      {
        what: 'removing their person from their project',
        method: 'DELETE',
        path: `/projects/${target.projectId}/members/${target.personId}`,
      },
      { what: '', method: 'DELETE', path: `/projects/${missing.prj}/members/${missing.usr}` },
    ],
    [
      {
        what: 'their person on my project',
        method: 'PUT',
        path: `/projects/${ownProjectId}/members/${target.personId}`,
        json: { role: 'viewer' },
      },
      { what: '', method: 'PUT', path: `/projects/${ownProjectId}/members/${missing.usr}`, json: { role: 'viewer' } },
    ],
    [
      {
        what: 'removing their person from my project',
        method: 'DELETE',
        path: `/projects/${ownProjectId}/members/${target.personId}`,
      },
      { what: '', method: 'DELETE', path: `/projects/${ownProjectId}/members/${missing.usr}` },
    ],
    get('the workspace', `/workspaces/${ws}`, `/workspaces/${missing.ws}`),
    get("the workspace's members", `/workspaces/${ws}/members`, `/workspaces/${missing.ws}/members`),
    get("the workspace's customers", `/workspaces/${ws}/customers`, `/workspaces/${missing.ws}/customers`),
    get("the workspace's projects", `/workspaces/${ws}/projects`, `/workspaces/${missing.ws}/projects`),
    get("the workspace's invites", `/workspaces/${ws}/invites`, `/workspaces/${missing.ws}/invites`),
    get("the workspace's audit log", `/workspaces/${ws}/audit`, `/workspaces/${missing.ws}/audit`),
    [
      {
        what: 'a project for their customer',
        method: 'POST',
        path: `/workspaces/${ws}/projects`,
        json: { name: 'x', customerId: target.customerId },
      },
      {
        what: '',
        method: 'POST',
        path: `/workspaces/${missing.ws}/projects`,
        json: { name: 'x', customerId: missingId('cus') },
      },
    ],
    [
      {
        what: 'an invite to their project',
        method: 'POST',
        path: `/workspaces/${ws}/invites`,
        json: { role: 'viewer', projectId: target.projectId },
      },
      {
        what: '',
        method: 'POST',
        path: `/workspaces/${missing.ws}/invites`,
        json: { role: 'viewer', projectId: missing.prj },
      },
    ],
    [
      { what: 'revoking their invite', method: 'DELETE', path: `/workspaces/${ws}/invites/${target.inviteId}` },
      { what: '', method: 'DELETE', path: `/workspaces/${missing.ws}/invites/${missing.inv}` },
    ],
    [
      {
        what: "changing their person's workspace role",
        method: 'PUT',
        path: `/workspaces/${ws}/members/${target.personId}`,
        json: { role: 'admin' },
      },
      { what: '', method: 'PUT', path: `/workspaces/${missing.ws}/members/${missing.usr}`, json: { role: 'admin' } },
    ],
    [
      { what: 'revoking their API token', method: 'DELETE', path: `/tokens/${target.tokenId}` },
      { what: '', method: 'DELETE', path: `/tokens/${missing.tok}` },
    ],
  ];
}

const send = (api: ApiClient, probe: Probe) =>
  api.call(probe.method, probe.path, probe.json === undefined ? {} : { json: probe.json });

/** Every read a person can make of their own world. */
async function ownReads(api: ApiClient, ownProjectId: string): Promise<ApiResponse[]> {
  return Promise.all(
    ['/me', '/projects', `/projects/${ownProjectId}`, `/projects/${ownProjectId}/people`, '/tokens', '/workspaces'].map(
      (path) => api.get(path),
    ),
  );
}

/** Customer A's people looking at B's things, and B's person looking at A's. */
const sides = () => [
  {
    label: "customer A's collaborator",
    person: world.collaborator,
    own: world.projectA.id,
    target: theirs,
    marker: /bluebird/i,
  },
  { label: "customer A's viewer", person: world.viewer, own: world.projectA.id, target: theirs, marker: /bluebird/i },
  {
    label: "customer B's collaborator",
    person: world.collaboratorB,
    own: world.projectB.id,
    target: ours,
    marker: /acme/i,
  },
];

describe("a customer's people and another customer's objects", () => {
  it('get exactly the answer a made-up id gets, for every lookup and change', async () => {
    for (const { label, person, own, target } of sides()) {
      for (const [real, made] of probes(target, own)) {
        const [seen, baseline] = [await send(person.api, real), await send(person.api, made)];
        const context = `${label}: ${real.what} (${real.method} ${real.path}) → ${seen.status} ${seen.text}`;
        expect([403, 404], context).toContain(seen.status);
        expect({ status: seen.status, body: seen.body }, context).toEqual({
          status: baseline.status,
          body: baseline.body,
        });
      }
    }
    // And nothing was changed by any of it.
    expect(expectStatus(await world.collaboratorB.api.get(`/projects/${world.projectB.id}`), 200).id).toBe(
      world.projectB.id,
    );
    expect(expectStatus(await world.collaboratorB.api.get('/tokens'), 200)).toHaveLength(1);
    const invites = expectStatus(await world.owner.api.get(`/workspaces/${world.workspace.id}/invites`), 200);
    expect(invites.find((invite: { id: string }) => invite.id === theirs.inviteId).revokedAt).toBeNull();
  });

  it("never see the other customer's names, emails or ids in anything they can get", async () => {
    for (const { label, person, own, target, marker } of sides()) {
      const responses = [...(await ownReads(person.api, own))];
      for (const [real] of probes(target, own)) responses.push(await send(person.api, real));
      const otherIds = [target.projectId, target.customerId, target.personId, target.inviteId, target.tokenId];
      for (const response of responses) {
        expect(response.text, `${label}: ${response.request}`).not.toMatch(marker);
        for (const id of otherIds) {
          // An id the request itself carried may come back in a routing message; nothing else may name it.
          if (!response.request.includes(id)) expect(response.text, `${label}: ${response.request}`).not.toContain(id);
        }
      }
    }
  });

  it('list only their own project and its people', async () => {
    for (const { label, person, own } of sides()) {
      expect(
        expectStatus(await person.api.get('/projects'), 200).map((p: { id: string }) => p.id),
        label,
      ).toEqual([own]);
      const me = expectStatus(await person.api.get('/me'), 200);
      expect(me.workspaces, label).toEqual([]);
      expect(
        me.projects.map((p: { id: string; customerName: string | null }) => [p.id, p.customerName]),
        label,
      ).toEqual([[own, null]]);
      const people: Array<{ side: string; userId: string }> = expectStatus(
        await person.api.get(`/projects/${own}/people`),
        200,
      );
      const customerSide = people.filter((p) => p.side === 'customer').map((p) => p.userId);
      const expectedCustomerSide =
        own === world.projectA.id ? [world.collaborator.id, world.viewer.id] : [world.collaboratorB.id];
      expect(customerSide.sort(), label).toEqual([...expectedCustomerSide].sort());
    }
  });
});

describe('a stranger', () => {
  it("gets a made-up id's answer for every project and workspace, and sees no customer at all", async () => {
    const stranger: Person = world.stranger;
    for (const target of [theirs, ours]) {
      for (const [real, made] of probes(target, missingId('prj'))) {
        const [seen, baseline] = [await send(stranger.api, real), await send(stranger.api, made)];
        expect({ status: seen.status, body: seen.body }, `${real.method} ${real.path}`).toEqual({
          status: baseline.status,
          body: baseline.body,
        });
        expect(seen.text).not.toMatch(/acme|bluebird|orchard/i);
      }
    }
    for (const response of await ownReads(stranger.api, world.projectA.id))
      expect(response.text).not.toMatch(/acme|bluebird|orchard/i);
  });
});

describe('ids', () => {
  it('are random, not sequential: nothing about one id tells the next', async () => {
    const created: Record<string, string[]> = { cus: [], prj: [], inv: [], tok: [] };
    for (let i = 0; i < 6; i += 1) {
      created.cus?.push(
        expectStatus(
          await world.admin.api.post(`/workspaces/${world.workspace.id}/customers`, { name: `Seq ${i}` }),
          201,
        ).id,
      );
      created.prj?.push(
        expectStatus(
          await world.admin.api.post(`/workspaces/${world.workspace.id}/projects`, { name: `Seq ${i}` }),
          201,
        ).id,
      );
      created.inv?.push((await createInvite(world.admin, world.workspace.id, { role: 'member' })).id);
      created.tok?.push(expectStatus(await world.admin.api.post('/tokens', { name: `Seq ${i}` }), 201).id);
    }
    created.usr = [
      world.owner,
      world.stranger,
      world.admin,
      world.member,
      world.collaborator,
      world.viewer,
      world.collaboratorB,
    ].map((p) => p.id);
    created.wsp = [world.workspace.id];
    for (const [prefix, ids] of Object.entries(created)) {
      expect(new Set(ids).size, prefix).toBe(ids.length);
      for (const id of ids) expect(id, prefix).toMatch(new RegExp(`^${prefix}_[A-Za-z0-9_-]{16}$`));
      for (let i = 1; i < ids.length; i += 1) {
        const [a, b] = [(ids[i - 1] as string).slice(prefix.length + 1), (ids[i] as string).slice(prefix.length + 1)];
        const differing = [...a].filter((char, index) => char !== b[index]).length;
        // Two random 16-character ids differ almost everywhere; counters differ in the last few characters.
        expect(differing, `${ids[i - 1]} then ${ids[i]}`).toBeGreaterThanOrEqual(8);
      }
    }
  });
});
