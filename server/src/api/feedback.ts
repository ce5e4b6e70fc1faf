/**
 * Informal feedback through REST. A customer's person leaves a reaction (with an optional note) on
 * something they can see, changes their own until the team acts on it, and reads their own entries
 * with the team's answers. The team reads every entry of a project or of the whole workspace (its
 * inbox: unanswered, concerns, per service team), routes an entry to a service team, answers it, and
 * turns it into a request in one action. What each side gets is decided in `feedback/feedbackViews.ts`.
 */
import { isInternal } from '@atrium/shared/access/roles.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { teamWorkspace, visibleProject } from '../access/guards.ts';
import { enforce } from '../access/policies/decision.ts';
import {
  mayChangeFeedback,
  mayLeaveFeedback,
  mayListFeedback,
  mayReadFeedbackInbox,
  mayWorkFeedback,
} from '../access/policies/feedback.ts';
import { mirroredItem } from '../content/itemVisibility.ts';
import { Invalid, NotFound } from '../errors.ts';
import {
  answerFeedback,
  changeFeedback,
  giveFeedback,
  requestWording,
  routeFeedback,
  turnIntoRequest,
} from '../feedback/feedbackActions.ts';
import { type FeedbackFilter, type FeedbackRow, getFeedback, listFeedback } from '../feedback/feedbackStore.ts';
import { resolveTarget } from '../feedback/feedbackTargets.ts';
import { feedbackViews, type Side } from '../feedback/feedbackViews.ts';
import { customerPerson } from '../requests/requestPeople.ts';
import { findRequestType } from '../requests/requestTypes.ts';
import { toSummary } from '../requests/requestViews.ts';
import { type ApiContext, type ApiEnv, caller, clientAddress, services } from './context.ts';
import {
  AnswerFeedback,
  ChangeFeedback,
  FeedbackList,
  FeedbackParams,
  FeedbackSchema,
  FeedbackToRequest,
  GiveFeedback,
  InboxQuery,
  ProjectParams,
  RouteFeedback,
} from './feedbackSchemas.ts';
import { itemAccess } from './itemAccess.ts';
import { RequestSummarySchema } from './requestSchemas.ts';
import { body, errors, id, json } from './schemas.ts';

export const feedbackRoutes = new OpenAPIHono<ApiEnv>();

async function viewOf(c: ApiContext, row: FeedbackRow, side: Side) {
  const [view] = await feedbackViews(services(c).db, [row], side);
  if (!view) throw NotFound('Feedback not found.');
  return view;
}

/** The project and the entry, for the team's actions on it (the policy asked before the entry is looked up). */
async function teamEntry(c: ApiContext, params: { projectId: string; feedbackId: string }) {
  const { db } = services(c);
  const { project, standing } = await visibleProject(db, caller(c).user.id, params.projectId);
  enforce(mayWorkFeedback(standing));
  const row = await getFeedback(db, project.id, params.feedbackId);
  if (!row) throw NotFound('Feedback not found.');
  return { project, row };
}

const actor = (c: ApiContext) => ({ id: caller(c).user.id, ip: clientAddress(c) });

feedbackRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/feedback',
    tags: ['feedback'],
    request: { params: ProjectParams, ...body(GiveFeedback) },
    responses: { 201: json(FeedbackSchema, 'Given; the team sees it in its inbox'), ...errors },
  }),
  async (c) => {
    const { db, documents } = services(c);
    const { project, standing } = await visibleProject(db, caller(c).user.id, c.req.valid('param').projectId);
    enforce(mayLeaveFeedback(standing));
    const input = c.req.valid('json');
    const target = await resolveTarget({ db, documents }, project.id, input);
    const row = await giveFeedback(db, project, actor(c), target, { sentiment: input.sentiment, note: input.note });
    return c.json(await viewOf(c, row, 'customer'), 201);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/feedback',
    tags: ['feedback'],
    request: { params: ProjectParams, query: InboxQuery },
    responses: { 200: json(FeedbackList, "The project's feedback (a customer: their own)"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const me = caller(c).user.id;
    const { project, standing } = await visibleProject(db, me, c.req.valid('param').projectId);
    enforce(mayListFeedback(standing));
    const team = isInternal(standing);
    const filter: FeedbackFilter = team ? { ...c.req.valid('query') } : { authorId: me };
    const rows = await listFeedback(db, { ...filter, projectId: project.id });
    return c.json({ feedback: await feedbackViews(db, rows, team ? 'team' : 'customer') }, 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/projects/{projectId}/items/{itemId}/feedback',
    tags: ['feedback'],
    request: { params: z.object({ projectId: id, itemId: id }) },
    responses: { 200: json(FeedbackList, 'Feedback on the item and its messages and comments'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const me = caller(c).user.id;
    const { projectId, itemId } = c.req.valid('param');
    const { project, standing } = await itemAccess(c, projectId, itemId);
    const team = isInternal(standing);
    const rows = await listFeedback(db, { projectId: project.id, itemId, ...(team ? {} : { authorId: me }) });
    return c.json({ feedback: await feedbackViews(db, rows, team ? 'team' : 'customer') }, 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/projects/{projectId}/feedback/{feedbackId}',
    tags: ['feedback'],
    request: { params: FeedbackParams, ...body(ChangeFeedback) },
    responses: { 200: json(FeedbackSchema, 'Changed (by the person who gave it)'), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const me = caller(c).user.id;
    const params = c.req.valid('param');
    const { project, standing } = await visibleProject(db, me, params.projectId);
    const row = await getFeedback(db, project.id, params.feedbackId);
    if (!row) throw NotFound('Feedback not found.');
    enforce(
      mayChangeFeedback(standing, me, {
        authorId: row.author_id,
        answered: row.answer !== null,
        turnedIntoRequest: row.request_id !== null,
      }),
    );
    const change = c.req.valid('json');
    if (change.sentiment === undefined && change.note === undefined) throw Invalid('Give a sentiment or a note.');
    return c.json(await viewOf(c, await changeFeedback(db, row, actor(c), change), 'customer'), 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/feedback/{feedbackId}/team',
    tags: ['feedback'],
    request: { params: FeedbackParams, ...body(RouteFeedback) },
    responses: { 200: json(FeedbackSchema, 'Routed to the team (or to nobody)'), ...errors },
  }),
  async (c) => {
    const { row } = await teamEntry(c, c.req.valid('param'));
    const routed = await routeFeedback(services(c).db, row, actor(c), c.req.valid('json').teamId);
    return c.json(await viewOf(c, routed, 'team'), 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/projects/{projectId}/feedback/{feedbackId}/answer',
    tags: ['feedback'],
    request: { params: FeedbackParams, ...body(AnswerFeedback) },
    responses: { 200: json(FeedbackSchema, 'Answered; the customer who gave it sees the answer'), ...errors },
  }),
  async (c) => {
    const { row } = await teamEntry(c, c.req.valid('param'));
    const answered = await answerFeedback(services(c).db, row, actor(c), c.req.valid('json').answer);
    return c.json(await viewOf(c, answered, 'team'), 200);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projects/{projectId}/feedback/{feedbackId}/request',
    tags: ['feedback'],
    request: { params: FeedbackParams, ...body(FeedbackToRequest) },
    responses: {
      201: json(
        z.object({ feedback: FeedbackSchema, request: RequestSummarySchema }).openapi('FeedbackTurnedIntoRequest'),
        'A request raised for the person who gave the feedback, about the same item',
      ),
      ...errors,
    },
  }),
  async (c) => {
    const { db, documents, serviceEvents } = services(c);
    const { project, row } = await teamEntry(c, c.req.valid('param'));
    const input = c.req.valid('json');
    const typeKey = input.type ?? (row.sentiment === 'concern' ? 'issue' : 'question');
    const type = await findRequestType(db, project.workspaceId, typeKey);
    if (!type) throw Invalid(`Unknown request type “${typeKey}”.`);
    if (type.archived) throw Invalid(`The request type “${type.name}” is no longer in use; choose another.`);
    const item = await mirroredItem(db, project.id, row.item_id);
    // The request is the customer's: it never carries the title of an item unshared since.
    const wording = requestWording(row, item?.shared ? item.title : 'an item');
    const person = await customerPerson(db, project, row.author_id);
    const author = await db.selectFrom('users').select('name').where('id', '=', row.author_id).executeTakeFirst();
    const record = await turnIntoRequest({ db, documents, events: serviceEvents }, project, row, actor(c), {
      typeKey: type.key,
      title: input.title ?? wording.title,
      body: input.body ?? wording.body,
      priority: input.priority,
      requestedBy: person ? row.author_id : null,
      requesterName: person?.name ?? author?.name ?? 'Former customer contact',
    });
    const turned = await getFeedback(db, project.id, row.id);
    if (!turned) throw NotFound('Feedback not found.');
    return c.json({ feedback: await viewOf(c, turned, 'team'), request: toSummary(record, 'team') }, 201);
  },
);

feedbackRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/workspaces/{workspaceId}/feedback',
    tags: ['feedback'],
    request: {
      params: z.object({ workspaceId: id }),
      query: InboxQuery.extend({ project: id.optional() }),
    },
    responses: { 200: json(FeedbackList, "The team's feedback inbox, newest first"), ...errors },
  }),
  async (c) => {
    const { db } = services(c);
    const { workspace, role } = await teamWorkspace(db, caller(c).user.id, c.req.valid('param').workspaceId);
    enforce(mayReadFeedbackInbox(role));
    const { project, ...filter } = c.req.valid('query');
    const rows = await listFeedback(db, {
      ...filter,
      workspaceId: workspace.id,
      ...(project ? { projectId: project } : {}),
    });
    return c.json({ feedback: await feedbackViews(db, rows, 'team') }, 200);
  },
);
