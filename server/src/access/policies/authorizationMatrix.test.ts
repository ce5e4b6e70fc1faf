/**
 * The authorization matrix at the policy level: for every kind of person, every action and (where
 * it matters) every situation of the item, the decision the policies give. The routes and the
 * sync policy only load standings and enforce these decisions, so this table is the whole of
 * "who may do what"; server/test/access/authorizationMatrix.test.ts checks the wire agrees.
 *
 * Outcomes: 'ok', or the HTTP status of the refusal (404 for outsiders and hidden things, 403 for
 * insiders without the right, 409 for a state that does not allow it yet).
 */
import type { AccessLevel } from '@atrium/shared/access/accessLevel.ts';
import type { ProjectStanding } from '@atrium/shared/access/roles.ts';
import { projectDocumentName as name } from '@atrium/shared/model/projectDocuments.ts';
import { defaultWorkflow } from '@atrium/shared/model/workflow.ts';
import { describe, expect, it } from 'vitest';
import type { SharingPeriod } from '../../content/sharingPeriods.ts';
import { type Decision, enforce } from './decision.ts';
import { documentAccess, mayViewAsCustomer, viewAsAccess } from './documents.ts';
import {
  mayChangeItemPart,
  mayDecideApproval,
  mayDownloadFile,
  mayListVersions,
  mayReadHistory,
  mayReadItemPart,
  mayRemoveFile,
  mayRestoreVersion,
  maySeeHistoryAt,
  maySubmitForApproval,
  mayTakeVersion,
  mayUploadFile,
  type PartStanding,
} from './itemParts.ts';
import {
  mayCreateItem,
  mayManageProjectMembers,
  mayMoveItem,
  mayMoveItems,
  mayRaiseRequest,
  mayReadProject,
  maySeeItem,
  maySeeProjectCustomer,
  mayShareItem,
} from './projects.ts';
import { mayListRequests, mayMoveRequest, mayRaiseOnBehalf, maySeeRouting, mayWorkRequest } from './requests.ts';
import {
  mayAdministerWorkspace,
  mayCreateInvite,
  mayReadWorkspace,
  mayRemoveFromWorkspace,
  maySetWorkspaceRole,
} from './workspaces.ts';

const people = ['owner', 'admin', 'member', 'contractor', 'collaborator', 'viewer', 'outsider'] as const;
type Person = (typeof people)[number];

/** Workspace owner/admin/member; a project member outside the workspace; the customer's people; a stranger. */
const standings: Record<Person, ProjectStanding> = {
  owner: { workspaceRole: 'owner', projectRole: null },
  admin: { workspaceRole: 'admin', projectRole: null },
  member: { workspaceRole: 'member', projectRole: null },
  contractor: { workspaceRole: null, projectRole: 'member' },
  collaborator: { workspaceRole: null, projectRole: 'collaborator' },
  viewer: { workspaceRole: null, projectRole: 'viewer' },
  outsider: { workspaceRole: null, projectRole: null },
};

type Outcome = 'ok' | 403 | 404 | 409;
const statusOf: Record<'not_found' | 'forbidden' | 'conflict', Outcome> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
};
const outcome = (decision: Decision): Outcome => (decision.ok ? 'ok' : statusOf[decision.code]);

/** Each row: an action, then the outcome for each person in the order of `people`. */
type Row<A> = [action: A, ...outcomes: Outcome[]];

function expectRows<A extends string>(rows: Array<Row<A>>, decide: (action: A, person: Person) => Decision) {
  for (const [action, ...outcomes] of rows) {
    people.forEach((person, index) => {
      it(`${action}: ${person} → ${outcomes[index]}`, () => {
        expect(outcome(decide(action, person))).toBe(outcomes[index]);
      });
    });
  }
}

