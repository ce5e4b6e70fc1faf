/**
 * Who may call what: every route of the REST API, called by every kind of person in the world
 * (apiWorld.ts), answers exactly the status in the table below.
 *
 *   the team (owner, admin, member) reads the workspace, its people, customers and projects
 *   admins and owners also create customers, projects and invites, change members, read the audit log
 *   customers' people (collaborator, viewer of project A) get 404 for everything workspace-level,
 *     read their own project and its people, and get 403 for changing its members
 *   a stranger gets 404 for every workspace and project; a signed-out caller 401 for anything private
 *
 * The table must list every operation of the OpenAPI document, so a new route cannot go untested.
 * Every refusal of a signed-in person in it must also be what the route's policy decides
 * (server/src/access/policies/, asked directly below), so the table, the policies and the wire agree.
 */
import type { ProjectStanding } from '@atrium/shared/access/roles.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { defaultWorkflow } from '@atrium/shared/model/workflow.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/access/policies/decision.ts';
import { documentAccess } from '../../src/access/policies/documents.ts';
import {
  mayChangeFeedback,
  mayLeaveFeedback,
  mayListFeedback,
  mayManageServiceTeams,
  mayReadCustomerHealth,
  mayReadFeedbackInbox,
  mayReadServiceTeams,
  mayWorkFeedback,
} from '../../src/access/policies/feedback.ts';
import {
  mayDecideApproval,
  mayDownloadFile,
  mayListVersions,
  mayReadHistory,
  mayReadItemPart,
  mayRemoveFile,
  mayRestoreVersion,
  maySubmitForApproval,
  mayTakeVersion,
  mayUploadFile,
  type PartStanding,
} from '../../src/access/policies/itemParts.ts';
import {
  mayCreateItem,
  mayManageProjectMembers,
  mayMoveItem,
  mayRaiseRequest,
  mayReadProject,
  mayShareItem,
  mayWorkInProject,
} from '../../src/access/policies/projects.ts';
import {
  mayConfigureRequests,
  mayListRequests,
  mayMoveRequest,
  mayReadRequestQueue,
  mayReadRequestSettings,
  mayWorkRequest,
} from '../../src/access/policies/requests.ts';
import { mayReadProjectSlaReport, mayReadWorkspaceSlaReport } from '../../src/access/policies/slaReports.ts';
import {
  mayAdministerWorkspace,
  mayCreateInvite,
  mayReadWorkspace,
  mayRemoveFromWorkspace,
  maySetWorkspaceRole,
} from '../../src/access/policies/workspaces.ts';
import { createPasswordReset } from '../../src/identity/passwordResets.ts';
import { defaultSlaPolicy } from '../../src/requests/slaPolicy.ts';
import {
  type ApiClient,
  type ApiResponse,
  buildWorld,
  type CreatedInvite,
  cleanupAfterAll,
  clientOf,
  createInvite,
  defaultPassword,
  expectStatus,
  type Person,
  type Role,
  roles,
  signInAgain,
  signUp,
  startApiServer,
  type World,
} from '../support/apiWorld.ts';
import { startSmtpSink } from '../support/smtpSink.ts';

