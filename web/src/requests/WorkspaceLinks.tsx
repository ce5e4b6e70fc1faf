/**
 * A workspace's team screens, under its name on home: the request queue, the SLA report, and
 * settings for admins.
 */
import { Link } from 'react-router';

export function WorkspaceLinks({ workspaceId, admin }: { workspaceId: string; admin: boolean }) {
  return (
    <nav className="row" aria-label="Workspace">
      <Link to={`/w/${workspaceId}/queue`}>Request queue</Link>
      <Link to={`/w/${workspaceId}/sla`}>SLA report</Link>
      {admin && <Link to={`/w/${workspaceId}/settings`}>Workspace settings</Link>}
    </nav>
  );
}
