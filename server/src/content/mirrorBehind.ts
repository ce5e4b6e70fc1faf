/**
 * Sharing fails closed while the visibility mirror is behind the plan. When writing
 * `item_visibility` fails, the project's items the plan shares are remembered here, in memory, until
 * the mirror is written; meanwhile an item counts as shared only when the mirror *and* the plan say
 * so. An unshare thus takes effect at once although the mirror still says "shared"; a share waits
 * for the mirror. Kept per database, beside the mirror it corrects, so every reader of the mirror
 * (`itemVisibility.ts`) applies it without being handed anything.
 */
import type { SqliteDatabase } from '../storage/sqlite/database.ts';

const behind = new WeakMap<SqliteDatabase, Map<string, ReadonlySet<string>>>();

/** The mirror of this project could not be written: hold sharing to what the plan shares now. */
export function holdSharingToPlan(db: SqliteDatabase, projectId: string, sharedInPlan: Iterable<string>): void {
  const projects = behind.get(db) ?? new Map<string, ReadonlySet<string>>();
  behind.set(db, projects);
  projects.set(projectId, new Set(sharedInPlan));
}

/** The mirror of this project was written; returns whether sharing was being held. */
export function mirrorCaughtUp(db: SqliteDatabase, projectId: string): boolean {
  return behind.get(db)?.delete(projectId) ?? false;
}

/** Whether an item the mirror says is `mirrored` shared counts as shared. */
export function sharedDespiteLag(db: SqliteDatabase, projectId: string, itemId: string, mirrored: boolean): boolean {
  if (!mirrored) return false;
  return behind.get(db)?.get(projectId)?.has(itemId) ?? true;
}
