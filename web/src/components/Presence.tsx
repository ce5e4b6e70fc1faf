/** Who is here now: avatars of everyone present in a document (a project's presence document, an item's description). */
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import { initials } from '../app/colors.ts';
import { usePresence, useReplica } from '../app/replicaHooks.ts';
import type { PresenceUser, Replica } from '../sync/replicas.ts';

export function PresenceList({ replica, label }: { replica: Replica | undefined; label: string }) {
  const users = usePresence(replica);
  return <Avatars users={users} label={label} />;
}

/**
 * Presence in a project: everyone on it, team and customer alike, shares its presence document
 * (awareness only, no content: opening it downloads nothing).
 */
export function ProjectPresence({ projectId }: { projectId: string }) {
  const { replica } = useReplica(projectDocumentName.presence(projectId));
  return <PresenceList replica={replica} label="Here now" />;
}

function Avatars({ users, label }: { users: PresenceUser[]; label: string }) {
  if (users.length === 0) return null;
  const names = users.map((user) => user.name).join(', ');
  return (
    <div className="presence" data-testid="presence">
      <span className="presence-label">{label}</span>
      <ul aria-label={`${label}: ${names}`}>
        {users.map((user) => (
          <li key={user.id} className="avatar" style={{ background: user.color }} title={user.name}>
            <span aria-hidden="true">{initials(user.name)}</span>
            <span className="visually-hidden">{user.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
