/**
 * Requests live on screen. The REST summary carries what only the server can join (names, the
 * team's routing); the request item's documents carry the server's projections (`request` view in
 * the shareable part, `routing` in the internal part), which change at once when anyone acts or the
 * escalation worker runs. Screens show the summary with the live view laid over it, and re-read the
 * summary when the view changes — no reload, no tight polling.
 */
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import {
  type RequestView,
  type RoutingView,
  readRequestView,
  readRoutingView,
  requestRoot,
  routingRoot,
} from '@atrium/shared/model/requests.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { useRefetch } from '../app/refetch.ts';
import { useDocValue, useReplica, useTypeValue } from '../app/replicaHooks.ts';
import { projectIndexName, readProject, type Side } from '../project/projectData.ts';
import { listRequests, type RequestSummary } from './requestApi.ts';

/** The request view from the item's shareable part, live; null until it arrives (or for a non-request). */
export function useLiveRequestView(projectId: string, requestId: string | null, shown = false): RequestView | null {
  const { replica } = useReplica(requestId ? projectDocumentName.itemShared(projectId, requestId) : null, { shown });
  const doc = replica?.doc;
  return useTypeValue(doc?.getMap(requestRoot), () => (doc ? readRequestView(doc) : null), null);
}

/** The team's routing view from the item's internal part, live. */
export function useLiveRoutingView(projectId: string, requestId: string | null): RoutingView | null {
  const { replica } = useReplica(requestId ? projectDocumentName.itemInternal(projectId, requestId) : null, {
    shown: false,
  });
  const doc = replica?.doc;
  return useTypeValue(doc?.getMap(routingRoot), () => (doc ? readRoutingView(doc) : null), null);
}

/**
 * The summary with what the live view says now (the view is newer whenever it differs). Links stay
 * the summary's: the view names only shared items, the team's summary every linked item (and a
 * change in the view re-reads the summary).
 */
export function withView<T extends RequestSummary>(summary: T, view: RequestView | null): T {
  if (!view) return summary;
  return {
    ...summary,
    typeKey: view.typeKey,
    typeName: view.typeName,
    priority: view.priority,
    status: view.status,
    decision: view.decision,
    firstResponse: view.firstResponse,
    resolution: view.resolution,
    reopenUntil: view.reopenUntil,
  };
}

/**
 * Runs `load` whenever `signal` changes from one known value to another — not when it first
 * arrives (the screen loaded its data already), only on a later change made by someone.
 */
export function useReloadOn(signal: unknown, load: () => void): void {
  const previous = useRef<string | null>(null);
  const key = signal === null || signal === undefined ? null : JSON.stringify(signal);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialized signal is the trigger
  useEffect(() => {
    const before = previous.current;
    previous.current = key;
    if (before !== null && key !== null && before !== key) load();
  }, [key]);
}

/**
 * The project's requests in one state. Reloaded when the project's item list changes (a request
 * raised elsewhere appears), and every so often while visible; each row follows its own item's
 * view live (see `RequestRow`).
 */
export function useProjectRequests(
  projectId: string,
  side: Side,
  state: 'open' | 'closed',
): { requests: RequestSummary[] | null; error: unknown; reload: () => void } {
  const [requests, setRequests] = useState<RequestSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    listRequests(projectId, state).then(
      (list) => {
        setRequests(list);
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
  }, [projectId, state]);
  useEffect(() => {
    setRequests(null);
    reload();
  }, [reload]);
  useRefetch(reload, 15_000);
  const { replica } = useReplica(projectIndexName(side, projectId), { shown: false });
  const requestIds = useDocValue(replica?.doc, (doc) => requestItemIds(side, doc).join(), '');
  useReloadOn(requestIds, reload);
  return { requests, error, reload };
}

/** The project's request items (kind `request`), as the side's project document lists them. */
export function requestItemIds(side: Side, doc: Y.Doc): string[] {
  return readProject(side, doc)
    .items.filter((item) => item.kind === 'request')
    .map((item) => item.id)
    .sort();
}
