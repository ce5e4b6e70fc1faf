/**
 * What each side may see of a request, from its record: the REST summary (the team's routing fields
 * only for the team), the detail's events (internal ones only for the team), and the two views the
 * server projects into the request item's documents — `RequestView` (shareable part, both sides)
 * and `RoutingView` (internal part, the team's only). The one place that decides what a customer
 * sees of a request.
 */
import type { RequestEventView, RequestSummary, RequestView, RoutingView } from '@atrium/shared/model/requests.ts';
import { escalationLevel, type RequestRecord } from './requestRecords.ts';

export type Side = 'team' | 'customer';
export type { RequestEventView, RequestSummary };

export function toSummary(record: RequestRecord, side: Side): RequestSummary {
  const { row } = record;
  const summary: RequestSummary = {
    id: row.id,
    projectId: row.project_id,
    projectName: record.projectName,
    number: row.number,
    title: row.title,
    typeKey: row.type_key,
    typeName: record.typeName,
    priority: row.priority,
    status: row.status,
    requestedBy: row.requested_by,
    requesterName: row.requester_name,
    channel: row.channel,
    aboutItemId: side === 'team' ? row.about_item_id : sharedOrNull(record, row.about_item_id),
    feedbackId: row.feedback_id,
    receivedAt: row.received_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decision: row.decision,
    linkedItemIds: side === 'team' ? record.linkedItemIds : sharedOnly(record, record.linkedItemIds),
    firstResponse: record.firstResponse,
    resolution: record.resolution,
    reopenUntil: record.reopenUntil,
  };
  if (side === 'team')
    return {
      ...summary,
      teamId: row.team_id,
      teamName: record.teamName,
      assigneeId: row.assignee_id,
      assigneeName: record.assigneeName,
      escalation: escalationLevel(record),
    };
  // "Assigned to you" works for the customer's people; who on the team works it stays the team's.
  if (record.assigneeIsCustomer) return { ...summary, assigneeId: row.assignee_id, assigneeName: record.assigneeName };
  return summary;
}

export function eventViews(record: RequestRecord, side: Side): RequestEventView[] {
  return record.events
    .filter((event) => side === 'team' || (!event.internal && !aboutUnsharedItem(record, event)))
    .map((event) => ({
      at: event.at,
      actorId: event.actorId,
      actorName: record.names.get(event.actorId) ?? '',
      kind: event.kind,
      from: event.from,
      to: event.to,
    }));
}

export function requestView(record: RequestRecord): RequestView {
  const { row } = record;
  return {
    number: row.number,
    typeKey: row.type_key,
    typeName: record.typeName,
    priority: row.priority,
    status: row.status,
    requestedBy: row.requested_by,
    requesterName: row.requester_name,
    channel: row.channel,
    // The customer reads this view too: it names only items shared with them.
    aboutItemId: sharedOrNull(record, row.about_item_id),
    receivedAt: row.received_at,
    decision: row.decision,
    linkedItemIds: sharedOnly(record, record.linkedItemIds),
    firstResponse: record.firstResponse,
    resolution: record.resolution,
    history: record.history,
    reopenUntil: record.reopenUntil,
  };
}

export function routingView(record: RequestRecord): RoutingView {
  return {
    teamId: record.row.team_id,
    teamName: record.teamName,
    assigneeId: record.row.assignee_id,
    escalations: record.escalations.map(({ clock, level, at }) => ({ clock, level, at })),
    history: record.events.map((event) => ({
      at: event.at,
      by: event.actorId,
      kind: event.kind,
      from: event.from,
      to: event.to,
    })),
  };
}

function sharedOrNull(record: RequestRecord, itemId: string | null): string | null {
  return itemId !== null && record.sharedItemIds.has(itemId) ? itemId : null;
}

function sharedOnly(record: RequestRecord, itemIds: string[]): string[] {
  return itemIds.filter((itemId) => record.sharedItemIds.has(itemId));
}

/** A link or unlink of an item the customer may not see names that item: the customer gets neither. */
function aboutUnsharedItem(record: RequestRecord, event: RequestRecord['events'][number]): boolean {
  if (event.kind !== 'link' && event.kind !== 'unlink') return false;
  const itemId = event.kind === 'link' ? event.to : event.from;
  return itemId === null || !record.sharedItemIds.has(itemId);
}
