/**
 * Sharing fails closed while the visibility mirror is behind the plan. When writing
 * `item_visibility` fails, the project's items the plan shares are remembered here, in memory, until
 * the mirror is written; meanwhile an item counts as shared only when the mirror *and* the plan say
 * so. An unshare thus takes effect at once although the mirror still says "shared"; a share waits
 * for the mirror. Kept per data layer (the `Db` itself, never a transaction), beside the mirror it
 * corrects, so every reader of the mirror (`itemVisibility.ts`) applies it without being handed anything.
 *
 * Every plan change also holds sharing to the plan, in memory only, for the moment until its mirror
 * write commits (`holdUntilMirrored`): the mirror is written asynchronously, and an unshare must be in
 * force from the moment the plan change is applied.
 *
 * A hold also survives a restart (and `kill -9`): it is written to a file per project under
 * `DATA_DIR/mirror-behind/` — not into the database, whose writes are what failed — and read back
 * when the server starts, until the project's plan is next derived and the mirror catches up.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../storage/database.ts';

const behind = new WeakMap<Db, Map<string, ReadonlySet<string>>>();
const holdDirectories = new WeakMap<Db, string>();
const writing = new WeakMap<Db, Map<string, ReadonlySet<string>>>();

/**
 * Start-up: keep this database's holds in `directory` from now on, and restore the ones a previous
 * run left there. Returns the projects whose mirror is still behind.
 */
export function keepHoldsIn(db: Db, directory: string): string[] {
  holdDirectories.set(db, directory);
  if (!fs.existsSync(directory)) return [];
  const restored: string[] = [];
  for (const file of fs.readdirSync(directory)) {
    if (!file.endsWith('.json')) continue;
    const projectId = file.slice(0, -'.json'.length);
    const shared: unknown = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8'));
    const ids = Array.isArray(shared) ? shared.filter((id): id is string => typeof id === 'string') : [];
    holdInMemory(db, projectId, ids);
    restored.push(projectId);
  }
  return restored;
}

/** The mirror of this project could not be written: hold sharing to what the plan shares now. */
export function holdSharingToPlan(db: Db, projectId: string, sharedInPlan: Iterable<string>): void {
  const ids = [...sharedInPlan];
  holdInMemory(db, projectId, ids);
  const directory = holdDirectories.get(db);
  if (!directory) return;
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${projectId}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(ids));
  fs.renameSync(`${file}.tmp`, file);
}

/** The mirror of this project was written; returns whether sharing was being held. */
export function mirrorCaughtUp(db: Db, projectId: string): boolean {
  const directory = holdDirectories.get(db);
  if (directory) fs.rmSync(path.join(directory, `${projectId}.json`), { force: true });
  return behind.get(db)?.delete(projectId) ?? false;
}

/** A plan change is on its way into the mirror: until `mirrorWritten`, hold sharing to what the plan shares. */
export function holdUntilMirrored(db: Db, projectId: string, sharedInPlan: Iterable<string>): void {
  const projects = writing.get(db) ?? new Map<string, ReadonlySet<string>>();
  writing.set(db, projects);
  projects.set(projectId, new Set(sharedInPlan));
}

/** The project's latest plan change went through the mirror (written, or held by `holdSharingToPlan`). */
export function mirrorWritten(db: Db, projectId: string): void {
  writing.get(db)?.delete(projectId);
}

function holdInMemory(db: Db, projectId: string, sharedInPlan: string[]): void {
  const projects = behind.get(db) ?? new Map<string, ReadonlySet<string>>();
  behind.set(db, projects);
  projects.set(projectId, new Set(sharedInPlan));
}

/** Whether an item the mirror says is `mirrored` shared counts as shared. */
export function sharedDespiteLag(db: Db, projectId: string, itemId: string, mirrored: boolean): boolean {
  if (!mirrored) return false;
  if (writing.get(db)?.get(projectId)?.has(itemId) === false) return false;
  return behind.get(db)?.get(projectId)?.has(itemId) ?? true;
}