// biome-ignore format: the table is read as a table
const expected: Array<[route: string, owner: number, admin: number, member: number, collaborator: number, viewer: number, stranger: number, signedOut: number]> = [
  //                                                       owner   admin  member  collab  viewer  strngr     out
  ['POST /auth/signup',                                      201,    201,    201,    201,    201,    201,    201],
  ['POST /auth/signin',                                      200,    200,    200,    200,    200,    200,    200],
  ['POST /auth/signout',                                     204,    204,    204,    204,    204,    204,    401],
  ['GET /me',                                                200,    200,    200,    200,    200,    200,    401],
  ['POST /me/password',                                      204,    204,    204,    204,    204,    204,    401],
  ['GET /auth/options',                                      200,    200,    200,    200,    200,    200,    200],
  ['POST /auth/password-reset',                              202,    202,    202,    202,    202,    202,    202],
  ['POST /auth/password-reset/{token}',                      204,    204,    204,    204,    204,    204,    204],
  ['GET /tokens',                                            200,    200,    200,    200,    200,    200,    401],
  ['POST /tokens',                                           201,    201,    201,    201,    201,    201,    401],
  ['DELETE /tokens/{tokenId}',                               204,    204,    204,    204,    204,    204,    401],
  ['GET /workspaces',                                        200,    200,    200,    200,    200,    200,    401],
  ['POST /workspaces',                                       201,    201,    201,    201,    201,    201,    401],
  ['GET /workspaces/{workspaceId}',                          200,    200,    200,    404,    404,    404,    401],
  ['GET /workspaces/{workspaceId}/members',                  200,    200,    200,    404,    404,    404,    401],
  ['PUT /workspaces/{workspaceId}/members/{userId}',         204,    204,    403,    404,    404,    404,    401],
  ['DELETE /workspaces/{workspaceId}/members/{userId}',      204,    204,    403,    404,    404,    404,    401],
  ['GET /workspaces/{workspaceId}/customers',                200,    200,    200,    404,    404,    404,    401],
  ['POST /workspaces/{workspaceId}/customers',               201,    201,    403,    404,    404,    404,    401],
  ['GET /workspaces/{workspaceId}/projects',                 200,    200,    200,    404,    404,    404,    401],
  ['POST /workspaces/{workspaceId}/projects',                201,    201,    403,    404,    404,    404,    401],
  ['GET /projects',                                          200,    200,    200,    200,    200,    200,    401],
  ['GET /projects/{projectId}',                              200,    200,    200,    200,    200,    404,    401],
  ['GET /projects/{projectId}/people',                       200,    200,    200,    200,    200,    404,    401],
  ['PUT /projects/{projectId}/members/{userId}',             204,    204,    403,    403,    403,    404,    401],
  ['DELETE /projects/{projectId}/members/{userId}',          204,    204,    403,    403,    403,    404,    401],
  ['POST /workspaces/{workspaceId}/invites',                 201,    201,    403,    404,    404,    404,    401],
  ['GET /workspaces/{workspaceId}/invites',                  200,    200,    403,    404,    404,    404,    401],
  ['DELETE /workspaces/{workspaceId}/invites/{inviteId}',    204,    204,    403,    404,    404,    404,    401],
  ['POST /workspaces/{workspaceId}/invites/{inviteId}/resend', 202,  202,    403,    404,    404,    404,    401],
  ['GET /workspaces/{workspaceId}/audit',                    200,    200,    403,    404,    404,    404,    401],
  ['POST /projects/{projectId}/items',                       201,    201,    201,    403,    403,    404,    401],
  ['PUT /projects/{projectId}/items/{itemId}/sharing',       200,    200,    200,    403,    403,    404,    401],
  ['PUT /projects/{projectId}/items/{itemId}/status',        200,    200,    200,    200,    403,    404,    401],
  ['POST /projects/{projectId}/requests',                    201,    201,    201,    201,    403,    404,    401],
  ['GET /projects/{projectId}/requests', 200, 200, 200, 200, 200, 404, 401],
  ['GET /projects/{projectId}/requests/{requestId}', 200, 200, 200, 200, 200, 404, 401],
  ['PUT /projects/{projectId}/requests/{requestId}/status', 200, 200, 200, 200, 403, 404, 401],
  ['PATCH /projects/{projectId}/requests/{requestId}', 200, 200, 200, 403, 403, 404, 401],
  ['POST /projects/{projectId}/requests/{requestId}/links', 200, 200, 200, 403, 403, 404, 401],
  ['DELETE /projects/{projectId}/requests/{requestId}/links/{itemId}', 200, 200, 200, 403, 403, 404, 401],
  ['PUT /projects/{projectId}/requests/{requestId}/decision', 200, 200, 200, 403, 403, 404, 401],
  ['GET /projects/{projectId}/items/{itemId}/requests', 200, 200, 200, 200, 200, 404, 401],
  ['GET /me/requests', 200, 200, 200, 200, 200, 200, 401],
  ['GET /workspaces/{workspaceId}/requests', 200, 200, 200, 404, 404, 404, 401],
  ['GET /projects/{projectId}/request-types', 200, 200, 200, 200, 200, 404, 401],
  ['GET /workspaces/{workspaceId}/request-types', 200, 200, 200, 404, 404, 404, 401],
  ['POST /workspaces/{workspaceId}/request-types', 201, 201, 403, 404, 404, 404, 401],
  ['PATCH /workspaces/{workspaceId}/request-types/{key}', 200, 200, 403, 404, 404, 404, 401],
  ['GET /workspaces/{workspaceId}/sla-policy', 200, 200, 200, 404, 404, 404, 401],
  ['PUT /workspaces/{workspaceId}/sla-policy', 200, 200, 403, 404, 404, 404, 401],
  ['GET /projects/{projectId}/sla-policy', 200, 200, 200, 403, 403, 404, 401],
  ['PUT /projects/{projectId}/sla-policy', 200, 200, 403, 403, 403, 404, 401],
  ['DELETE /projects/{projectId}/sla-policy', 200, 200, 403, 403, 403, 404, 401],
  ['GET /projects/{projectId}/sla-report', 200, 200, 200, 403, 403, 404, 401],
  ['GET /workspaces/{workspaceId}/sla-report', 200, 200, 200, 404, 404, 404, 401],
  ['GET /projects/{projectId}/items/{itemId}/versions',      200,    200,    200,    200,    200,    404,    401],
  ['POST /projects/{projectId}/items/{itemId}/versions',     201,    201,    201,    201,    403,    404,    401],
  ['GET /projects/{projectId}/items/{itemId}/versions/{versionId}',          200, 200, 200, 200, 200, 404, 401],
  ['POST /projects/{projectId}/items/{itemId}/versions/{versionId}/restore', 200, 200, 200, 200, 403, 404, 401],
  ['GET /projects/{projectId}/items/{itemId}/writers',       200,    200,    200,    200,    200,    404,    401],
  ['GET /projects/{projectId}/items/{itemId}/deletions',     200,    200,    200,    200,    200,    404,    401],
  ['POST /projects/{projectId}/items/{itemId}/files',        201,    201,    201,    201,    403,    404,    401],
  ['GET /files/{fileId}',                                    200,    200,    200,    200,    200,    404,    401],
  ['DELETE /files/{fileId}',                                 204,    204,    204,    403,    403,    404,    401],
  ['POST /projects/{projectId}/items/{itemId}/approval/submit',              200, 200, 200, 403, 403, 404, 401],
  ['POST /projects/{projectId}/items/{itemId}/approval/decision',            403, 403, 403, 200, 403, 404, 401],
  ['GET /workspaces/{workspaceId}/teams', 200, 200, 200, 404, 404, 404, 401],
  ['POST /workspaces/{workspaceId}/teams', 201, 201, 403, 404, 404, 404, 401],
  ['PATCH /workspaces/{workspaceId}/teams/{teamId}', 200, 200, 403, 404, 404, 404, 401],
  ['PUT /workspaces/{workspaceId}/teams/{teamId}/members/{userId}', 200, 200, 403, 404, 404, 404, 401],
  ['DELETE /workspaces/{workspaceId}/teams/{teamId}/members/{userId}', 200, 200, 403, 404, 404, 404, 401],
  ['POST /projects/{projectId}/feedback', 403, 403, 403, 201, 201, 404, 401],
  ['GET /projects/{projectId}/feedback', 200, 200, 200, 200, 200, 404, 401],
  ['GET /projects/{projectId}/items/{itemId}/feedback', 200, 200, 200, 200, 200, 404, 401],
  ['PATCH /projects/{projectId}/feedback/{feedbackId}', 403, 403, 403, 200, 404, 404, 401],
  ['PUT /projects/{projectId}/feedback/{feedbackId}/team', 200, 200, 200, 403, 403, 404, 401],
  ['PUT /projects/{projectId}/feedback/{feedbackId}/answer', 200, 200, 200, 403, 403, 404, 401],
  ['POST /projects/{projectId}/feedback/{feedbackId}/request', 201, 201, 201, 403, 403, 404, 401],
  ['GET /workspaces/{workspaceId}/feedback', 200, 200, 200, 404, 404, 404, 401],
  ['GET /workspaces/{workspaceId}/customer-health', 200, 200, 200, 404, 404, 404, 401],
  ['GET /invites/{token}',                                   200,    200,    200,    200,    200,    200,    200],
  ['GET /openapi.json',                                      200,    200,    200,    200,    200,    200,    200],
  // Last: joining changes who is where (into project Z, which no other row looks at).
  ['POST /invites/{token}/accept',                           200,    200,    200,    200,    200,    200,    200],
];

