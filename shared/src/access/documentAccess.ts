/**
 * The access decision: (someone's standing in a project, a document name, whether the item is
 * shared) → none | read | write. The only place in Atrium that decides who may sync what; the
 * sync server asks it on every subscription and again whenever sharing or membership changes.
 *
 * The customer side never gets the plan or any internal part. It reads the portal (which the
 * server alone writes), and an item's shareable part only while that item is shared: collaborators
 * may write it, viewers only read it.
 *
 * The presence document carries only awareness (who is in the project now, team and customer
 * alike): everyone in the project reads it and nobody writes content to it, so it stays empty and
 * costs nothing to open.
 */
import { parseProjectDocument } from '../model/projectDocuments.ts';
import type { AccessLevel } from './accessLevel.ts';
import { isInternal, type ProjectStanding } from './roles.ts';

export type AccessQuestion = {
  documentName: string;
  /** The caller's standing in the project the document belongs to (both null: a stranger). */
  standing: ProjectStanding;
  /** Whether the item the document belongs to is shared with the customer. */
  itemShared: boolean;
};

export function decideDocumentAccess({ documentName, standing, itemShared }: AccessQuestion): AccessLevel {
  const document = parseProjectDocument(documentName);
  if (!document) return 'none';
  if (isInternal(standing)) return document.kind === 'portal' || document.kind === 'presence' ? 'read' : 'write';
  const role = standing.projectRole;
  if (role !== 'collaborator' && role !== 'viewer') return 'none';
  switch (document.kind) {
    case 'portal':
    case 'presence':
      return 'read';
    case 'itemShared':
      if (!itemShared) return 'none';
      return role === 'collaborator' ? 'write' : 'read';
    default:
      return 'none';
  }
}
