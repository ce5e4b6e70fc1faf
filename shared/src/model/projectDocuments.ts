/**
 * The names of a project's documents, and their parsing. The project id is part of every name so
 * the access decision needs nothing but the name and the caller's role in that project.
 *
 *   project/<projectId>/plan                   the team's plan (internal)
 *   project/<projectId>/portal                 the customer-facing index (the server writes it)
 *   project/<projectId>/presence               who is in the project now: awareness only, no content
 *   project/<projectId>/item/<itemId>          an item's shareable part
 *   project/<projectId>/item/<itemId>/internal an item's internal part (team only)
 */
import { isValidDocumentName } from './documentName.ts';

export type ProjectDocument =
  | { kind: 'plan'; projectId: string }
  | { kind: 'portal'; projectId: string }
  | { kind: 'presence'; projectId: string }
  | { kind: 'itemShared'; projectId: string; itemId: string }
  | { kind: 'itemInternal'; projectId: string; itemId: string };

export const projectDocumentName = {
  plan: (projectId: string) => `project/${projectId}/plan`,
  portal: (projectId: string) => `project/${projectId}/portal`,
  presence: (projectId: string) => `project/${projectId}/presence`,
  itemShared: (projectId: string, itemId: string) => `project/${projectId}/item/${itemId}`,
  itemInternal: (projectId: string, itemId: string) => `project/${projectId}/item/${itemId}/internal`,
};

/** Parses a document name; null for anything that is not one of a project's documents. */
export function parseProjectDocument(name: string): ProjectDocument | null {
  if (!isValidDocumentName(name)) return null;
  const parts = name.split('/');
  const [root, projectId, kind, itemId, suffix] = parts;
  if (root !== 'project' || !projectId) return null;
  if (parts.length === 3 && kind === 'plan') return { kind: 'plan', projectId };
  if (parts.length === 3 && kind === 'portal') return { kind: 'portal', projectId };
  if (parts.length === 3 && kind === 'presence') return { kind: 'presence', projectId };
  if (kind !== 'item' || !itemId) return null;
  if (parts.length === 4) return { kind: 'itemShared', projectId, itemId };
  if (parts.length === 5 && suffix === 'internal') return { kind: 'itemInternal', projectId, itemId };
  return null;
}