const errorCodes: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' };

const defer = cleanupAfterAll();
let world: World;
/** Project Z: internal, no customer; the target of invites that matrix calls create and accept. */
let projectZ: { id: string };
/** Someone on the team, removed (and re-added) by the "remove a workspace member" row. */
let spareTeamMember: Person;
/** A viewer of project A, removed (and re-added) by the "remove a project member" row. */
let spareViewer: Person;
let previewInvite: CreatedInvite;
let ownersToken: { id: string };
/** A shared item of project A, in review: customers may send it back to "in progress". */
let sharedItem: { id: string };
/** A named version of the shared item. */
let sharedVersion: { id: string };
let fresh = 0;

beforeAll(async () => {
  // Email on (a sink of the test's own), so the email routes answer as they do in use.
  const sink = await startSmtpSink(defer);
  world = await buildWorld(
    defer,
    await startApiServer(defer, { env: { SMTP_URL: sink.url, MAIL_FROM: 'atrium@orchard.example' } }),
  );
  projectZ = expectStatus(
    await world.owner.api.post(`/workspaces/${world.workspace.id}/projects`, { name: 'Project Z' }),
    201,
  );
  [spareTeamMember, spareViewer] = await Promise.all([
    signUp(world.server, { name: 'Spare Teammate', email: 'spare-team@orchard.example' }),
    signUp(world.server, { name: 'Spare Viewer', email: 'spare-viewer@acme.example' }),
  ]);
  previewInvite = await createInvite(world.owner, world.workspace.id, { role: 'viewer', projectId: projectZ.id });
  ownersToken = expectStatus(await world.owner.api.post('/tokens', { name: 'owner token' }), 201);
  sharedItem = expectStatus(
    await world.owner.api.post(`/projects/${world.projectA.id}/items`, { title: 'Matrix item', shared: true }),
    201,
  );
  sharedVersion = expectStatus(
    await world.owner.api.post(`/projects/${world.projectA.id}/items/${sharedItem.id}/versions`, { name: 'Matrix' }),
    201,
  );
});

/** A new shared deliverable (approval rows consume one each: a step cannot be repeated). */
async function freshDeliverable(submitted: boolean): Promise<string> {
  const item = expectStatus(
    await world.owner.api.post(`${pa()}/items`, { title: `Deliverable ${++fresh}`, kind: 'deliverable', shared: true }),
    201,
  );
  if (submitted) expectStatus(await world.owner.api.post(`${pa()}/items/${item.id}/approval/submit`), 200);
  return item.id;
}

/** A fresh request the collaborator raised in project A (a question, unless another type is asked for). */
async function freshRequest(type = 'question'): Promise<string> {
  return expectStatus(
    await world.collaborator.api.post(`/projects/${world.projectA.id}/requests`, {
      type,
      title: `Matrix request ${++fresh}`,
      body: 'Hello',
    }),
    201,
  ).id;
}

/** A fresh service team of the workspace (the owner's). */
async function freshTeam(): Promise<string> {
  return expectStatus(await world.owner.api.post(`${ws()}/teams`, { name: `Matrix crew ${++fresh}` }), 201).id;
}

/** A fresh concern the collaborator left on the shared item. */
async function freshFeedback(): Promise<string> {
  return expectStatus(
    await world.collaborator.api.post(`/projects/${world.projectA.id}/feedback`, {
      itemId: sharedItem.id,
      on: 'item',
      sentiment: 'concern',
    }),
    201,
  ).id;
}