describe('workspace policies', () => {
  const decide = {
    'read the workspace': (p: Person) => mayReadWorkspace(standings[p].workspaceRole),
    'administer it (customers, projects, audit)': (p: Person) => mayAdministerWorkspace(standings[p].workspaceRole),
    'make a member admin': (p: Person) =>
      maySetWorkspaceRole(standings[p].workspaceRole, { from: 'member', to: 'admin' }),
    'make a member owner': (p: Person) =>
      maySetWorkspaceRole(standings[p].workspaceRole, { from: 'member', to: 'owner' }),
    'make an owner admin': (p: Person) =>
      maySetWorkspaceRole(standings[p].workspaceRole, { from: 'owner', to: 'admin' }),
    'remove another member': (p: Person) =>
      mayRemoveFromWorkspace(standings[p].workspaceRole, { self: false, role: 'member' }),
    'remove an owner': (p: Person) =>
      mayRemoveFromWorkspace(standings[p].workspaceRole, { self: false, role: 'owner' }),
    'leave the team': (p: Person) => {
      const role = standings[p].workspaceRole;
      return mayRemoveFromWorkspace(role, { self: true, ...(role ? { role } : {}) });
    },
    'invite to a project': (p: Person) =>
      mayCreateInvite(standings[p].workspaceRole, { kind: 'project', projectId: 'p1', role: 'viewer' }),
    'invite an admin': (p: Person) => mayCreateInvite(standings[p].workspaceRole, { kind: 'workspace', role: 'admin' }),
    'invite an owner': (p: Person) => mayCreateInvite(standings[p].workspaceRole, { kind: 'workspace', role: 'owner' }),
  };
  // biome-ignore format: the table is read as a table
  const rows: Array<Row<keyof typeof decide>> = [
    //                                             owner  admin  member  contr  collab  viewer  outsdr
    ['read the workspace',                          'ok',  'ok',  'ok',   404,   404,    404,    404],
    ['administer it (customers, projects, audit)',  'ok',  'ok',   403,   404,   404,    404,    404],
    ['make a member admin',                         'ok',  'ok',   403,   404,   404,    404,    404],
    ['make a member owner',                         'ok',   403,   403,   404,   404,    404,    404],
    ['make an owner admin',                         'ok',   403,   403,   404,   404,    404,    404],
    ['remove another member',                       'ok',  'ok',   403,   404,   404,    404,    404],
    ['remove an owner',                             'ok',   403,   403,   404,   404,    404,    404],
    ['leave the team',                              'ok',  'ok',  'ok',   404,   404,    404,    404],
    ['invite to a project',                         'ok',  'ok',   403,   404,   404,    404,    404],
    ['invite an admin',                             'ok',  'ok',   403,   404,   404,    404,    404],
    ['invite an owner',                             'ok',   403,   403,   404,   404,    404,    404],
  ];
  expectRows(rows, (action, person) => decide[action](person));
});

