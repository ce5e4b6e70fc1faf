/**
 * Feedback's JSON shapes for the routes in `feedback.ts`: what a customer sends, what each side
 * gets back (the routing fields are optional because customers never get them), and the inbox's
 * filters.
 */
import {
  feedbackSentiments,
  feedbackTargets,
  maxFeedbackAnswer,
  maxFeedbackNote,
} from '@atrium/shared/model/feedback.ts';
import { requestPriorities } from '@atrium/shared/model/requests.ts';
import { z } from '@hono/zod-openapi';
import { entityName, id } from './schemas.ts';

const note = z.string().trim().max(maxFeedbackNote, `A note can be at most ${maxFeedbackNote} characters.`);

export const GiveFeedback = z
  .object({
    itemId: id,
    on: z.enum(feedbackTargets),
    targetId: id.optional(),
    sentiment: z.enum(feedbackSentiments),
    note: note.default(''),
  })
  .openapi('GiveFeedback');

export const ChangeFeedback = z
  .object({ sentiment: z.enum(feedbackSentiments).optional(), note: note.optional() })
  .openapi('ChangeFeedback');

export const RouteFeedback = z.object({ teamId: id.nullable() }).openapi('RouteFeedback');

export const AnswerFeedback = z
  .object({
    answer: z
      .string()
      .trim()
      .min(1)
      .max(maxFeedbackAnswer, `An answer can be at most ${maxFeedbackAnswer} characters.`),
  })
  .openapi('AnswerFeedback');

export const FeedbackToRequest = z
  .object({
    type: z.string().min(1).max(40).optional(),
    title: entityName.optional(),
    body: z.string().trim().min(1).max(20_000).optional(),
    priority: z.enum(requestPriorities).default('normal'),
  })
  .openapi('FeedbackToRequest');

export const FeedbackSchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    itemId: z.string(),
    itemTitle: z.string(),
    targetKind: z.enum(feedbackTargets),
    targetId: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    sentiment: z.enum(feedbackSentiments),
    note: z.string(),
    createdAt: z.number(),
    answer: z.string().nullable(),
    answeredAt: z.number().nullable(),
    answeredByName: z.string().nullable(),
    requestId: z.string().nullable(),
    requestNumber: z.number().nullable(),
    projectName: z.string().optional(),
    customerName: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    teamName: z.string().nullable().optional(),
  })
  .openapi('Feedback');

export const FeedbackList = z.object({ feedback: z.array(FeedbackSchema) }).openapi('FeedbackList');

/** The inbox's filters (the team's; a customer's own list ignores them). */
export const InboxQuery = z.object({
  state: z.enum(['unanswered', 'handled', 'all']).optional(),
  sentiment: z.enum(feedbackSentiments).optional(),
  team: z.string().min(1).max(64).optional(),
});

export const ProjectParams = z.object({ projectId: id });
export const FeedbackParams = z.object({ projectId: id, feedbackId: id });
