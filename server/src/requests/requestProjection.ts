/**
 * The projection of a request's row into its item's documents, through the normal server-change
 * path so both sides' open panels update live: the `request` view into the shareable part, the
 * `routing` view into the internal part (the team's only — never the shareable part). Rewritten
 * after every change; an unchanged view writes nothing.
 */
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { requestRoot, routingRoot, writeView } from '@atrium/shared/model/requests.ts';
import type { ServerDocuments } from '../content/serverDocuments.ts';
import type { Db } from '../storage/database.ts';
import { loadRecord, type RequestRecord } from './requestRecords.ts';
import type { RequestRow } from './requestStore.ts';
import { requestView, routingView } from './requestViews.ts';

export type RequestServices = { db: Db; documents: ServerDocuments };

/** The actor recorded for the server's own rewrites (escalations, clocks): nobody's edit. */
export const serverActor = 'server';

export async function projectRequest(
  services: RequestServices,
  row: RequestRow,
  actorId: string = serverActor,
): Promise<RequestRecord> {
  const record = await loadRecord(services.db, row);
  await services.documents.change(projectDocumentName.itemShared(row.project_id, row.id), actorId, (doc) => {
    writeView(doc, requestRoot, requestView(record));
  });
  await services.documents.change(projectDocumentName.itemInternal(row.project_id, row.id), actorId, (doc) => {
    writeView(doc, routingRoot, routingView(record));
  });
  return record;
}
