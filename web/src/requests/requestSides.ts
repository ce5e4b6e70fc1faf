/**
 * What each side may do with a project's requests, as the screens offer it (the server decides
 * again on every call): the customer's collaborators and the team raise; the team works requests;
 * a paused clock waits on "you" for the customer and on the customer's name for the team.
 */
import type { MeProject } from '../app/api.ts';

export function mayRaise(project: MeProject): boolean {
  return project.side === 'team' || project.role === 'collaborator';
}

export function mayWork(project: MeProject): boolean {
  return project.side === 'team';
}

export function waitingOnName(project: MeProject): string {
  return project.side === 'team' ? (project.customerName ?? 'the customer') : 'you';
}