const ws = () => `/workspaces/${world.workspace.id}`;
const pa = () => `/projects/${world.projectA.id}`;
const unique = (label: string) => `${label}-${++fresh}@matrix.example`;

async function ensureOnTeam(person: Person): Promise<void> {
  const members = expectStatus(await world.owner.api.get(`${ws()}/members`), 200);
  if (members.some((m: { userId: string }) => m.userId === person.id)) return;
  const invite = await createInvite(world.owner, world.workspace.id, { role: 'member' });
  expectStatus(await person.api.post(`/invites/${invite.token}/accept`), 200);
}

async function ensureViewerOfProjectA(person: Person): Promise<void> {
  const people = expectStatus(await world.owner.api.get(`${pa()}/people`), 200);
  if (people.some((p: { userId: string }) => p.userId === person.id)) return;
  const invite = await createInvite(world.owner, world.workspace.id, { role: 'viewer', projectId: world.projectA.id });
  expectStatus(await person.api.post(`/invites/${invite.token}/accept`), 200);
}

type Caller = { role: Role; api: ApiClient; person: Person | undefined };

/** A fresh file the owner attached to the shared item. */
async function teamFile(): Promise<string> {
  const path = `${pa()}/items/${sharedItem.id}/files?name=team.txt`;
  return expectStatus(await world.owner.api.post(path, undefined, { raw: 'team file', contentType: 'text/plain' }), 201)
    .id;
}

