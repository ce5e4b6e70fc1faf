/**
 * The split's vocabulary for tests: a project's document names, the team's REST actions on items
 * (create, share, move), the audit entries sharing leaves, and small typed helpers over the item
 * documents (a description paragraph, the description's text, the client thread's messages).
 */

import { ItemSharedPart } from '@atrium/shared/model/itemParts.ts';
import type { PlanItem } from '@atrium/shared/model/plan.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import type { Message } from '@atrium/shared/model/thread.ts';
import * as Y from 'yjs';
import { type ApiClient, expectStatus, type Json } from './apiWorld.ts';

export type Acting = { api: ApiClient };

/** A project's document names. */
export function documentsOf(projectId: string) {
  return {
    plan: projectDocumentName.plan(projectId),
    portal: projectDocumentName.portal(projectId),
    presence: projectDocumentName.presence(projectId),
    item: (itemId: string) => projectDocumentName.itemShared(projectId, itemId),
    internal: (itemId: string) => projectDocumentName.itemInternal(projectId, itemId),
  };
}

export type NewItem = { title: string; shared?: boolean; status?: string; kind?: PlanItem['kind'] };

/** Creates an item in the plan through REST (the team only); returns it as the API does. */
export async function createItem(by: Acting, projectId: string, input: NewItem): Promise<PlanItem> {
  return expectStatus(await by.api.post(`/projects/${projectId}/items`, input), 201);
}

/** Shares or unshares an item through REST and expects it to succeed. */
export async function setSharing(by: Acting, projectId: string, itemId: string, shared: boolean): Promise<void> {
  expectStatus(await by.api.put(`/projects/${projectId}/items/${itemId}/sharing`, { shared }), 200);
}

export type AuditRow = { id: number; action: string; actorId: string | null; targetId: string | null; details: Json };

/** The audit log's sharing entries for one item, oldest first. */
export async function sharingAudit(admin: Acting, workspaceId: string, itemId: string): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for (const action of ['item.shared', 'item.unshared']) {
    const entries: AuditRow[] = expectStatus(
      await admin.api.get(`/workspaces/${workspaceId}/audit?action=${action}&limit=500`),
      200,
    );
    rows.push(...entries.filter((entry) => entry.targetId === itemId));
  }
  return rows.sort((a, b) => a.id - b.id);
}

/** A Tiptap paragraph holding `text`, for an item's description or internal notes. */
export function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** The description of an item's shareable part as XML (what every replica must agree on). */
export function descriptionOf(doc: Y.Doc): string {
  return new ItemSharedPart(doc).description.toString();
}

/** The messages of an item's client thread. */
export function clientThreadOf(doc: Y.Doc): Message[] {
  return new ItemSharedPart(doc).clientThread.messages();
}
