/**
 * The request resource's JSON shapes, shared by the request routes (`requests.ts`,
 * `requestChanges.ts`): `RequestSummary` as REQUESTS.md defines it, the routing fields optional
 * because customers never get them.
 */
import { requestChannels, requestPriorities, requestStatuses } from '@atrium/shared/model/requests.ts';
import { z } from '@hono/zod-openapi';
import { id } from './schemas.ts';

const Clock = z
  .object({
    kind: z.enum(['first_response', 'resolution']),
    targetMinutes: z.number(),
    state: z.enum(['running', 'paused', 'met', 'missed']),
    level: z.enum(['ok', 'at_risk', 'breached']),
    remainingMs: z.number(),
    dueAt: z.number().nullable(),
    atRiskAt: z.number().nullable(),
    pausedReason: z.enum(['waiting_on_customer']).nullable(),
    stoppedAt: z.number().nullable(),
    computedAt: z.number(),
  })
  .openapi('RequestClock');

export const RequestSummarySchema = z
  .object({
    id: z.string(),
    projectId: z.string(),
    projectName: z.string(),
    number: z.number(),
    title: z.string(),
    typeKey: z.string(),
    typeName: z.string(),
    priority: z.enum(requestPriorities),
    status: z.enum(requestStatuses),
    requestedBy: z.string().nullable(),
    requesterName: z.string(),
    channel: z.enum(requestChannels),
    aboutItemId: z.string().nullable(),
    feedbackId: z.string().nullable(),
    receivedAt: z.number(),
    createdAt: z.number(),
    updatedAt: z.number(),
    decision: z.enum(['accepted', 'declined']).nullable(),
    linkedItemIds: z.array(z.string()),
    firstResponse: Clock.nullable(),
    resolution: Clock.nullable(),
    reopenUntil: z.number().nullable(),
    teamId: z.string().nullable().optional(),
    teamName: z.string().nullable().optional(),
    assigneeId: z.string().nullable().optional(),
    assigneeName: z.string().nullable().optional(),
    escalation: z.enum(['at_risk', 'breached']).nullable().optional(),
  })
  .openapi('RequestSummary');

export const RequestList = z.object({ requests: z.array(RequestSummarySchema) }).openapi('RequestList');

export const RequestDetail = RequestSummarySchema.extend({
  events: z.array(
    z.object({
      at: z.number(),
      actorId: z.string(),
      actorName: z.string(),
      kind: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
}).openapi('RequestDetail');

export const RequestParams = z.object({ projectId: id, requestId: id });
export const ProjectParams = z.object({ projectId: id });
export const stateQuery = z.object({ state: z.enum(['open', 'closed', 'all']).optional() });
