/**
 * A micro-benchmark of what Atrium's checks add to each update in the fan-out bench, for reading
 * the "Enforcement cost" row: the microseconds `WriteRules.check` takes for the bench's own kind of
 * edit (a workspace owner setting a key of a Y.Map in an item's shareable part), next to one
 * `Y.decodeUpdate` of the same update (which the sync engine does anyway). Run:
 * `npx tsx bench/writeRulesCost.ts` in server/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { WriteRules } from '../src/access/writeRules.ts';
import { newId } from '../src/identity/secrets.ts';
import { createProject, standingIn } from '../src/org/projects.ts';
import { createWorkspace } from '../src/org/workspaces.ts';
import { openDatabase } from '../src/storage/database.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-rules-'));
const database = await openDatabase({ dataDir, sqliteSync: 'normal' });
const userId = newId('usr');
await database.db
  .insertInto('users')
  .values({ id: userId, email: 'bench@atrium.invalid', name: 'Bench', password_hash: 'x', created_at: Date.now() })
  .execute();
const workspace = await createWorkspace(database.db, 'Bench', userId);
const project = await createProject(database.db, { workspaceId: workspace.id, customerId: null, name: 'Bench' });
const name = `project/${project.id}/item/bench-0`;

// The bench's edits: ten clients each setting their own key to a ~40-byte marker.
const doc = new Y.Doc();
const clients = Array.from({ length: 10 }, () => new Y.Doc());
const updates: Uint8Array[] = [];
for (let i = 0; i < 20_000; i++) {
  const client = clients[i % clients.length] as Y.Doc;
  const before = Y.encodeStateVector(client);
  client.getMap('bench').set(String(client.clientID), `@@t=${Date.now()}@@${i}!`);
  const update = Y.encodeStateAsUpdate(client, before);
  updates.push(update);
}

const rules = new WriteRules(database.db, async (user, projectId) => standingIn(database.db, user, projectId));
// The first check loads the writer's standing and the document's clientID owners; later ones are
// synchronous, as on a live socket. Each accepted claim is settled as stored, as after a commit.
const settled = (verdict: Awaited<ReturnType<typeof rules.check>>) => {
  if (verdict.refusal === null) verdict.settle?.(true);
  return verdict;
};
settled(await rules.check(userId, name, doc, updates[0] as Uint8Array));
const time = (label: string, run: (update: Uint8Array) => unknown) => {
  for (const update of updates.slice(0, 2000)) run(update); // warm-up
  const start = process.hrtime.bigint();
  for (const update of updates) run(update);
  const micros = Number(process.hrtime.bigint() - start) / 1000 / updates.length;
  console.log(`${label}: ${micros.toFixed(2)} µs per update`);
};
time('Y.decodeUpdate', (update) => Y.decodeUpdate(update));
time('WriteRules.check (owner, shareable part)', (update) => {
  const verdict = rules.check(userId, name, doc, update);
  if (verdict instanceof Promise) throw new Error('a warm check must answer synchronously');
  return settled(verdict);
});
await database.close();
rmSync(dataDir, { recursive: true, force: true });