/** How each route is called: harmless targets, fresh ones where the call consumes them. */
const requests: Record<string, (caller: Caller) => Promise<ApiResponse>> = {
  'POST /auth/signup': ({ api }) =>
    api.copy().post('/auth/signup', { name: 'Matrix Signup', email: unique('signup'), password: defaultPassword }),
  'POST /auth/signin': ({ api, person }) => {
    const who = person ?? world.stranger;
    return api.copy().post('/auth/signin', { email: who.email, password: who.password });
  },
  'POST /auth/signout': async ({ api, person }) =>
    (person ? await signInAgain(world.server, person) : api).post('/auth/signout'),
  'GET /me': ({ api }) => api.get('/me'),
  'POST /me/password': ({ api, person }) =>
    api.post('/me/password', {
      currentPassword: person?.password ?? defaultPassword,
      newPassword: person?.password ?? defaultPassword,
    }),
  'GET /tokens': ({ api }) => api.get('/tokens'),
  'POST /tokens': ({ api }) => api.post('/tokens', { name: 'matrix' }),
  'DELETE /tokens/{tokenId}': async ({ api, person }) => {
    const id = person ? expectStatus(await person.api.post('/tokens', { name: 'to revoke' }), 201).id : ownersToken.id;
    return api.delete(`/tokens/${id}`);
  },
  'GET /workspaces': ({ api }) => api.get('/workspaces'),
  'POST /workspaces': ({ api }) => api.post('/workspaces', { name: 'Matrix workspace' }),
  'GET /workspaces/{workspaceId}': ({ api }) => api.get(ws()),
  'GET /workspaces/{workspaceId}/members': ({ api }) => api.get(`${ws()}/members`),
  'PUT /workspaces/{workspaceId}/members/{userId}': ({ api }) =>
    api.put(`${ws()}/members/${world.member.id}`, { role: 'member' }),
  'DELETE /workspaces/{workspaceId}/members/{userId}': async ({ api }) => {
    await ensureOnTeam(spareTeamMember);
    return api.delete(`${ws()}/members/${spareTeamMember.id}`);
  },
  'GET /workspaces/{workspaceId}/customers': ({ api }) => api.get(`${ws()}/customers`),
  'POST /workspaces/{workspaceId}/customers': ({ api }) => api.post(`${ws()}/customers`, { name: 'Matrix customer' }),
  'GET /workspaces/{workspaceId}/projects': ({ api }) => api.get(`${ws()}/projects`),
  'POST /workspaces/{workspaceId}/projects': ({ api }) => api.post(`${ws()}/projects`, { name: 'Matrix project' }),
  'GET /projects': ({ api }) => api.get('/projects'),
  'GET /projects/{projectId}': ({ api }) => api.get(pa()),
  'GET /projects/{projectId}/people': ({ api }) => api.get(`${pa()}/people`),
  'PUT /projects/{projectId}/members/{userId}': ({ api }) =>
    api.put(`${pa()}/members/${world.viewer.id}`, { role: 'viewer' }),
  'DELETE /projects/{projectId}/members/{userId}': async ({ api }) => {
    await ensureViewerOfProjectA(spareViewer);
    return api.delete(`${pa()}/members/${spareViewer.id}`);
  },
  'POST /workspaces/{workspaceId}/invites': ({ api }) =>
    api.post(`${ws()}/invites`, { role: 'viewer', projectId: projectZ.id }),
  'GET /workspaces/{workspaceId}/invites': ({ api }) => api.get(`${ws()}/invites`),
  'DELETE /workspaces/{workspaceId}/invites/{inviteId}': async ({ api }) => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'viewer', projectId: projectZ.id });
    return api.delete(`${ws()}/invites/${invite.id}`);
  },
  'POST /workspaces/{workspaceId}/invites/{inviteId}/resend': async ({ api }) => {
    const invite = expectStatus(
      await world.owner.api.post(`${ws()}/invites`, {
        role: 'viewer',
        projectId: projectZ.id,
        email: 'resend@nowhere.example',
      }),
      201,
    );
    return api.post(`${ws()}/invites/${invite.id}/resend`);
  },
  'GET /auth/options': ({ api }) => api.get('/auth/options'),
  'POST /auth/password-reset': ({ api }) =>
    api.post('/auth/password-reset', { email: `matrix-reset-${++fresh}@nowhere.example` }),
  'POST /auth/password-reset/{token}': async ({ api }) => {
    // The link is the credential: whoever holds it (signed in as anyone, or not) may use it.
    const owner = await signUp(world.server, { name: 'Reset Matrix', email: `matrix-user-${++fresh}@nowhere.example` });
    const { token } = await createPasswordReset(world.server.db, owner.id);
    return api.post(`/auth/password-reset/${token}`, { password: `matrix password ${++fresh}` });
  },
  'GET /workspaces/{workspaceId}/audit': ({ api }) => api.get(`${ws()}/audit`),
  'POST /projects/{projectId}/items': ({ api }) => api.post(`${pa()}/items`, { title: 'Matrix task' }),
  'PUT /projects/{projectId}/items/{itemId}/sharing': ({ api }) =>
    api.put(`${pa()}/items/${sharedItem.id}/sharing`, { shared: true }),
  'PUT /projects/{projectId}/items/{itemId}/status': async ({ api }) => {
    expectStatus(await world.owner.api.put(`${pa()}/items/${sharedItem.id}/status`, { status: 'in-review' }), 200);
    return api.put(`${pa()}/items/${sharedItem.id}/status`, { status: 'in-progress' });
  },
  'POST /projects/{projectId}/requests': ({ api }) =>
    api.post(`${pa()}/requests`, { type: 'question', title: 'Matrix question', body: 'Is this allowed?' }),
  'GET /projects/{projectId}/requests': ({ api }) => api.get(`${pa()}/requests`),
  'GET /projects/{projectId}/requests/{requestId}': async ({ api }) =>
    api.get(`${pa()}/requests/${await freshRequest()}`),
  'PUT /projects/{projectId}/requests/{requestId}/status': async ({ api }) => {
    const id = await freshRequest();
    expectStatus(await world.owner.api.put(`${pa()}/requests/${id}/status`, { status: 'resolved' }), 200);
    return api.put(`${pa()}/requests/${id}/status`, { status: 'closed' });
  },
  'PATCH /projects/{projectId}/requests/{requestId}': async ({ api }) =>
    api.call('PATCH', `${pa()}/requests/${await freshRequest()}`, { json: { priority: 'high' } }),
  'POST /projects/{projectId}/requests/{requestId}/links': async ({ api }) =>
    api.post(`${pa()}/requests/${await freshRequest('change_request')}/links`, { itemId: sharedItem.id }),
  'DELETE /projects/{projectId}/requests/{requestId}/links/{itemId}': async ({ api }) => {
    const id = await freshRequest('change_request');
    expectStatus(await world.owner.api.post(`${pa()}/requests/${id}/links`, { itemId: sharedItem.id }), 200);
    return api.delete(`${pa()}/requests/${id}/links/${sharedItem.id}`);
  },
  'PUT /projects/{projectId}/requests/{requestId}/decision': async ({ api }) =>
    api.put(`${pa()}/requests/${await freshRequest('change_request')}/decision`, { decision: 'accepted' }),
  'GET /projects/{projectId}/items/{itemId}/requests': ({ api }) => api.get(`${pa()}/items/${sharedItem.id}/requests`),
  'GET /me/requests': ({ api }) => api.get('/me/requests'),
  'GET /workspaces/{workspaceId}/requests': ({ api }) => api.get(`${ws()}/requests?state=open`),
  'GET /projects/{projectId}/request-types': ({ api }) => api.get(`${pa()}/request-types`),
  'GET /workspaces/{workspaceId}/request-types': ({ api }) => api.get(`${ws()}/request-types`),
  'POST /workspaces/{workspaceId}/request-types': ({ api }) =>
    api.post(`${ws()}/request-types`, { name: `Matrix type ${++fresh}` }),
  'PATCH /workspaces/{workspaceId}/request-types/{key}': ({ api }) =>
    api.call('PATCH', `${ws()}/request-types/question`, { json: { name: 'Question' } }),
  'GET /workspaces/{workspaceId}/sla-policy': ({ api }) => api.get(`${ws()}/sla-policy`),
  'PUT /workspaces/{workspaceId}/sla-policy': ({ api }) => api.put(`${ws()}/sla-policy`, { policy: defaultSlaPolicy }),
  'GET /projects/{projectId}/sla-policy': ({ api }) => api.get(`${pa()}/sla-policy`),
  'PUT /projects/{projectId}/sla-policy': ({ api }) => api.put(`${pa()}/sla-policy`, { policy: defaultSlaPolicy }),
  'DELETE /projects/{projectId}/sla-policy': ({ api }) => api.delete(`${pa()}/sla-policy`),
  'GET /projects/{projectId}/sla-report': ({ api }) => api.get(`${pa()}/sla-report`),
  'GET /workspaces/{workspaceId}/sla-report': ({ api }) => api.get(`${ws()}/sla-report`),
  'GET /projects/{projectId}/items/{itemId}/versions': ({ api }) => api.get(`${pa()}/items/${sharedItem.id}/versions`),
  'POST /projects/{projectId}/items/{itemId}/versions': ({ api }) =>
    api.post(`${pa()}/items/${sharedItem.id}/versions`, { name: 'Matrix version' }),
  'GET /projects/{projectId}/items/{itemId}/versions/{versionId}': ({ api }) =>
    api.get(`${pa()}/items/${sharedItem.id}/versions/${sharedVersion.id}`),
  'GET /projects/{projectId}/items/{itemId}/writers': ({ api }) => api.get(`${pa()}/items/${sharedItem.id}/writers`),
  'GET /projects/{projectId}/items/{itemId}/deletions': ({ api }) =>
    api.get(`${pa()}/items/${sharedItem.id}/deletions`),
  'POST /projects/{projectId}/items/{itemId}/files': ({ api }) =>
    api.post(`${pa()}/items/${sharedItem.id}/files?name=matrix.txt`, undefined, {
      raw: 'matrix',
      contentType: 'text/plain',
    }),
  'GET /files/{fileId}': async ({ api }) => api.get(`/files/${await teamFile()}`),
  'DELETE /files/{fileId}': async ({ api }) => api.delete(`/files/${await teamFile()}`),
  'POST /projects/{projectId}/items/{itemId}/versions/{versionId}/restore': ({ api }) =>
    api.post(`${pa()}/items/${sharedItem.id}/versions/${sharedVersion.id}/restore`),
  'POST /projects/{projectId}/items/{itemId}/approval/submit': async ({ api }) =>
    api.post(`${pa()}/items/${await freshDeliverable(false)}/approval/submit`),
  'POST /projects/{projectId}/items/{itemId}/approval/decision': async ({ api }) =>
    api.post(`${pa()}/items/${await freshDeliverable(true)}/approval/decision`, { decision: 'approved' }),
  'GET /workspaces/{workspaceId}/teams': ({ api }) => api.get(`${ws()}/teams`),
  'POST /workspaces/{workspaceId}/teams': ({ api }) => api.post(`${ws()}/teams`, { name: `Matrix team ${++fresh}` }),
  'PATCH /workspaces/{workspaceId}/teams/{teamId}': async ({ api }) =>
    api.patch(`${ws()}/teams/${await freshTeam()}`, { name: `Renamed team ${++fresh}` }),
  'PUT /workspaces/{workspaceId}/teams/{teamId}/members/{userId}': async ({ api }) =>
    api.put(`${ws()}/teams/${await freshTeam()}/members/${world.member.id}`),
  'DELETE /workspaces/{workspaceId}/teams/{teamId}/members/{userId}': async ({ api }) =>
    api.delete(`${ws()}/teams/${await freshTeam()}/members/${world.member.id}`),
  'POST /projects/{projectId}/feedback': ({ api }) =>
    api.post(`${pa()}/feedback`, { itemId: sharedItem.id, on: 'item', sentiment: 'concern', note: 'Matrix' }),
  'GET /projects/{projectId}/feedback': ({ api }) => api.get(`${pa()}/feedback`),
  'GET /projects/{projectId}/items/{itemId}/feedback': ({ api }) => api.get(`${pa()}/items/${sharedItem.id}/feedback`),
  'PATCH /projects/{projectId}/feedback/{feedbackId}': async ({ api }) =>
    api.patch(`${pa()}/feedback/${await freshFeedback()}`, { note: 'Changed my mind' }),
  'PUT /projects/{projectId}/feedback/{feedbackId}/team': async ({ api }) =>
    api.put(`${pa()}/feedback/${await freshFeedback()}/team`, { teamId: null }),
  'PUT /projects/{projectId}/feedback/{feedbackId}/answer': async ({ api }) =>
    api.put(`${pa()}/feedback/${await freshFeedback()}/answer`, { answer: 'Thanks' }),
  'POST /projects/{projectId}/feedback/{feedbackId}/request': async ({ api }) =>
    api.post(`${pa()}/feedback/${await freshFeedback()}/request`, {}),
  'GET /workspaces/{workspaceId}/feedback': ({ api }) => api.get(`${ws()}/feedback?state=unanswered`),
  'GET /workspaces/{workspaceId}/customer-health': ({ api }) => api.get(`${ws()}/customer-health`),
  'GET /invites/{token}': ({ api }) => api.get(`/invites/${previewInvite.token}`),
  'GET /openapi.json': ({ api }) => api.get('/openapi.json'),
  'POST /invites/{token}/accept': async ({ api, person }) => {
    const invite = await createInvite(world.owner, world.workspace.id, { role: 'viewer', projectId: projectZ.id });
    const newcomer = person ? undefined : { name: 'Matrix Joiner', email: unique('join'), password: defaultPassword };
    return api.copy().post(`/invites/${invite.token}/accept`, newcomer);
  },
};

