/**
 * Request items (kind `request`) are plan items so they share the item documents and access rules,
 * but they are worked on their own screens: boards leave them out, and an item link to one leads
 * to the request's page.
 */
import type { ProjectView } from '../project/projectData.ts';

export type BoardView = ProjectView & { requestIds: ReadonlySet<string> };

export function withoutRequests(view: ProjectView): BoardView {
  const requestIds = new Set(view.items.filter((item) => item.kind === 'request').map((item) => item.id));
  if (requestIds.size === 0) return { ...view, requestIds };
  return { workflow: view.workflow, items: view.items.filter((item) => item.kind !== 'request'), requestIds };
}
