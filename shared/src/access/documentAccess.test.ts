import { describe, expect, it } from 'vitest';
import { projectDocumentName as name } from '../model/projectDocuments.ts';
import { decideDocumentAccess } from './documentAccess.ts';
import type { ProjectStanding } from './roles.ts';

const standings: Record<string, ProjectStanding> = {
  owner: { workspaceRole: 'owner', projectRole: null },
  admin: { workspaceRole: 'admin', projectRole: null },
  member: { workspaceRole: 'member', projectRole: null },
  contractor: { workspaceRole: null, projectRole: 'member' },
  collaborator: { workspaceRole: null, projectRole: 'collaborator' },
  viewer: { workspaceRole: null, projectRole: 'viewer' },
  stranger: { workspaceRole: null, projectRole: null },
};

const documents = {
  plan: name.plan('p1'),
  portal: name.portal('p1'),
  presence: name.presence('p1'),
  itemShared: name.itemShared('p1', 'i1'),
  itemInternal: name.itemInternal('p1', 'i1'),
};

// Expected level per role for [plan, portal, shared part of a shared item, shared part of an
// unshared item, internal part of a shared item, presence].
const expected: Record<string, string[]> = {
  owner: ['write', 'read', 'write', 'write', 'write', 'read'],
  admin: ['write', 'read', 'write', 'write', 'write', 'read'],
  member: ['write', 'read', 'write', 'write', 'write', 'read'],
  contractor: ['write', 'read', 'write', 'write', 'write', 'read'],
  collaborator: ['none', 'read', 'write', 'none', 'none', 'read'],
  viewer: ['none', 'read', 'read', 'none', 'none', 'read'],
  stranger: ['none', 'none', 'none', 'none', 'none', 'none'],
};

describe('decideDocumentAccess', () => {
  for (const [role, standing] of Object.entries(standings)) {
    it(`gives a ${role} exactly the expected access to each kind of document`, () => {
      const levels = [
        decideDocumentAccess({ documentName: documents.plan, standing, itemShared: true }),
        decideDocumentAccess({ documentName: documents.portal, standing, itemShared: true }),
        decideDocumentAccess({ documentName: documents.itemShared, standing, itemShared: true }),
        decideDocumentAccess({ documentName: documents.itemShared, standing, itemShared: false }),
        decideDocumentAccess({ documentName: documents.itemInternal, standing, itemShared: true }),
        decideDocumentAccess({ documentName: documents.presence, standing, itemShared: true }),
      ];
      expect(levels).toEqual(expected[role]);
    });
  }

  it('refuses everyone for names that are not project documents', () => {
    for (const documentName of [
      'project/p1',
      'project/p1/secret',
      'project/p1/presence/x',
      'project/p1/item/i1/other',
      'x/y',
      '../p1/plan',
    ]) {
      expect(
        decideDocumentAccess({ documentName, standing: standings.owner as ProjectStanding, itemShared: true }),
      ).toBe('none');
    }
  });
});
