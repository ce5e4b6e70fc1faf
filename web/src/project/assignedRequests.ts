/**
 * The open requests assigned to the signed-in customer person, by project. A request's assignee is
 * kept in its record, not in the plan item the portal mirrors, so "Assigned to you" asks the REST
 * list of one's own requests (which names the assignee to a customer only when it is one of their
 * people). Asked again whenever the window regains focus.
 */
import { useEffect, useState } from 'react';
import { api } from '../app/api.ts';

type MyRequests = { requests: Array<{ id: string; projectId: string; assigneeId?: string | null }> };

export function useAssignedRequests(userId: string): {
  byProject: ReadonlyMap<string, ReadonlySet<string>>;
  error: unknown;
} {
  const [byProject, setByProject] = useState<ReadonlyMap<string, ReadonlySet<string>>>(new Map());
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api<MyRequests>('GET', '/me/requests?state=open').then(
        ({ requests }) => {
          if (!live) return;
          const next = new Map<string, Set<string>>();
          for (const request of requests) {
            if (request.assigneeId !== userId) continue;
            next.set(request.projectId, (next.get(request.projectId) ?? new Set()).add(request.id));
          }
          setByProject(next);
          setError(null);
        },
        (failure: unknown) => {
          if (live) setError(failure);
        },
      );
    void load();
    window.addEventListener('focus', load);
    return () => {
      live = false;
      window.removeEventListener('focus', load);
    };
  }, [userId]);
  return { byProject, error };
}
