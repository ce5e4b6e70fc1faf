/**
 * Who may sync what, over real WebSockets against the real access policy. A socket authenticates
 * at the upgrade (session cookie or API token, from Atrium's own origin); each document is then
 * decided by the shared access decision. Refusals are an error frame per document on /ws and a
 * close (4403) on /sync/<name>. Access withdrawn while subscribed closes the subscription at once
 * (`access_revoked`); an ended session or revoked token closes its sockets (4401).
 */
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { runCli } from '../../src/cli/atrium.ts';
import {
  type ApiServer,
  buildWorld,
  cleanupAfterAll,
  createInvite,
  expectStatus,
  joinAsNewPerson,
  type Person,
  restartApiServer,
  signInAgain,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { contentOf } from '../support/sampleDocument.ts';
import { readStoredRows, storedState } from '../support/storedDocument.ts';
import { eventually } from '../support/syncClient.ts';
import { attemptUpgrade, type SyncCredentials, SyncPeer, type SyncTarget } from '../support/syncPeer.ts';
import { databaseEnv } from '../support/testDatabase.ts';

const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let fresh = 0;

const docs = (projectId: string) => ({
  plan: projectDocumentName.plan(projectId),
  portal: projectDocumentName.portal(projectId),
  presence: projectDocumentName.presence(projectId),
  item: projectDocumentName.itemShared(projectId, 'item-1'),
  internal: projectDocumentName.itemInternal(projectId, 'item-1'),
});

beforeAll(async () => {
  world = await buildWorld(worldDefer);
  // The portal is written by the server alone; seed it as the server would.
  await seedPortal(world.server, world.projectA.id, 'Welcome, Acme');
});

async function seedPortal(server: ApiServer, projectId: string, headline: string): Promise<void> {
  const writer = { send: () => {} };
  const document = await server.registry.subscribe(projectDocumentName.portal(projectId), writer);
  const content = new Y.Doc();
  content.getMap('fields').set('headline', headline);
  await document.receiveUpdate(Y.encodeStateAsUpdate(content), writer);
  server.registry.unsubscribe(document, writer);
}

const ws: SyncTarget = { ws: true };
const single = (document: string): SyncTarget => ({ document });
const as = (person: Person, server: ApiServer = world.server): SyncCredentials => ({
  cookie: person.api.cookie,
  origin: server.url,
});
const connect = (person: Person, target: SyncTarget = ws) =>
  SyncPeer.connect(world.server.wsUrl, target, as(person), defer);
/** How the server closed the socket; fails (rather than hangs) if it stays open. */
const closeOf = (peer: SyncPeer) =>
  eventually(() => {
    expect(peer.closedWith, 'the socket was closed').toBeDefined();
    return peer.closedWith as { code: number; reason: string };
  }, 5_000);
const fieldsOf = (peer: SyncPeer, name?: string) => peer.document(name).doc.getMap('fields').toJSON();

async function newCustomerPerson(projectId: string, role: 'collaborator' | 'viewer'): Promise<Person> {
  const invite = await createInvite(world.admin, world.workspace.id, { role, projectId });
  const n = ++fresh;
  return joinAsNewPerson(world.server, invite.token, { name: `Live Person ${n}`, email: `live-${n}@acme.example` });
}

describe('connecting', () => {
  it('is refused with HTTP 401 at the upgrade without credentials, or with dead ones', async () => {
    const dead = [{}, { cookie: 'atrium_session=ses_made-up' }, { token: 'atr_made-up' }, { bearer: 'atr_made-up' }];
    for (const credentials of dead) {
      for (const target of [ws, single(docs(world.projectA.id).portal)]) {
        const result = await attemptUpgrade(world.server.wsUrl, target, credentials);
        expect(result, JSON.stringify(credentials)).toEqual({
          status: 401,
          body: { error: { code: 'unauthorized', message: expect.any(String) } },
        });
      }
    }
  });

  it('is refused with HTTP 403 from a foreign Origin, even with a valid session', async () => {
    for (const origin of ['http://evil.example', 'null']) {
      const result = await attemptUpgrade(world.server.wsUrl, ws, { cookie: world.owner.api.cookie, origin });
      expect(result).toEqual({ status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } });
    }
  });

  it('opens with a session cookie, an Authorization header or a ?token= query parameter', async () => {
    const { token } = expectStatus(await world.member.api.post('/tokens', { name: 'sync' }), 201);
    for (const credentials of [
      { cookie: world.member.api.cookie, origin: world.server.url },
      { cookie: world.member.api.cookie },
      { bearer: token },
      { token },
    ]) {
      expect(
        await attemptUpgrade(world.server.wsUrl, ws, credentials),
        JSON.stringify(Object.keys(credentials)),
      ).toEqual({ status: 'open' });
    }
  });
});

