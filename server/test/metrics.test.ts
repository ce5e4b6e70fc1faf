/**
 * /metrics tells the truth about sync traffic: open connections, documents in memory, updates and
 * bytes received, commit timings, and bad-input closes — checked against what the test's own
 * clients did.
 */
import { expect, it } from 'vitest';
import { cleanupAfterEach } from './support/cleanup.ts';
import { eventually } from './support/eventually.ts';
import { sample } from './support/sampleDocument.ts';
import { SyncClient } from './support/syncClient.ts';
import { startTestServer, type TestServer } from './support/testServer.ts';

const defer = cleanupAfterEach();

type Scrape = { value(name: string, labels?: string): number; text: string };

async function scrape(server: TestServer): Promise<Scrape> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await response.text();
  const value = (name: string, labels = '') => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
    if (!line) throw new Error(`metric ${name}${labels ? `{${labels}}` : ''} not found`);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return { value, text };
}

function histogramBuckets(text: string, name: string): Array<{ le: number; count: number }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}_bucket{`))
    .map((line) => {
      const le = /le="([^"]+)"/.exec(line)?.[1] ?? '';
      return { le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), count: Number(line.split(' ').at(-1)) };
    });
}

it('starts at zero', async () => {
  const server = await startTestServer(defer);
  const metrics = await scrape(server);
  for (const name of [
    'atrium_connections',
    'atrium_documents_loaded',
    'atrium_updates_in_total',
    'atrium_bytes_in_total',
  ]) {
    expect(metrics.value(name), name).toBe(0);
  }
  expect(metrics.value('atrium_storage_commit_seconds_count')).toBe(0);
});

it('counts connections, loaded documents, updates and bytes in, and commit timings after traffic', async () => {
  const server = await startTestServer(defer, { env: { COMPACT_AFTER_UPDATES: '1000000' } });
  const alice = await SyncClient.multiplexed(server.wsUrl, defer);
  alice.open('project/p1/plan');
  alice.open('task/1');
  const bob = await SyncClient.single(server.wsUrl, 'project/p1/plan', defer);
  await Promise.all([alice.waitForSync('project/p1/plan'), alice.waitForSync('task/1'), bob.waitForSync()]);

  for (let i = 0; i < 12; i += 1) sample.fields(alice.doc('project/p1/plan')).set(`a${i}`, i);
  for (let i = 0; i < 5; i += 1) sample.items(alice.doc('task/1')).push([i]);
  await Promise.all([alice.waitForAck('project/p1/plan'), alice.waitForAck('task/1')]);
  for (let i = 0; i < 7; i += 1) sample.text(bob.doc()).insert(0, `b${i}`);
  // The last of bob's frames has been handled once its edit reached alice.
  await eventually(() => expect(sample.text(alice.doc('project/p1/plan')).toString()).toContain('b6'));

  const metrics = await scrape(server);
  expect(metrics.value('atrium_connections')).toBe(2);
  expect(metrics.value('atrium_documents_loaded')).toBe(2);

  const updatesSent =
    alice.document('project/p1/plan').updatesSent + alice.document('task/1').updatesSent + bob.document().updatesSent;
  expect(updatesSent).toBeGreaterThanOrEqual(12 + 5 + 7);
  expect(metrics.value('atrium_updates_in_total')).toBe(updatesSent);
  expect(metrics.value('atrium_bytes_in_total')).toBe(alice.bytesSent + bob.bytesSent);
  expect(metrics.value('atrium_updates_out_total')).toBeGreaterThanOrEqual(12 + 7);
  expect(metrics.value('atrium_bytes_out_total')).toBeGreaterThan(0);

  // 24 non-empty updates were committed, in at least one and at most 24 transactions.
  const commits = metrics.value('atrium_storage_commit_seconds_count');
  expect(commits).toBeGreaterThanOrEqual(1);
  expect(commits).toBeLessThanOrEqual(24);
  const commitSeconds = metrics.value('atrium_storage_commit_seconds_sum');
  expect(commitSeconds).toBeGreaterThan(0);
  expect(commitSeconds).toBeLessThan(commits * 10);
  const buckets = histogramBuckets(metrics.text, 'atrium_storage_commit_seconds');
  expect(buckets.length).toBeGreaterThan(1);
  for (let i = 1; i < buckets.length; i += 1) {
    expect(buckets[i]?.le).toBeGreaterThan(buckets[i - 1]?.le ?? 0);
    expect(buckets[i]?.count).toBeGreaterThanOrEqual(buckets[i - 1]?.count ?? 0);
  }
  expect(buckets.at(-1)).toEqual({ le: Number.POSITIVE_INFINITY, count: commits });
  expect(metrics.value('atrium_storage_batch_updates_sum')).toBe(24);

  await bob.close();
  await eventually(async () => expect((await scrape(server)).value('atrium_connections')).toBe(1));
  await alice.close();
  await eventually(async () => expect((await scrape(server)).value('atrium_connections')).toBe(0));
});

it('counts connections closed for bad input', async () => {
  const server = await startTestServer(defer);
  for (let i = 0; i < 3; i += 1) {
    const attacker = await SyncClient.single(server.wsUrl, 'task/1', defer);
    attacker.sendRaw('not binary');
    await attacker.waitForClose();
  }
  const metrics = await scrape(server);
  expect(metrics.value('atrium_connections_closed_bad_input_total')).toBe(3);
  await eventually(async () => expect((await scrape(server)).value('atrium_connections')).toBe(0));
});

it('drops evicted documents from the loaded count', async () => {
  const server = await startTestServer(defer, { env: { DOC_EVICT_GRACE_MS: '10' } });
  const client = await SyncClient.multiplexed(server.wsUrl, defer);
  for (const name of ['task/1', 'task/2', 'task/3']) client.open(name);
  await Promise.all(['task/1', 'task/2', 'task/3'].map((name) => client.waitForSync(name)));
  expect((await scrape(server)).value('atrium_documents_loaded')).toBe(3);
  client.unsubscribe('task/2');
  await eventually(async () => expect((await scrape(server)).value('atrium_documents_loaded')).toBe(2));
  await client.close();
  await eventually(async () => expect((await scrape(server)).value('atrium_documents_loaded')).toBe(0));
});
