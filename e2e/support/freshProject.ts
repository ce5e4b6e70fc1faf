/**
 * A project of its own for a scenario that changes things (items, workflow, invites), so that the
 * demo project other specs rely on stays as seeded: a new owner, workspace, customer and project.
 */
import type { APIRequestContext } from '@playwright/test';
import { api, json } from './api.ts';

export type FreshProject = {
  owner: { name: string; email: string; password: string };
  rest: APIRequestContext;
  workspaceId: string;
  projectId: string;
  customerName: string;
};

export async function freshProject(baseURL: string, label: string): Promise<FreshProject> {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const owner = { name: `${label} Owner`, email: `owner.${stamp}@fresh.test`, password: `fresh-password-${stamp}` };
  const rest = await api(baseURL, owner, true);
  const workspace = await json<{ id: string }>(rest, 'post', '/api/workspaces', { name: `${label} Studio ${stamp}` });
  const customerName = `Client ${stamp}`;
  const customer = await json<{ id: string }>(rest, 'post', `/api/workspaces/${workspace.id}/customers`, {
    name: customerName,
  });
  const project = await json<{ id: string }>(rest, 'post', `/api/workspaces/${workspace.id}/projects`, {
    name: `${label} project ${stamp}`,
    customerId: customer.id,
  });
  return { owner, rest, workspaceId: workspace.id, projectId: project.id, customerName };
}
