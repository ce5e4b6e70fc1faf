/**
 * A project's people and invite links, in its settings: who is on the project (team and customer
 * side; admins change customer roles and remove people), and the invite links with who used each.
 * Both lists reload when the person returns to the tab and every half minute (`useRefetch`), so a
 * newcomer who joins in another browser shows up without a reload.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Invite, type MeProject, type Person } from '../app/api.ts';
import { useAuthOptions } from '../app/authOptions.ts';
import './invites.css';
import { useRefetch } from '../app/refetch.ts';
import { FormError } from '../components/FormError.tsx';
import { RelativeTime } from '../components/RelativeTime.tsx';

export function Members({ project, admin }: { project: MeProject; admin: boolean }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = () => api<Person[]>('GET', `/projects/${project.id}/people`).then(setPeople, setError);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load only when the project changes
  useEffect(() => {
    void load();
  }, [project.id]);
  useRefetch(load);

  async function act(request: Promise<unknown>) {
    setError(null);
    try {
      await request;
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="members-title">
      <h2 id="members-title">People</h2>
      <table className="people">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Side</th>
            <th scope="col">Role</th>
            {admin && <th scope="col">Remove</th>}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.userId}>
              <td>
                {person.name}
                <br />
                <span className="muted">{person.email}</span>
              </td>
              <td>{person.side === 'team' ? 'Your team' : (project.customerName ?? 'Customer')}</td>
              <td>
                {admin && person.side === 'customer' ? (
                  <select
                    aria-label={`Role of ${person.name}`}
                    value={person.role}
                    onChange={(event) =>
                      void act(
                        api('PUT', `/projects/${project.id}/members/${person.userId}`, { role: event.target.value }),
                      )
                    }
                  >
                    <option value="collaborator">Collaborator (can edit shared items)</option>
                    <option value="viewer">Viewer (read-only)</option>
                  </select>
                ) : (
                  person.role
                )}
              </td>
              {admin && (
                <td>
                  {person.side === 'customer' && (
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => void act(api('DELETE', `/projects/${project.id}/members/${person.userId}`))}
                    >
                      Remove
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={error} />
    </section>
  );
}

/** How the latest email of an invite is doing, after "emailed to …". */
const emailStatus: Record<NonNullable<Invite['email']>['status'], string> = {
  queued: ', sending…',
  sent: '',
  retrying: ' — not delivered yet, retrying',
  failed: ' — could not be delivered; check the address and resend',
};