describe("the team's documents", () => {
  it('a team member writes the plan and an internal part; both are stored', async () => {
    const { plan, internal } = docs(world.projectA.id);
    const member = await connect(world.member);
    member.open(plan);
    member.open(internal);
    await Promise.all([member.waitForSync(plan), member.waitForSync(internal)]);
    member.write(plan, 'goal', 'launch in May');
    member.write(internal, 'margin', '30%');
    await Promise.all([member.waitForAck(plan), member.waitForAck(internal)]);
    expect(contentOf(await storedState(world.server.dataDir, plan)).fields).toMatchObject({ goal: 'launch in May' });
    expect(contentOf(await storedState(world.server.dataDir, internal)).fields).toMatchObject({ margin: '30%' });
    expect(member.document(plan).errors).toEqual([]);
  });

  it('the team reads the portal (the server writes it)', async () => {
    const { portal } = docs(world.projectA.id);
    const owner = await connect(world.owner);
    owner.open(portal);
    await owner.waitForSync(portal);
    expect(fieldsOf(owner, portal)).toEqual({ headline: 'Welcome, Acme' });
  });
});

describe("the customer's side", () => {
  it('is refused the plan, internal parts and unshared items: an error frame on /ws', async () => {
    const { plan, internal, item } = docs(world.projectA.id);
    for (const person of [world.collaborator, world.viewer]) {
      const peer = await connect(person);
      for (const name of [plan, internal, item]) {
        peer.open(name);
        expect(await peer.waitForError(name), `${person.name}: ${name}`).toBe('forbidden');
        expect(peer.document(name).synced).toBe(false);
      }
      expect(peer.connected).toBe(true);
    }
  });

  it('is refused the plan and internal parts on /sync/ with close code 4403', async () => {
    const { plan, internal } = docs(world.projectA.id);
    for (const name of [plan, internal]) {
      const peer = await connect(world.collaborator, single(name));
      expect((await closeOf(peer)).code).toBe(4403);
      expect(peer.document().synced).toBe(false);
    }
  });

  it('reads the portal', async () => {
    const { portal } = docs(world.projectA.id);
    for (const person of [world.collaborator, world.viewer]) {
      const peer = await connect(person);
      peer.open(portal);
      await peer.waitForSync(portal);
      expect(fieldsOf(peer, portal)).toEqual({ headline: 'Welcome, Acme' });
      const single_ = await connect(person, single(portal));
      await single_.waitForSync();
      expect(fieldsOf(single_)).toEqual({ headline: 'Welcome, Acme' });
    }
  });

  it('cannot write the portal: read_only on /ws, 4403 on /sync/, and nothing is stored or broadcast', async () => {
    const { portal } = docs(world.projectA.id);
    const before = await readStoredRows(world.server.dataDir, portal);
    const watcher = await connect(world.owner);
    watcher.open(portal);
    await watcher.waitForSync(portal);

    const collaborator = await connect(world.collaborator);
    collaborator.open(portal);
    await collaborator.waitForSync(portal);
    collaborator.write(portal, 'headline', 'Acme was here');
    expect(await collaborator.waitForError(portal)).toBe('read_only');

    const viaSingle = await connect(world.viewer, single(portal));
    await viaSingle.waitForSync();
    viaSingle.write(undefined, 'headline', 'Viewer was here');
    expect((await closeOf(viaSingle)).code).toBe(4403);

    // A fresh reader (a second client) sees the portal as the server wrote it.
    const reader = await connect(world.member);
    reader.open(portal);
    await reader.waitForSync(portal);
    expect(fieldsOf(reader, portal)).toEqual({ headline: 'Welcome, Acme' });
    expect(fieldsOf(watcher, portal)).toEqual({ headline: 'Welcome, Acme' });
    expect(await readStoredRows(world.server.dataDir, portal)).toEqual(before);
  });

  it("a collaborator of project B is refused all of project A's documents", async () => {
    const peer = await connect(world.collaboratorB);
    for (const name of Object.values(docs(world.projectA.id))) {
      peer.open(name);
      expect(await peer.waitForError(name), name).toBe('forbidden');
    }
    const own = docs(world.projectB.id).portal;
    peer.open(own);
    await peer.waitForSync(own);
    const single_ = await connect(world.collaboratorB, single(docs(world.projectA.id).portal));
    expect((await closeOf(single_)).code).toBe(4403);
  });
});

