/**
 * Access changed by another process — the admin CLI, run as a child process on the server's
 * database — reaches the running server's live sockets within a second (access/accessChanges.ts):
 * a customer taken off the project loses their open subscriptions, one given a higher role may
 * write without reconnecting, and a session the CLI ends closes its socket.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorld,
  cleanupAfterAll,
  createInvite,
  joinAsNewPerson,
  type Person,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { createItem, documentsOf } from '../support/projectItems.ts';
import { SyncPeer } from '../support/syncPeer.ts';
import { databaseEnv } from '../support/testDatabase.ts';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const worldDefer = cleanupAfterAll();
const defer = cleanupAfterEach();
let world: World;
let docs: ReturnType<typeof documentsOf>;
let item: string;
let fresh = 0;

/** The promise of the issue: a change elsewhere reaches live sockets within this long. */
const withinOneSecond = 1_000;

beforeAll(async () => {
  world = await buildWorld(worldDefer);
  docs = documentsOf(world.projectA.id);
  // The item is shared by the time the response comes (the mirror is written first).
  item = docs.item((await createItem(world.admin, world.projectA.id, { title: 'Launch plan', shared: true })).id);
});

/** Runs `npm run atrium -- …` as its own process on the server's database; resolves when it has exited. */
async function atrium(...args: string[]): Promise<{ code: number | null; out: string; exitedAt: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', ...args], {
    cwd: repositoryRoot,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: world.server.dataDir,
      ...(await databaseEnv(world.server.dataDir)),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out: out.trim(), exitedAt: performance.now() };
}

/** Polls `assertion` until the deadline, one second after the CLI exited; fails after it. */
function withinOneSecondOf(exitedAt: number, assertion: () => void): Promise<void> {
  return eventually(assertion, Math.max(0, exitedAt + withinOneSecond - performance.now()));
}

async function newCustomer(role: 'collaborator' | 'viewer'): Promise<Person> {
  const invite = await createInvite(world.admin, world.workspace.id, { role, projectId: world.projectA.id });
  const n = ++fresh;
  return joinAsNewPerson(world.server, invite.token, { name: `Cli Person ${n}`, email: `cli-${n}@acme.example` });
}

/** The customer on /ws with the portal and the shared item open and synced. */
async function connected(person: Person): Promise<SyncPeer> {
  const peer = await SyncPeer.connect(world.server.wsUrl, { ws: true }, { cookie: person.api.cookie }, defer);
  peer.open(docs.portal);
  peer.open(item);
  await Promise.all([peer.waitForSync(docs.portal), peer.waitForSync(item)]);
  return peer;
}

const errorsOf = (peer: SyncPeer, name: string) => peer.document(name).errors.map((error) => error.code);

describe('a change made with the CLI while the server runs', () => {
  it("a customer removed from the project loses every open subscription within a second; others' stay", async () => {
    const leaving = await newCustomer('collaborator');
    const staying = await newCustomer('collaborator');
    const [leavingPeer, stayingPeer] = await Promise.all([connected(leaving), connected(staying)]);

    const removed = await atrium('member', 'remove', '--email', leaving.email, '--project', world.projectA.id);
    expect(removed).toMatchObject({ code: 0, out: `${leaving.email} is no longer a member of project Acme website` });

    await withinOneSecondOf(removed.exitedAt, () => {
      expect(errorsOf(leavingPeer, item)).toEqual(['access_revoked']);
      expect(errorsOf(leavingPeer, docs.portal)).toEqual(['access_revoked']);
    });
    // The socket itself stays (the person may still have other projects); the others are untouched.
    expect(leavingPeer.connected).toBe(true);
    stayingPeer.write(item, 'note', 'still here');
    await stayingPeer.waitForAck(item);
    expect(errorsOf(stayingPeer, item)).toEqual([]);
    expect(errorsOf(stayingPeer, docs.portal)).toEqual([]);
  });

  it('a viewer made collaborator writes to the open item without reconnecting', async () => {
    const promoted = await newCustomer('viewer');
    // Taken off the project by the second command: once their subscription is closed, the server
    // has re-decided every socket after both commands committed.
    const witness = await newCustomer('viewer');
    const [peer, witnessPeer] = await Promise.all([connected(promoted), connected(witness)]);

    const granted = await atrium(
      'member',
      'add',
      '--email',
      promoted.email,
      '--project',
      world.projectA.id,
      '--role',
      'collaborator',
    );
    expect(granted).toMatchObject({ code: 0 });
    const removed = await atrium('member', 'remove', '--email', witness.email, '--project', world.projectA.id);
    expect(removed).toMatchObject({ code: 0 });
    await withinOneSecondOf(removed.exitedAt, () => expect(errorsOf(witnessPeer, item)).toEqual(['access_revoked']));

    const other = await connected(world.collaborator);
    // As a viewer, this write would be answered `read_only` (syncAccess.test.ts).
    peer.write(item, 'after', 'accepted');
    await peer.waitForAck(item);
    await eventually(() => expect(other.document(item).doc.getMap('fields').get('after')).toBe('accepted'));
    expect(errorsOf(peer, item)).toEqual([]);
  });

  it('a reset password closes the sockets of the sessions it ended within a second', async () => {
    const person = await newCustomer('viewer');
    const peer = await connected(person);
    const reset = await atrium('user', 'reset-password', '--email', person.email, '--password', 'set by the operator');
    expect(reset).toMatchObject({ code: 0 });
    await withinOneSecondOf(reset.exitedAt, () => expect(peer.closedWith?.code).toBe(4401));
  });
});
