/**
 * A customer's own feedback on one item (the item itself, its messages and comments), shared by
 * every reaction control on that item: fetched once per item and kept in step when any control
 * gives or changes a reaction, so the panel's controls never disagree. The server is the source of
 * truth (REST only); a fetch that fails leaves the controls usable and says why on the next action.
 */
import type { FeedbackSentiment, FeedbackTarget, FeedbackView } from '@atrium/shared/model/feedback.ts';
import { useEffect, useState } from 'react';
import { api } from '../app/api.ts';
import { useRefetch } from '../app/refetch.ts';

type Entry = { list: FeedbackView[]; loaded: boolean; listeners: Set<() => void>; askedAt: number };

/** Controls on one item asking within this long share one fetch. */
const shareFetchMs = 5_000;

const byItem = new Map<string, Entry>();

function entryOf(key: string): Entry {
  let entry = byItem.get(key);
  if (!entry) {
    entry = { list: [], loaded: false, listeners: new Set(), askedAt: 0 };
    byItem.set(key, entry);
  }
  return entry;
}

function publish(key: string, list: FeedbackView[]): void {
  const entry = entryOf(key);
  entry.list = list;
  entry.loaded = true;
  for (const listener of entry.listeners) listener();
}

async function load(projectId: string, itemId: string): Promise<void> {
  const entry = entryOf(`${projectId}/${itemId}`);
  if (Date.now() - entry.askedAt < shareFetchMs) return;
  entry.askedAt = Date.now();
  const { feedback } = await api<{ feedback: FeedbackView[] }>(
    'GET',
    `/projects/${projectId}/items/${itemId}/feedback`,
  );
  publish(`${projectId}/${itemId}`, feedback);
}

/** Every entry of the caller's on the item, newest first, and whether they have been fetched yet. */
export function useItemFeedback(projectId: string, itemId: string): { list: FeedbackView[]; loaded: boolean } {
  const key = `${projectId}/${itemId}`;
  const [, setVersion] = useState(0);
  useEffect(() => {
    const entry = entryOf(key);
    const listener = () => setVersion((version) => version + 1);
    entry.listeners.add(listener);
    // The first control on the item fetches; the others share its answer.
    void load(projectId, itemId).catch(() => undefined);
    return () => {
      entry.listeners.delete(listener);
    };
  }, [key, projectId, itemId]);
  // The team's answers arrive while the panel is open: refetch now and then (once per item).
  useRefetch(() => void load(projectId, itemId).catch(() => undefined));
  const entry = entryOf(key);
  return { list: entry.list, loaded: entry.loaded };
}

/** The latest entry on one target (the item itself, a message, a comment). */
export function latestOn(list: FeedbackView[], on: FeedbackTarget, targetId: string): FeedbackView | undefined {
  const kinds = on === 'item' || on === 'request' ? ['item', 'request'] : [on];
  return list.find((entry) => kinds.includes(entry.targetKind) && entry.targetId === targetId);
}

export const isHandled = (entry: FeedbackView) => entry.answer !== null || entry.requestId !== null;

/** Gives a reaction, or changes the latest one while the team has not acted on it yet. */
export async function react(
  projectId: string,
  itemId: string,
  target: { on: FeedbackTarget; targetId: string },
  change: { sentiment?: FeedbackSentiment; note?: string },
  latest: FeedbackView | undefined,
): Promise<FeedbackView> {
  const saved =
    latest && !isHandled(latest)
      ? await api<FeedbackView>('PATCH', `/projects/${projectId}/feedback/${latest.id}`, change)
      : await api<FeedbackView>('POST', `/projects/${projectId}/feedback`, {
          itemId,
          on: target.on,
          ...(target.on === 'message' || target.on === 'comment' ? { targetId: target.targetId } : {}),
          sentiment: change.sentiment ?? latest?.sentiment ?? 'neutral',
          note: change.note ?? '',
        });
  const key = `${projectId}/${itemId}`;
  const current = entryOf(key).list.filter((entry) => entry.id !== saved.id);
  publish(key, [saved, ...current]);
  return saved;
}
