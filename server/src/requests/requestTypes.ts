/**
 * A workspace's request types (question, change request, issue, complaint, and whatever its admins
 * add). Requests store the key; a type is archived rather than deleted, so old requests keep their
 * name. The defaults are created the first time a workspace's types are read (insert … on conflict
 * do nothing: two first reads at once both succeed and create each default once).
 */
import { defaultRequestTypes } from '@atrium/shared/model/requests.ts';
import { AppError, NotFound } from '../errors.ts';
import type { Db } from '../storage/database.ts';

export type RequestType = { key: string; name: string; position: number; archived: boolean };

export async function ensureDefaultTypes(db: Db, workspaceId: string): Promise<void> {
  const any = await db
    .selectFrom('request_types')
    .select('key')
    .where('workspace_id', '=', workspaceId)
    .limit(1)
    .executeTakeFirst();
  if (any) return;
  await db
    .insertInto('request_types')
    .values(
      defaultRequestTypes.map((type, position) => ({
        workspace_id: workspaceId,
        key: type.key,
        name: type.name,
        position,
        archived_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
    .execute();
}

/** Every type of the workspace in order (archived ones too, for the settings screen). */
export async function listRequestTypes(db: Db, workspaceId: string): Promise<RequestType[]> {
  await ensureDefaultTypes(db, workspaceId);
  const rows = await db
    .selectFrom('request_types')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('position')
    .orderBy('key')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    name: row.name,
    position: row.position,
    archived: row.archived_at !== null,
  }));
}

export async function findRequestType(db: Db, workspaceId: string, key: string): Promise<RequestType | undefined> {
  await ensureDefaultTypes(db, workspaceId);
  return (await listRequestTypes(db, workspaceId)).find((type) => type.key === key);
}

/** A key from the name: lower case words joined by underscores ("Billing question" → billing_question). */
export function typeKeyOf(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'type'
  );
}

export async function createRequestType(db: Db, workspaceId: string, name: string): Promise<RequestType> {
  const types = await listRequestTypes(db, workspaceId);
  const key = typeKeyOf(name);
  if (types.some((type) => type.key === key))
    throw new AppError('conflict', `A request type like “${name}” already exists.`);
  const position = Math.max(-1, ...types.map((type) => type.position)) + 1;
  await db
    .insertInto('request_types')
    .values({ workspace_id: workspaceId, key, name, position, archived_at: null })
    .execute();
  return { key, name, position, archived: false };
}

export async function updateRequestType(
  db: Db,
  workspaceId: string,
  key: string,
  change: { name?: string; archived?: boolean; position?: number },
): Promise<RequestType> {
  const existing = await findRequestType(db, workspaceId, key);
  if (!existing) throw NotFound('Request type not found.');
  const values = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.position !== undefined ? { position: change.position } : {}),
    ...(change.archived !== undefined ? { archived_at: change.archived ? Date.now() : null } : {}),
  };
  if (Object.keys(values).length > 0)
    await db
      .updateTable('request_types')
      .set(values)
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', key)
      .execute();
  return {
    key,
    name: change.name ?? existing.name,
    position: change.position ?? existing.position,
    archived: change.archived ?? existing.archived,
  };
}
