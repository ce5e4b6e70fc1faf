/**
 * Loads a caller's access to one part of an item — their standing, and the level `documentAccess`
 * gives them on the part, exactly as for the sync socket — for the REST routes on versions,
 * approvals and files, which then ask the item-part policies (`access/policies/itemParts.ts`).
 * Outsiders, and customers asking about an unshared item or any internal part, get the same 404
 * as for an item that does not exist.
 */
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import type { ProjectStanding } from '@atrium/shared/access/roles.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import { documentAccess } from '../access/policies/documents.ts';
import { type ItemPart, mayReadItemPart } from '../access/policies/itemParts.ts';
import { mirroredItem } from '../content/itemVisibility.ts';
import { NotFound } from '../errors.ts';
import type { Project } from '../org/projects.ts';
import { type ApiContext, caller, services } from './context.ts';

export type ItemAccess = {
  project: Project;
  standing: ProjectStanding;
  /** Never `none`: `itemAccess` refuses that. */
  level: AccessLevel;
  shared: boolean;
  title: string;
  /** The part's document name. */
  document: string;
};

export async function itemAccess(
  c: ApiContext,
  projectId: string,
  itemId: string,
  part: ItemPart = 'shared',
): Promise<ItemAccess> {
  const { db } = services(c);
  const { project, standing } = await visibleProject(db, caller(c).user.id, projectId);
  const item = await mirroredItem(db, project.id, itemId);
  const document =
    part === 'shared'
      ? projectDocumentName.itemShared(project.id, itemId)
      : projectDocumentName.itemInternal(project.id, itemId);
  if (!item) throw NotFound('Item not found.');
  const level = documentAccess({ documentName: document, standing, itemShared: item.shared });
  enforce(mayReadItemPart({ level }));
  return { project, standing, level, shared: item.shared, title: item.title, document };
}