const callerFor = (role: Role): Caller => ({
  role,
  api: clientOf(world, role),
  person: role === 'signedOut' ? undefined : world[role],
});

describe('authorization matrix', () => {
  it('covers every operation in the OpenAPI document, and nothing else', async () => {
    const doc = expectStatus(await world.signedOut.get('/openapi.json'), 200);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const tabled = expected.map(([route]) => route).filter((route) => route !== 'GET /openapi.json');
    expect([...tabled].sort()).toEqual([...documented].sort());
    expect(Object.keys(requests).sort()).toEqual(expected.map(([route]) => route).sort());
  });

  for (const [route, ...statuses] of expected) {
    describe(route, () => {
      roles.forEach((role, index) => {
        const status = statuses[index] as number;
        it(`${role} → ${status}`, async () => {
          const call = requests[route];
          if (!call) throw new Error(`no request for ${route}`);
          const response = await call(callerFor(role));
          expectStatus(response, status);
          const code = errorCodes[status];
          if (code) expect(response.body?.error?.code, response.text).toBe(code);
        });
      });
    });
  }
});

/** Each signed-in person's standing in workspace W and project A, as the world builds them. */
const standings: Record<Exclude<Role, 'signedOut'>, ProjectStanding> = {
  owner: { workspaceRole: 'owner', projectRole: null },
  admin: { workspaceRole: 'admin', projectRole: null },
  member: { workspaceRole: 'member', projectRole: null },
  collaborator: { workspaceRole: null, projectRole: 'collaborator' },
  viewer: { workspaceRole: null, projectRole: 'viewer' },
  stranger: { workspaceRole: null, projectRole: null },
};

