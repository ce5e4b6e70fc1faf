/**
 * Acknowledged means durable, even when the server process is killed with SIGKILL in the middle
 * of a stream of writes: after a restart on the same data directory every acked write is there.
 * Unacked writes may or may not be; but commits happen in order, so what survives of one client's
 * stream is always a prefix of it.
 */
import { expect, it } from 'vitest';
import { spawnServer } from './support/childServer.ts';
import { cleanupAfterEach } from './support/cleanup.ts';
import { contentOf, sample } from './support/sampleDocument.ts';
import { SyncClient } from './support/syncClient.ts';
import { makeDataDir } from './support/testServer.ts';

const defer = cleanupAfterEach();
const name = 'project/crash/log';

type Round = { keys: string[]; ackedKeys: string[] };

/** Streams writes until the server dies, killing it once `killAfterAcks` writes are acknowledged. */
async function writeUntilKilled(wsUrl: string, round: number, killAfterAcks: number, kill: () => Promise<void>) {
  const client = await SyncClient.multiplexed(wsUrl, defer);
  const document = client.open(name);
  await client.waitForSync(name);
  const keyAt = new Map<number, string>();
  let killing: Promise<void> | undefined;
  client.onMessage = (doc, message) => {
    if (doc === document && message.kind === 'ack' && message.count >= killAfterAcks) killing ??= kill();
  };

  const keys: string[] = [];
  for (let i = 0; client.connected && i < 20_000; i += 1) {
    const key = `r${round}-w${i}`;
    // One transaction, so one update message per write.
    document.doc.transact(() => {
      sample.fields(document.doc).set(key, i);
      if (i % 10 === 0) sample.items(document.doc).push([key]);
    });
    if (!client.connected) break;
    keys.push(key);
    keyAt.set(document.updatesSent, key);
    // Let acks in between small bursts, so the kill lands while writes are still arriving.
    if (i % 3 === 2) await new Promise((resolve) => setImmediate(resolve));
  }
  await client.waitForClose();
  await killing;
  const ackedKeys = [...keyAt].filter(([sequence]) => sequence <= document.acked).map(([, key]) => key);
  return { keys, ackedKeys } satisfies Round;
}

async function readBack(wsUrl: string): Promise<Record<string, unknown>> {
  const reader = await SyncClient.connect('single', wsUrl, name, defer);
  await reader.waitForSync();
  const fields = contentOf(reader.doc()).fields;
  await reader.close();
  return fields;
}

it('every acknowledged write survives SIGKILL mid-stream, over several kill/restart rounds', {
  timeout: 60_000,
}, async () => {
  const dataDir = makeDataDir(defer);
  const rounds: Round[] = [];
  const killPoints = [40, 150, 90];

  for (const [round, killAfterAcks] of killPoints.entries()) {
    const server = await spawnServer(defer, dataDir);
    if (round > 0) {
      const fields = await readBack(server.wsUrl);
      expectSurvived(rounds, fields);
    }
    const result = await writeUntilKilled(server.wsUrl, round, killAfterAcks, server.kill);
    // The first acked message is the (empty) step 2 answering the server's step 1.
    expect(result.ackedKeys.length).toBeGreaterThanOrEqual(killAfterAcks - 1);
    expect(server.process.signalCode).toBe('SIGKILL');
    rounds.push(result);
  }

  // The kills landed mid-stream: writes were still unacknowledged when the process died.
  const sent = rounds.reduce((sum, round) => sum + round.keys.length, 0);
  const acked = rounds.reduce((sum, round) => sum + round.ackedKeys.length, 0);
  expect(sent).toBeGreaterThan(acked);

  const server = await spawnServer(defer, dataDir);
  expectSurvived(rounds, await readBack(server.wsUrl));
  await server.kill();
});

function expectSurvived(rounds: Round[], fields: Record<string, unknown>): void {
  for (const { keys, ackedKeys } of rounds) {
    expect(ackedKeys.filter((key) => !(key in fields))).toEqual([]);
    // Commits are in order: the surviving writes of a stream are a prefix of it, without holes.
    const survived = keys.filter((key) => key in fields).length;
    expect(keys.slice(0, survived).every((key) => key in fields)).toBe(true);
    expect(survived).toBeGreaterThanOrEqual(ackedKeys.length);
  }
}
