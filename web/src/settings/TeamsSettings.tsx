/**
 * Service teams of a workspace (delivery, product, support, sales, …): the groups requests and
 * feedback are routed to. Owners and admins create, rename and archive teams and choose their
 * members from the workspace team; everyone else on the team sees them read-only. Customers never
 * see team names. A section of its own (`TeamsSettings`), shown at `/w/:workspaceId/teams` by
 * `TeamsScreen`, so it can sit on a workspace settings screen as well.
 */
import type { ServiceTeam } from '@atrium/shared/model/feedback.ts';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.ts';
import { FormError } from '../components/FormError.tsx';
import { LimitedInput } from '../components/LengthLimit.tsx';
import '../feedback/feedback.css';
import { TeamOnly, useTeamWorkspace } from '../components/TeamWorkspace.tsx';

type Member = { userId: string; name: string; email: string; role: string };

const teamNameLimit = 60;

export function TeamsScreen() {
  const workspace = useTeamWorkspace();
  if (!workspace)
    return <TeamOnly title="Teams not available" reason="Only the provider’s team sees its service teams." />;
  return (
    <main className="page settings">
      <p className="eyebrow">
        <Link to="/">← {workspace.name}</Link>
      </p>
      <TeamsSettings
        workspaceId={workspace.id}
        admin={workspace.role === 'owner' || workspace.role === 'admin'}
        asPage
      />
    </main>
  );
}

/** `asPage`: the section is the whole page (its title the page's heading), not one section of settings. */
export function TeamsSettings({
  workspaceId,
  admin,
  asPage,
}: {
  workspaceId: string;
  admin: boolean;
  asPage?: boolean;
}) {
  const Heading = asPage ? 'h1' : 'h2';
  const [teams, setTeams] = useState<ServiceTeam[] | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [showArchived, setShowArchived] = useState(false);
  const load = useCallback(() => {
    api<ServiceTeam[]>('GET', `/workspaces/${workspaceId}/teams`).then(setTeams, setError);
    api<Member[]>('GET', `/workspaces/${workspaceId}/members`).then(setMembers, setError);
  }, [workspaceId]);
  useEffect(load, [load]);

  const replace = (team: ServiceTeam) =>
    setTeams((list) => {
      const rest = (list ?? []).filter((candidate) => candidate.id !== team.id);
      return [...rest, team].sort((a, b) => a.name.localeCompare(b.name));
    });

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setError(null);
    try {
      replace(await api('POST', `/workspaces/${workspaceId}/teams`, { name: new FormData(form).get('name') }));
      form.reset();
    } catch (failure) {
      setError(failure);
    }
  }

  const live = teams?.filter((team) => !team.archived) ?? [];
  const archived = teams?.filter((team) => team.archived) ?? [];
  return (
    <section className="settings-section teams-settings" aria-labelledby="teams-title">
      <Heading id="teams-title">Service teams</Heading>
      <p className="hint">
        Requests and feedback are routed to these teams. Only your workspace sees them; customers never see team names.
      </p>
      {!admin && <p className="note">Only workspace owners and admins can change teams. You can see them here.</p>}
      {teams === null && !error && <p role="status">Loading…</p>}
      {teams && live.length === 0 && <p className="empty-inline">No teams yet.</p>}
      <ul className="team-list">
        {live.map((team) => (
          <TeamCard
            key={team.id}
            team={team}
            workspaceId={workspaceId}
            admin={admin}
            members={members}
            onChange={replace}
          />
        ))}
      </ul>
      {admin && (
        <form className="row wrap" onSubmit={(event) => void create(event)}>
          {/* biome-ignore lint/a11y/noLabelWithoutControl: LimitedInput renders the input this label wraps */}
          <label>
            New team
            <LimitedInput name="name" required limit={teamNameLimit} placeholder="e.g. Support" />
          </label>
          <button type="submit">Add team</button>
        </form>
      )}
      <FormError error={error} />
      {archived.length > 0 && (
        <button type="button" className="link-button" onClick={() => setShowArchived(!showArchived)}>
          {showArchived ? 'Hide' : 'Show'} {archived.length} archived
        </button>
      )}
      {showArchived && (
        <ul className="team-list">
          {archived.map((team) => (
            <TeamCard
              key={team.id}
              team={team}
              workspaceId={workspaceId}
              admin={admin}
              members={members}
              onChange={replace}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function TeamCard({
  team,
  workspaceId,
  admin,
  members,
  onChange,
}: {
  team: ServiceTeam;
  workspaceId: string;
  admin: boolean;
  members: Member[];
  onChange: (team: ServiceTeam) => void;
}) {
  const [error, setError] = useState<unknown>(null);
  const [renaming, setRenaming] = useState(false);
  const [adding, setAdding] = useState('');
  const path = `/workspaces/${workspaceId}/teams/${team.id}`;
  async function act(method: string, url: string, body?: unknown) {
    setError(null);
    try {
      onChange(await api<ServiceTeam>(method, url, body));
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }
  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await act('PATCH', path, { name: new FormData(event.currentTarget).get('name') })) setRenaming(false);
  }
  const candidates = members.filter((member) => !team.members.some((m) => m.userId === member.userId));
  return (
    <li className={`card team-card${team.archived ? ' archived' : ''}`} data-testid="service-team">
      {renaming ? (
        <form className="row" onSubmit={(event) => void rename(event)}>
          <LimitedInput name="name" defaultValue={team.name} required limit={teamNameLimit} aria-label="Team name" />
          <button type="submit" className="small">
            Save
          </button>
          <button type="button" className="small secondary" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="section-head">
          <h3>
            {team.name}
            {team.archived && <span className="pill"> Archived</span>}
          </h3>
          {admin && (
            <span className="row">
              {!team.archived && (
                <button type="button" className="link-button" onClick={() => setRenaming(true)}>
                  Rename
                </button>
              )}
              <button
                type="button"
                className="link-button"
                onClick={() => void act('PATCH', path, { archived: !team.archived })}
              >
                {team.archived ? 'Bring back' : 'Archive'}
              </button>
            </span>
          )}
        </div>
      )}
      {team.members.length === 0 ? (
        <p className="empty-inline">No members yet.</p>
      ) : (
        <ul className="team-members">
          {team.members.map((member) => (
            <li key={member.userId}>
              {member.name}
              {admin && (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove ${member.name} from ${team.name}`}
                  onClick={() => void act('DELETE', `${path}/members/${member.userId}`)}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {admin && !team.archived && candidates.length > 0 && (
        <div className="row">
          <select aria-label={`Add someone to ${team.name}`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">Add a member…</option>
            {candidates.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="small secondary"
            disabled={!adding}
            onClick={() => void act('PUT', `${path}/members/${adding}`).then((done) => done && setAdding(''))}
          >
            Add
          </button>
        </div>
      )}
      <FormError error={error} />
    </li>
  );
}