/** The person towards the shared item's shareable part (project A), as `itemAccess` loads it. */
const onSharedItem = (standing: ProjectStanding): PartStanding => ({
  standing,
  shared: true,
  level: documentAccess({ documentName: projectDocumentName.itemShared('pa', 'item'), standing, itemShared: true }),
});

/**
 * The policy each route enforces, asked with the situation its request above creates: the routes
 * whose table row refuses some signed-in person. (Signing out, tokens, /me, the project list and
 * invite links have no rule over a standing: every signed-in person gets the same answer.)
 */
const policies: Record<string, (standing: ProjectStanding, role: Role) => Decision> = {
  'GET /workspaces/{workspaceId}': (s) => mayReadWorkspace(s.workspaceRole),
  'GET /workspaces/{workspaceId}/members': (s) => mayReadWorkspace(s.workspaceRole),
  'PUT /workspaces/{workspaceId}/members/{userId}': (s) =>
    maySetWorkspaceRole(s.workspaceRole, { from: 'member', to: 'member' }),
  'DELETE /workspaces/{workspaceId}/members/{userId}': (s) =>
    mayRemoveFromWorkspace(s.workspaceRole, { self: false, role: 'member' }),
  'GET /workspaces/{workspaceId}/customers': (s) => mayReadWorkspace(s.workspaceRole),
  'POST /workspaces/{workspaceId}/customers': (s) => mayAdministerWorkspace(s.workspaceRole),
  'GET /workspaces/{workspaceId}/projects': (s) => mayReadWorkspace(s.workspaceRole),
  'POST /workspaces/{workspaceId}/projects': (s) => mayAdministerWorkspace(s.workspaceRole),
  'GET /projects/{projectId}': mayReadProject,
  'GET /projects/{projectId}/people': mayReadProject,
  'PUT /projects/{projectId}/members/{userId}': mayManageProjectMembers,
  'DELETE /projects/{projectId}/members/{userId}': mayManageProjectMembers,
  'POST /workspaces/{workspaceId}/invites': (s) =>
    mayCreateInvite(s.workspaceRole, { kind: 'project', projectId: 'z', role: 'viewer' }),
  'GET /workspaces/{workspaceId}/invites': (s) => mayAdministerWorkspace(s.workspaceRole),
  'DELETE /workspaces/{workspaceId}/invites/{inviteId}': (s) => mayAdministerWorkspace(s.workspaceRole),
  'POST /workspaces/{workspaceId}/invites/{inviteId}/resend': (s) => mayAdministerWorkspace(s.workspaceRole),
  'GET /workspaces/{workspaceId}/audit': (s) => mayAdministerWorkspace(s.workspaceRole),
  'POST /projects/{projectId}/items': mayCreateItem,
  'PUT /projects/{projectId}/items/{itemId}/sharing': mayShareItem,
  'PUT /projects/{projectId}/items/{itemId}/status': (s) =>
    mayMoveItem(s, { kind: 'task', status: 'in-review', shared: true }, 'in-progress', defaultWorkflow),
  'POST /projects/{projectId}/requests': mayRaiseRequest,
  'GET /projects/{projectId}/requests': mayListRequests,
  'GET /projects/{projectId}/requests/{requestId}': mayListRequests,
  'PUT /projects/{projectId}/requests/{requestId}/status': (s) =>
    mayMoveRequest(s, { from: 'resolved', to: 'closed', reopenUntil: null, now: 0 }),
  'PATCH /projects/{projectId}/requests/{requestId}': mayWorkRequest,
  'POST /projects/{projectId}/requests/{requestId}/links': mayWorkRequest,
  'DELETE /projects/{projectId}/requests/{requestId}/links/{itemId}': mayWorkRequest,
  'PUT /projects/{projectId}/requests/{requestId}/decision': mayWorkRequest,
  'GET /projects/{projectId}/items/{itemId}/requests': (s) => mayReadItemPart(onSharedItem(s)),
  'GET /projects/{projectId}/request-types': mayListRequests,
  'GET /workspaces/{workspaceId}/requests': (s) => mayReadRequestQueue(s.workspaceRole),
  'GET /workspaces/{workspaceId}/request-types': (s) => mayReadRequestSettings(s.workspaceRole),
  'POST /workspaces/{workspaceId}/request-types': (s) => mayConfigureRequests(s.workspaceRole),
  'PATCH /workspaces/{workspaceId}/request-types/{key}': (s) => mayConfigureRequests(s.workspaceRole),
  'GET /workspaces/{workspaceId}/sla-policy': (s) => mayReadRequestSettings(s.workspaceRole),
  'PUT /workspaces/{workspaceId}/sla-policy': (s) => mayConfigureRequests(s.workspaceRole),
  'GET /projects/{projectId}/sla-policy': mayWorkInProject,
  'PUT /projects/{projectId}/sla-policy': mayManageProjectMembers,
  'DELETE /projects/{projectId}/sla-policy': mayManageProjectMembers,
  'GET /projects/{projectId}/sla-report': mayReadProjectSlaReport,
  'GET /workspaces/{workspaceId}/sla-report': (s) => mayReadWorkspaceSlaReport(s.workspaceRole),
  'GET /projects/{projectId}/items/{itemId}/versions': (s) => mayListVersions(onSharedItem(s)),
  'POST /projects/{projectId}/items/{itemId}/versions': (s) => mayTakeVersion(onSharedItem(s)),
  'GET /projects/{projectId}/items/{itemId}/versions/{versionId}': (s) => mayListVersions(onSharedItem(s)),
  'POST /projects/{projectId}/items/{itemId}/versions/{versionId}/restore': (s) => mayRestoreVersion(onSharedItem(s)),
  'GET /projects/{projectId}/items/{itemId}/writers': (s) => mayReadHistory(onSharedItem(s)),
  'GET /projects/{projectId}/items/{itemId}/deletions': (s) => mayReadHistory(onSharedItem(s)),
  'POST /projects/{projectId}/items/{itemId}/files': (s) => mayUploadFile(onSharedItem(s)),
  'GET /files/{fileId}': (s) => mayDownloadFile(onSharedItem(s)),
  // The file is the owner's (teamFile).
  'DELETE /files/{fileId}': (s, role) => mayRemoveFile(onSharedItem(s), { uploadedBy: 'owner' }, role),
  'POST /projects/{projectId}/items/{itemId}/approval/submit': (s) => maySubmitForApproval(onSharedItem(s)),
  'POST /projects/{projectId}/items/{itemId}/approval/decision': (s) => mayDecideApproval(onSharedItem(s)),
  'GET /workspaces/{workspaceId}/teams': (s) => mayReadServiceTeams(s.workspaceRole),
  'POST /workspaces/{workspaceId}/teams': (s) => mayManageServiceTeams(s.workspaceRole),
  'PATCH /workspaces/{workspaceId}/teams/{teamId}': (s) => mayManageServiceTeams(s.workspaceRole),
  'PUT /workspaces/{workspaceId}/teams/{teamId}/members/{userId}': (s) => mayManageServiceTeams(s.workspaceRole),
  'DELETE /workspaces/{workspaceId}/teams/{teamId}/members/{userId}': (s) => mayManageServiceTeams(s.workspaceRole),
  'POST /projects/{projectId}/feedback': mayLeaveFeedback,
  'GET /projects/{projectId}/feedback': mayListFeedback,
  'GET /projects/{projectId}/items/{itemId}/feedback': (s) => mayReadItemPart(onSharedItem(s)),
  // The entry is the collaborator's (freshFeedback).
  'PATCH /projects/{projectId}/feedback/{feedbackId}': (s, role) =>
    mayChangeFeedback(s, role, { authorId: 'collaborator', answered: false, turnedIntoRequest: false }),
  'PUT /projects/{projectId}/feedback/{feedbackId}/team': mayWorkFeedback,
  'PUT /projects/{projectId}/feedback/{feedbackId}/answer': mayWorkFeedback,
  'POST /projects/{projectId}/feedback/{feedbackId}/request': mayWorkFeedback,
  'GET /workspaces/{workspaceId}/feedback': (s) => mayReadFeedbackInbox(s.workspaceRole),
  'GET /workspaces/{workspaceId}/customer-health': (s) => mayReadCustomerHealth(s.workspaceRole),
};