describe('a stranger', () => {
  it('is refused every document, with the same answer as for one that does not exist', async () => {
    const peer = await connect(world.stranger);
    const names = [
      ...Object.values(docs(world.projectA.id)),
      ...Object.values(docs(world.projectB.id)),
      ...Object.values(docs('prj_doesNotExist00000')),
      'project/x/secret',
      'task/1',
    ];
    for (const name of names) {
      peer.open(name);
      expect(await peer.waitForError(name), name).toBe('forbidden');
    }
    const messages = new Set(names.map((name) => peer.document(name).errors[0]?.message));
    expect(messages.size).toBe(1);
    const single_ = await connect(world.stranger, single(docs(world.projectA.id).portal));
    expect((await closeOf(single_)).code).toBe(4403);
  });
});

describe('live access changes', () => {
  it('a collaborator removed from the project loses the live portal subscription at once', async () => {
    const person = await newCustomerPerson(world.projectA.id, 'collaborator');
    const { portal } = docs(world.projectA.id);
    const multiplexed = await connect(person);
    multiplexed.open(portal);
    await multiplexed.waitForSync(portal);
    const viaSingle = await connect(person, single(portal));
    await viaSingle.waitForSync();

    expectStatus(await world.admin.api.delete(`/projects/${world.projectA.id}/members/${person.id}`), 204);
    expect(await multiplexed.waitForError(portal)).toBe('access_revoked');
    expect(await closeOf(viaSingle)).toEqual({ code: 4403, reason: 'access_revoked' });
    // The /ws socket itself stays up; subscribing again is refused.
    expect(multiplexed.connected).toBe(true);
    const again = await connect(person);
    again.open(portal);
    expect(await again.waitForError(portal)).toBe('forbidden');
  });

  it('a team member removed from the workspace loses the plan at once', async () => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'member' });
    const n = ++fresh;
    const person = await joinAsNewPerson(world.server, invite.token, {
      name: `Leaving ${n}`,
      email: `leaving-${n}@orchard.example`,
    });
    const { plan } = docs(world.projectA.id);
    const peer = await connect(person);
    peer.open(plan);
    await peer.waitForSync(plan);
    expectStatus(await world.admin.api.delete(`/workspaces/${world.workspace.id}/members/${person.id}`), 204);
    expect(await peer.waitForError(plan)).toBe('access_revoked');
  });

  it("signing out closes that session's sockets (4401); the person's other sessions stay connected", async () => {
    const person = await newCustomerPerson(world.projectA.id, 'viewer');
    const laptop = await signInAgain(world.server, person);
    const { portal } = docs(world.projectA.id);
    const phoneSocket = await connect(person);
    phoneSocket.open(portal);
    const laptopSocket = await SyncPeer.connect(world.server.wsUrl, single(portal), { cookie: laptop.cookie }, defer);
    await Promise.all([phoneSocket.waitForSync(portal), laptopSocket.waitForSync()]);

    const laptopCookie = laptop.cookie;
    expectStatus(await laptop.post('/auth/signout'), 204);
    expect((await closeOf(laptopSocket)).code).toBe(4401);
    expect(phoneSocket.connected).toBe(true);
    expect(await attemptUpgrade(world.server.wsUrl, ws, { cookie: laptopCookie })).toMatchObject({ status: 401 });
  });

  it('revoking a token closes the sockets opened with it (4401), and no others', async () => {
    const person = await newCustomerPerson(world.projectA.id, 'viewer');
    const { portal } = docs(world.projectA.id);
    const created = expectStatus(await person.api.post('/tokens', { name: 'sync script' }), 201);
    const viaQuery = await SyncPeer.connect(world.server.wsUrl, single(portal), { token: created.token }, defer);
    const viaHeader = await SyncPeer.connect(world.server.wsUrl, ws, { bearer: created.token }, defer);
    viaHeader.open(portal);
    const viaCookie = await connect(person);
    viaCookie.open(portal);
    await Promise.all([viaQuery.waitForSync(), viaHeader.waitForSync(portal), viaCookie.waitForSync(portal)]);

    expectStatus(await person.api.delete(`/tokens/${created.id}`), 204);
    expect((await closeOf(viaQuery)).code).toBe(4401);
    expect((await closeOf(viaHeader)).code).toBe(4401);
    expect(viaCookie.connected).toBe(true);
    expect(await attemptUpgrade(world.server.wsUrl, ws, { token: created.token })).toMatchObject({ status: 401 });
  });

  it('changing the password closes the sockets of the sessions it signs out (4401), not this one', async () => {
    const person = await newCustomerPerson(world.projectA.id, 'viewer');
    const other = await signInAgain(world.server, person);
    const { portal } = docs(world.projectA.id);
    const otherSocket = await SyncPeer.connect(world.server.wsUrl, single(portal), { cookie: other.cookie }, defer);
    const ownSocket = await connect(person, single(portal));
    await Promise.all([otherSocket.waitForSync(), ownSocket.waitForSync()]);

    expectStatus(
      await person.api.post('/me/password', { currentPassword: person.password, newPassword: 'an entirely new one' }),
      204,
    );
    expect((await closeOf(otherSocket)).code).toBe(4401);
    expect(ownSocket.connected).toBe(true);
  });

  it('a reset from the command line (another process) signs the account out everywhere; its API tokens stay', async () => {
    const person = await newCustomerPerson(world.projectA.id, 'viewer');
    const laptop = await signInAgain(world.server, person);
    const { portal } = docs(world.projectA.id);
    const created = expectStatus(await person.api.post('/tokens', { name: 'sync script' }), 201);
    const phoneSocket = await connect(person, single(portal));
    const laptopSocket = await SyncPeer.connect(world.server.wsUrl, single(portal), { cookie: laptop.cookie }, defer);
    const scriptSocket = await SyncPeer.connect(world.server.wsUrl, single(portal), { token: created.token }, defer);
    await Promise.all([phoneSocket.waitForSync(), laptopSocket.waitForSync(), scriptSocket.waitForSync()]);

    // The CLI opens the database itself: nothing in the server hears of the reset.
    const reset = await runCli(
      ['user', 'reset-password', '--email', person.email, '--password', 'reset by the operator'],
      {
        DATA_DIR: world.server.dataDir,
        ...(await databaseEnv(world.server.dataDir)),
      },
    );
    expect(reset).toEqual({ code: 0, out: `Password reset for ${person.email}; 2 session(s) signed out` });
    expectStatus(await person.api.get('/me'), 401);
    expectStatus(await laptop.get('/me'), 401);
    expect((await closeOf(phoneSocket)).code).toBe(4401);
    expect((await closeOf(laptopSocket)).code).toBe(4401);
    expect(await attemptUpgrade(world.server.wsUrl, ws, { cookie: laptop.cookie })).toMatchObject({ status: 401 });
    // API tokens are explicit credentials, revoked one by one: the script goes on.
    expectStatus(await person.api.withToken(created.token).get('/me'), 200);
    expect(scriptSocket.connected).toBe(true);
    await signInAgain(world.server, { email: person.email, password: 'reset by the operator' });
  });
});

describe('after a restart', () => {
  it('sessions still open sockets and the refused portal write is still absent', async () => {
    const { portal } = docs(world.projectA.id);
    const restarted = await restartApiServer(worldDefer, world.server);
    world.server = restarted;
    const peer = await SyncPeer.connect(restarted.wsUrl, ws, as(world.collaborator, restarted), defer);
    peer.open(portal);
    await peer.waitForSync(portal);
    expect(fieldsOf(peer, portal)).toEqual({ headline: 'Welcome, Acme' });
    const plan = docs(world.projectA.id).plan;
    peer.open(plan);
    expect(await peer.waitForError(plan)).toBe('forbidden');
    await eventually(() => expect(peer.connected).toBe(true));
  });
});
