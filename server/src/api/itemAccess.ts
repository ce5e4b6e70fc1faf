/**
 * A caller's access to one part of an item, decided exactly as for the sync socket
 * (`decideDocumentAccess`): REST routes on versions, approvals and files ask here. Outsiders, and
 * customers asking about an unshared item or any internal part, get the same 404 as for an item
 * that does not exist.
 */
import { decideDocumentAccess } from '@atrium/shared/access/documentAccess.ts';
import type { ProjectStanding } from '@atrium/shared/access/roles.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { visibleProject } from '../access/guards.ts';
import { mirroredItem } from '../content/itemVisibility.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { Project } from '../org/projects.ts';
import { type ApiContext, caller, services } from './context.ts';

export type ItemPart = 'shared' | 'internal';

export type ItemAccess = {
  project: Project;
  standing: ProjectStanding;
  level: 'read' | 'write';
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
  const { sqlite: db } = services(c);
  const { project, standing } = await visibleProject(services(c).db, caller(c).user.id, projectId);
  const item = await mirroredItem(db, project.id, itemId);
  const document =
    part === 'shared'
      ? projectDocumentName.itemShared(project.id, itemId)
      : projectDocumentName.itemInternal(project.id, itemId);
  const level = item ? decideDocumentAccess({ documentName: document, standing, itemShared: item.shared }) : 'none';
  if (!item || level === 'none') throw NotFound('Item not found.');
  return { project, standing, level, shared: item.shared, title: item.title, document };
}

export function writable(access: ItemAccess): void {
  if (access.level !== 'write') throw Forbidden('You can read this item but not change it.');
}