const refusalStatus = { not_found: 404, forbidden: 403, conflict: 409 } as const;

describe('the policies decide what the table says', () => {
  const signedIn = roles.filter((role) => role !== 'signedOut');

  it('names a policy for every route that refuses some signed-in person', () => {
    const refusing = expected
      .filter(([, ...statuses]) => signedIn.some((_, index) => (statuses[index] as number) >= 400))
      .map(([route]) => route);
    expect(Object.keys(policies).sort()).toEqual(refusing.sort());
  });

  for (const [route, ...statuses] of expected) {
    const policy = policies[route];
    if (!policy) continue;
    signedIn.forEach((role, index) => {
      const status = statuses[index] as number;
      it(`${route}: the policy gives ${role} ${status}`, () => {
        const decision = policy(standings[role], role);
        expect(decision.ok ? 'allowed' : refusalStatus[decision.code]).toBe(status < 400 ? 'allowed' : status);
      });
    });
  }
});

describe('with API tokens instead of cookies', () => {
  const reads = expected.filter(([route]) => route.startsWith('GET ') && !route.includes('{token}'));

  it('every read answers each person the same as with their cookie', async () => {
    const tokens = new Map<Role, ApiClient>();
    for (const role of roles) {
      if (role === 'signedOut') continue;
      const { token } = expectStatus(await world[role].api.post('/tokens', { name: 'matrix reads' }), 201);
      tokens.set(role, world[role].api.withToken(token));
    }
    for (const [route, ...statuses] of reads) {
      const call = requests[route];
      if (!call) throw new Error(`no request for ${route}`);
      for (const [role, api] of tokens) {
        const response = await call({ role, api, person: undefined });
        expect(response.status, `${route} as ${role} with a token`).toBe(statuses[roles.indexOf(role)]);
      }
    }
  });
});