export function Invites({ project }: { project: MeProject }) {
  const [invites, setInvites] = useState<Invite[]>([]);
  /** The link just created: shown once, and taken away when it is revoked. */
  const [created, setCreated] = useState<{ id: string; url: string; emailedTo: string | null } | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [resent, setResent] = useState<string | null>(null);
  const emailOn = useAuthOptions()?.email ?? false;
  const load = () =>
    api<Invite[]>('GET', `/workspaces/${project.workspaceId}/invites`).then(
      (all) => setInvites(all.filter((invite) => invite.projectId === project.id)),
      setError,
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load only when the project changes
  useEffect(() => {
    void load();
  }, [project.id]);
  useRefetch(load);
  // An email just queued is usually sent within a second: the list looks again until none waits.
  const queued = invites.some((invite) => invite.email?.status === 'queued');
  // biome-ignore lint/correctness/useExhaustiveDependencies: load reads only the project, as above
  useEffect(() => {
    if (!queued) return;
    const timer = setTimeout(() => void load(), 1500);
    return () => clearTimeout(timer);
  }, [queued, invites]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(null);
    setCopied(false);
    setResent(null);
    const form = event.currentTarget;
    const email = String(data.get('email') ?? '').trim();
    try {
      const invite = await api<Invite & { url: string; emailedTo: string | null }>(
        'POST',
        `/workspaces/${project.workspaceId}/invites`,
        {
          projectId: project.id,
          role: data.get('role'),
          expiresInHours: Number(data.get('days')) * 24,
          maxUses: Number(data.get('uses')),
          ...(email ? { email } : {}),
        },
      );
      setCreated({
        id: invite.id,
        url: `${location.origin}/join/${invite.url.split('/join/')[1] ?? ''}`,
        emailedTo: invite.emailedTo,
      });
      form.reset();
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  async function revoke(id: string) {
    setError(null);
    try {
      await api('DELETE', `/workspaces/${project.workspaceId}/invites/${id}`);
      // A revoked link must not stay on screen as the one to send.
      setCreated((shown) => (shown?.id === id ? null : shown));
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  async function resend(invite: Invite) {
    setError(null);
    setResent(null);
    try {
      const { emailedTo } = await api<{ emailedTo: string }>(
        'POST',
        `/workspaces/${project.workspaceId}/invites/${invite.id}/resend`,
      );
      setResent(`The invite was emailed to ${emailedTo} again.`);
      await load();
    } catch (failure) {
      setError(failure);
    }
  }

  const now = Date.now();
  return (
    <section className="card settings-section" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite links</h2>
      <form className="row wrap" onSubmit={(event) => void create(event)}>
        <label>
          Role
          <select name="role" defaultValue="collaborator">
            <option value="collaborator">{project.customerName ?? 'Customer'} collaborator</option>
            <option value="viewer">{project.customerName ?? 'Customer'} viewer (read-only)</option>
            <option value="member">Team member</option>
          </select>
        </label>
        <label>
          Expires after
          <select name="days" defaultValue="7">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </label>
        <label>
          Can be used
          <select name="uses" defaultValue="1">
            <option value="1">once</option>
            <option value="10">10 times</option>
            <option value="100">100 times</option>
          </select>
        </label>
        {emailOn && (
          <label>
            Email it to (optional)
            <input name="email" type="email" placeholder="name@customer.com" autoComplete="off" />
          </label>
        )}
        <button type="submit">Create invite link</button>
      </form>
      {!emailOn && <p className="hint">Email is off on this server: copy each new link and send it yourself.</p>}
      {created && (
        <div className="invite-created" role="status">
          {created.emailedTo && <p className="invite-emailed">Emailed to {created.emailedTo}. You can also copy it:</p>}
          <label>
            {created.emailedTo ? 'The link (shown only now)' : 'Send this link (it is shown only now)'}
            <input readOnly value={created.url} data-testid="invite-url" onFocus={(event) => event.target.select()} />
          </label>
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(created.url).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      {resent && <p role="status">{resent}</p>}
      <FormError error={error} />
      {invites.length > 0 && (
        <ul className="invites">
          {invites.map((invite) => {
            const state = invite.revokedAt
              ? 'Revoked'
              : invite.expiresAt < now
                ? 'Expired'
                : invite.uses >= invite.maxUses
                  ? 'Used up'
                  : `Active until ${new Date(invite.expiresAt).toLocaleDateString()}`;
            return (
              <li key={invite.id} data-testid="invite">
                <span>
                  {invite.role} · used {invite.uses} of {invite.maxUses} · {state}
                  {invite.email && (
                    <span className="muted">
                      {' '}
                      · emailed to {invite.email.to}
                      {invite.email.sendings > 1 && ` (${invite.email.sendings} times)`}
                      {emailStatus[invite.email.status]}
                    </span>
                  )}
                </span>
                {!invite.revokedAt && invite.expiresAt >= now && invite.uses < invite.maxUses && (
                  <span className="row">
                    {invite.email && emailOn && (
                      <button type="button" className="small secondary" onClick={() => void resend(invite)}>
                        Resend
                      </button>
                    )}
                    <button type="button" className="small secondary" onClick={() => void revoke(invite.id)}>
                      Revoke
                    </button>
                  </span>
                )}
                {invite.usedBy.length > 0 && (
                  <div className="invite-uses" data-testid="invite-uses">
                    {invite.usedBy.map((use) => (
                      <p key={`${use.userId}-${use.at}`}>
                        {use.name ?? 'A deleted account'}
                        {use.email && <span className="muted"> ({use.email})</span>} joined <RelativeTime at={use.at} />
                      </p>
                    ))}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
