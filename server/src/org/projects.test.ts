/**
 * Workspaces, projects and their people against a real database (SQLite file, or PostgreSQL under
 * `npm run test:postgres`): a person's standing combines their workspace and project roles, and the
 * lists of projects and people say who is on which side, the same on both engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase, insertPerson } from '../../test/support/engines.ts';
import type { Database, Db } from '../storage/database.ts';
import { createCustomer } from './customers.ts';
import {
  createProject,
  listProjectPeople,
  listProjectsFor,
  removeProjectMember,
  setProjectRole,
  standingIn,
} from './projects.ts';
import { countOwners, createWorkspace, removeWorkspaceMember, setWorkspaceRole, workspaceRole } from './workspaces.ts';

let dispose: () => Promise<void>;
let database: Database;
let db: Db;

const person = (name: string) => insertPerson(db, name);

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('org'));
  db = database.db;
});

afterEach(async () => {
  await dispose();
});

describe('projects and their people', () => {
  it('combines workspace and project roles into standing, lists and sides', async () => {
    const owner = await person('Olive');
    const contractor = await person('Carl');
    const viewer = await person('Vera');
    const stranger = await person('Sam');
    const workspace = await createWorkspace(db, 'Studio', owner);
    const acme = await createCustomer(db, workspace.id, 'Acme');
    const project = await createProject(db, { workspaceId: workspace.id, customerId: acme.id, name: 'Site' });
    await setProjectRole(db, project.id, contractor, 'member');
    await setProjectRole(db, project.id, viewer, 'collaborator');
    await setProjectRole(db, project.id, viewer, 'viewer'); // a second set replaces the role

    expect(await standingIn(db, owner, project.id)).toEqual({ workspaceRole: 'owner', projectRole: null, project });
    expect(await standingIn(db, viewer, project.id)).toMatchObject({ workspaceRole: null, projectRole: 'viewer' });
    expect(await standingIn(db, stranger, project.id)).toMatchObject({ workspaceRole: null, projectRole: null });
    expect(await standingIn(db, owner, 'prj_missing')).toEqual({ workspaceRole: null, projectRole: null });

    expect(await listProjectPeople(db, project)).toEqual([
      expect.objectContaining({ userId: viewer, side: 'customer', role: 'viewer' }),
      expect.objectContaining({ userId: contractor, side: 'team', role: 'member', name: 'Carl' }),
      expect.objectContaining({ userId: owner, side: 'team', role: 'owner', name: 'Olive' }),
    ]);
    expect(await listProjectsFor(db, contractor)).toEqual([
      { ...project, workspaceName: 'Studio', customerName: 'Acme', side: 'team', role: 'member' },
    ]);
    expect(await listProjectsFor(db, viewer)).toEqual([
      expect.objectContaining({ id: project.id, side: 'customer', role: 'viewer' }),
    ]);
    expect(await listProjectsFor(db, stranger)).toEqual([]);

    // Someone on the team who is also a project member is listed once, on the team's side.
    await setWorkspaceRole(db, workspace.id, viewer, 'member');
    const people = await listProjectPeople(db, project);
    expect(people.filter((p) => p.userId === viewer)).toEqual([
      expect.objectContaining({ side: 'team', role: 'member' }),
    ]);

    expect(await removeProjectMember(db, project.id, contractor)).toBe(true);
    expect(await removeProjectMember(db, project.id, contractor)).toBe(false);
    expect((await standingIn(db, contractor, project.id)).projectRole).toBeNull();
  });

  it('counts owners and removes team members', async () => {
    const owner = await person('Olive');
    const second = await person('Otto');
    const workspace = await createWorkspace(db, 'Studio', owner);
    expect(await countOwners(db, workspace.id)).toBe(1);
    await setWorkspaceRole(db, workspace.id, second, 'owner');
    expect(await countOwners(db, workspace.id)).toBe(2);
    await setWorkspaceRole(db, workspace.id, second, 'admin');
    expect(await workspaceRole(db, workspace.id, second)).toBe('admin');
    expect(await removeWorkspaceMember(db, workspace.id, second)).toBe(true);
    expect(await removeWorkspaceMember(db, workspace.id, second)).toBe(false);
    expect(await workspaceRole(db, workspace.id, second)).toBeNull();
  });
});