describe('project policies', () => {
  const decide = {
    'read the project and its people': mayReadProject,
    'create an item': mayCreateItem,
    'share or unshare an item': mayShareItem,
    'manage the project members': mayManageProjectMembers,
    'move items': mayMoveItems,
    'raise a request': mayRaiseRequest,
  };
  // biome-ignore format: the table is read as a table
  const rows: Array<Row<keyof typeof decide>> = [
    //                                   owner  admin  member  contr  collab  viewer  outsdr
    ['read the project and its people',  'ok',  'ok',  'ok',  'ok',  'ok',   'ok',    404],
    ['create an item',                   'ok',  'ok',  'ok',  'ok',   403,    403,    404],
    ['share or unshare an item',         'ok',  'ok',  'ok',  'ok',   403,    403,    404],
    ['manage the project members',       'ok',  'ok',   403,   403,   403,    403,    404],
    ['move items',                       'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['raise a request',                  'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
  ];
  expectRows(rows, (action, person) => decide[action](standings[person]));

  it('shows which customer a project is for to the team only', () => {
    expect(people.filter((person) => maySeeProjectCustomer(standings[person]))).toEqual([
      'owner',
      'admin',
      'member',
      'contractor',
    ]);
  });

  it('tells an insider without the role why, in words', () => {
    expect(mayManageProjectMembers(standings.member)).toMatchObject({
      message: 'Only workspace owners and admins can do this.',
    });
    expect(mayManageProjectMembers(standings.collaborator)).toMatchObject({
      message: 'Only the provider team can do this.',
    });
    expect(mayMoveItems(standings.viewer)).toMatchObject({ message: 'You can view this project but not change it.' });
  });
});

describe('moving one item', () => {
  const task = (status: string, shared: boolean) => ({ kind: 'task', status, shared });
  const decide = {
    'a shared task along a customer transition': (s: ProjectStanding) =>
      mayMoveItem(s, task('in-review', true), 'done', defaultWorkflow),
    'a shared task where customers may not move it': (s: ProjectStanding) =>
      mayMoveItem(s, task('todo', true), 'done', defaultWorkflow),
    'an unshared task': (s: ProjectStanding) => mayMoveItem(s, task('in-review', false), 'done', defaultWorkflow),
    'a shared deliverable': (s: ProjectStanding) =>
      mayMoveItem(s, { kind: 'deliverable', status: 'in-review', shared: true }, 'done', defaultWorkflow),
  };
  // biome-ignore format: the table is read as a table
  const rows: Array<Row<keyof typeof decide>> = [
    //                                                owner  admin  member  contr  collab  viewer  outsdr
    ['a shared task along a customer transition',      'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['a shared task where customers may not move it',  'ok',  'ok',  'ok',  'ok',   403,    403,    404],
    ['an unshared task',                               'ok',  'ok',  'ok',  'ok',   404,    403,    404],
    ['a shared deliverable',                           'ok',  'ok',  'ok',  'ok',   403,    403,    404],
  ];
  expectRows(rows, (action, person) => decide[action](standings[person]));

  it('hides an unshared item from the customer side only', () => {
    const seeing = (shared: boolean) => people.filter((person) => maySeeItem(standings[person], { shared }));
    expect(seeing(true)).toEqual(['owner', 'admin', 'member', 'contractor', 'collaborator', 'viewer']);
    expect(seeing(false)).toEqual(['owner', 'admin', 'member', 'contractor']);
  });

  it('points a customer to the approval action for a deliverable', () => {
    const deliverable = { kind: 'deliverable', status: 'in-review', shared: true };
    expect(mayMoveItem(standings.collaborator, deliverable, 'done', defaultWorkflow)).toMatchObject({
      message:
        'A deliverable moves when you approve it or ask for changes, once the team has submitted it for your approval.',
    });
  });

  it('names the statuses a customer may not move between', () => {
    expect(mayMoveItem(standings.collaborator, task('todo', true), 'done', defaultWorkflow)).toMatchObject({
      message: "This project's workflow does not let you move items from “To do” to “Done”.",
    });
  });
});

describe('item-part policies (versions, history, approvals, files)', () => {
  const situations = {
    'shared part, shared item': { part: name.itemShared('p1', 'i1'), shared: true },
    'shared part, unshared item': { part: name.itemShared('p1', 'i1'), shared: false },
    'internal part': { part: name.itemInternal('p1', 'i1'), shared: true },
  };
  type Situation = keyof typeof situations;
  /** The caller towards the part as the routes load it: their level is the document decision's. */
  const partStanding = (person: Person, situation: Situation): PartStanding => {
    const { part, shared } = situations[situation];
    const standing = standings[person];
    return { standing, shared, level: documentAccess({ documentName: part, standing, itemShared: shared }) };
  };
  const actions = {
    'open the part': (p: PartStanding) => mayReadItemPart(p),
    'change the part': (p: PartStanding) => mayChangeItemPart(p),
    'list or open versions': (p: PartStanding) => mayListVersions(p),
    'read deletions and writers': (p: PartStanding) => mayReadHistory(p),
    'save a version': (p: PartStanding) => mayTakeVersion(p),
    'restore a version': (p: PartStanding) => mayRestoreVersion(p),
    'upload a file': (p: PartStanding) => mayUploadFile(p),
    'download a file': (p: PartStanding) => mayDownloadFile(p),
    'remove a file they attached': (p: PartStanding) => mayRemoveFile(p, { uploadedBy: 'me' }, 'me'),
    "remove someone else's file": (p: PartStanding) => mayRemoveFile(p, { uploadedBy: 'someone' }, 'me'),
    'submit for approval': (p: PartStanding) => maySubmitForApproval(p),
    'approve or ask for changes': (p: PartStanding) => mayDecideApproval(p),
  };
  // biome-ignore format: the table is read as a table
  const rows: Array<[keyof typeof actions, Situation, ...Outcome[]]> = [
    //                                                              owner  admin  member  contr  collab  viewer  outsdr
    ['open the part',               'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',   'ok',    404],
    ['open the part',               'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['open the part',               'internal part',                'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['change the part',             'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['change the part',             'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['change the part',             'internal part',                'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['list or open versions',       'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',   'ok',    404],
    ['list or open versions',       'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['read deletions and writers',  'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',   'ok',    404],
    ['read deletions and writers',  'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['save a version',              'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['save a version',              'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['restore a version',           'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['restore a version',           'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['upload a file',               'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['upload a file',               'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['upload a file',               'internal part',                'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['download a file',             'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',   'ok',    404],
    ['download a file',             'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['download a file',             'internal part',                'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['remove a file they attached', 'shared part, shared item',     'ok',  'ok',  'ok',  'ok',  'ok',    403,    404],
    ['remove a file they attached', 'shared part, unshared item',   'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['remove a file they attached', 'internal part',                'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ["remove someone else's file",  'shared part, shared item',     'ok',  'ok',  'ok',  'ok',   403,    403,    404],
    ["remove someone else's file",  'internal part',                'ok',  'ok',  'ok',  'ok',   404,    404,    404],
    ['submit for approval',         'shared part, shared item',     'ok',  'ok',  'ok',  'ok',   403,    403,    404],
    ['submit for approval',         'shared part, unshared item',    409,   409,   409,   409,   404,    404,    404],
    ['approve or ask for changes',  'shared part, shared item',      403,   403,   403,   403,  'ok',    403,    404],
    ['approve or ask for changes',  'shared part, unshared item',    403,   403,   403,   403,   404,    404,    404],
  ];
  for (const [action, situation, ...outcomes] of rows) {
    people.forEach((person, index) => {
      it(`${action} (${situation}): ${person} → ${outcomes[index]}`, () => {
        expect(outcome(actions[action](partStanding(person, situation)))).toBe(outcomes[index]);
      });
    });
  }

  it('answers a hidden file as a missing file, and a hidden part as a missing item', () => {
    const hidden = partStanding('collaborator', 'internal part');
    expect(mayDownloadFile(hidden)).toMatchObject({ message: 'File not found.' });
    expect(mayReadItemPart(hidden)).toMatchObject({ message: 'Item not found.' });
    expect(() => enforce(mayReadItemPart(hidden))).toThrow('Item not found.');
  });
});

describe('history visibility', () => {
  // Shared from 100 to 200, and again from 300 on.
  const periods: SharingPeriod[] = [
    { sharedAt: 100, unsharedAt: 200 },
    { sharedAt: 300, unsharedAt: null },
  ];
  const moments = {
    'before sharing': 50,
    'while shared': 150,
    'while unshared': 250,
    'shared again': 350,
    'no time': null,
  };
  // biome-ignore format: the table is read as a table
  const rows: Array<[keyof typeof moments, ...boolean[]]> = [
    //                  owner  admin  member contr  collab viewer outsdr
    ['before sharing',  true,  true,  true,  true,  false, false, false],
    ['while shared',    true,  true,  true,  true,  true,  true,  false],
    ['while unshared',  true,  true,  true,  true,  false, false, false],
    ['shared again',    true,  true,  true,  true,  true,  true,  false],
    ['no time',         true,  true,  true,  true,  false, false, false],
  ];
  for (const [moment, ...visible] of rows) {
    people.forEach((person, index) => {
      it(`an entry ${moment}: ${person} → ${visible[index] ? 'sees it' : 'does not'}`, () => {
        expect(maySeeHistoryAt(standings[person], moments[moment], periods)).toBe(visible[index]);
      });
    });
  }
});

describe('document access over sync, and view-as', () => {
  const documents = {
    plan: { documentName: name.plan('p1'), itemShared: false },
    portal: { documentName: name.portal('p1'), itemShared: false },
    presence: { documentName: name.presence('p1'), itemShared: false },
    'shared part, shared item': { documentName: name.itemShared('p1', 'i1'), itemShared: true },
    'shared part, unshared item': { documentName: name.itemShared('p1', 'i1'), itemShared: false },
    'internal part': { documentName: name.itemInternal('p1', 'i1'), itemShared: true },
  };
  const levelFor = (person: Person, document: keyof typeof documents): AccessLevel =>
    documentAccess({ ...documents[document], standing: standings[person] });
  /** A team member's view-as socket previewing `person`: decided for them, capped at read. */
  const viewAs = (viewer: Person, person: Person, document: keyof typeof documents): AccessLevel =>
    viewAsAccess(standings[viewer], { standing: standings[person], level: levelFor(person, document) });

  // biome-ignore format: the table is read as a table
  const rows: Array<[keyof typeof documents, ...AccessLevel[]]> = [
    //                             owner    admin    member   contr    collab   viewer   outsdr  as collab  as viewer
    ['plan',                       'write', 'write', 'write', 'write', 'none',  'none',  'none',  'none',  'none'],
    ['portal',                     'read',  'read',  'read',  'read',  'read',  'read',  'none',  'read',  'read'],
    ['presence',                   'read',  'read',  'read',  'read',  'read',  'read',  'none',  'read',  'read'],
    ['shared part, shared item',   'write', 'write', 'write', 'write', 'write', 'read',  'none',  'read',  'read'],
    ['shared part, unshared item', 'write', 'write', 'write', 'write', 'none',  'none',  'none',  'none',  'none'],
    ['internal part',              'write', 'write', 'write', 'write', 'none',  'none',  'none',  'none',  'none'],
  ];
  for (const [document, ...levels] of rows) {
    people.forEach((person, index) => {
      it(`${document}: ${person} → ${levels[index]}`, () => {
        expect(levelFor(person, document)).toBe(levels[index]);
      });
    });
    it(`${document}: a team member viewing as a collaborator → ${levels[7]}`, () => {
      expect(viewAs('member', 'collaborator', document)).toBe(levels[7]);
    });
    it(`${document}: a team member viewing as a viewer → ${levels[8]}`, () => {
      expect(viewAs('member', 'viewer', document)).toBe(levels[8]);
    });
  }

  it('lets only the team preview, and only as someone on the customer side', () => {
    for (const viewer of people) {
      for (const target of people) {
        const team = ['owner', 'admin', 'member', 'contractor'];
        const expected = team.includes(viewer) && !team.includes(target);
        expect(mayViewAsCustomer(standings[viewer], standings[target]), `${viewer} as ${target}`).toBe(expected);
        if (!expected) expect(viewAs(viewer, target, 'portal'), `${viewer} as ${target}`).toBe('none');
      }
    }
  });
});

describe('request policies', () => {
  const move =
    (
      from: 'new' | 'resolved' | 'closed',
      to: 'in_progress' | 'closed' | 'resolved',
      reopenUntil: number | null = null,
    ) =>
    (person: Person) =>
      mayMoveRequest(standings[person], { from, to, reopenUntil, now: 1000 });
  const outcome = (decision: Decision) =>
    decision.ok ? 'ok' : { not_found: 404, forbidden: 403, conflict: 409 }[decision.code];
  const table: Array<[string, (person: Person) => Decision, Array<'ok' | number>]> = [
    //                                                   owner admin member contractor collaborator viewer outsider
    ['list requests', (p) => mayListRequests(standings[p]), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 404]],
    ['raise on behalf', (p) => mayRaiseOnBehalf(standings[p]), ['ok', 'ok', 'ok', 'ok', 403, 403, 404]],
    ['work a request', (p) => mayWorkRequest(standings[p]), ['ok', 'ok', 'ok', 'ok', 403, 403, 404]],
    ['resolve a new request', move('new', 'resolved'), ['ok', 'ok', 'ok', 'ok', 403, 403, 404]],
    ['close a resolved request', move('resolved', 'closed'), ['ok', 'ok', 'ok', 'ok', 'ok', 403, 404]],
    ['reopen within the window', move('closed', 'in_progress', 2000), ['ok', 'ok', 'ok', 'ok', 'ok', 403, 404]],
    ['reopen after the window', move('closed', 'in_progress', 500), ['ok', 'ok', 'ok', 'ok', 409, 403, 404]],
    ['close a closed request', move('closed', 'closed'), [409, 409, 409, 409, 403, 403, 404]],
  ];
  for (const [action, decide, outcomes] of table)
    people.forEach((person, index) => {
      it(`${action}: ${person} → ${outcomes[index]}`, () => expect(outcome(decide(person))).toBe(outcomes[index]));
    });

  it('shows routing to the team only', () => {
    expect(people.map((person) => maySeeRouting(standings[person]))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
