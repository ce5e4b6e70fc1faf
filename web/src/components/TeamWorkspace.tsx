/**
 * Workspace screens only the provider's team may open (`/w/:workspaceId/…`: the request queue,
 * settings, service teams): the workspace of the address if the signed-in person is on its team,
 * and the page everyone else gets instead.
 */
import { Link, useParams } from 'react-router';
import type { Me } from '../app/api.ts';
import { useSignedIn } from '../app/session.tsx';

export type TeamWorkspace = Me['workspaces'][number];

/** The address's workspace, or undefined when the signed-in person is not on its team. */
export function useTeamWorkspace(): TeamWorkspace | undefined {
  const { workspaceId = '' } = useParams();
  const { me } = useSignedIn();
  return me.workspaces.find((candidate) => candidate.id === workspaceId);
}

export function TeamOnly({ title, reason }: { title: string; reason: string }) {
  return (
    <main className="page narrow">
      <h1>{title}</h1>
      <p>{reason}</p>
      <Link to="/">Back to your projects</Link>
    </main>
  );
}
