/**
 * Joining from an invite link: the page says who invited you to what, asks for name, email and a
 * password (or just "Join" when already signed in), and lands you inside the project.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, type InvitePreview } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';

type Joined = { workspaceId: string; projectId: string | null };

export function Join() {
  const { token = '' } = useParams();
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<InvitePreview>('GET', `/invites/${encodeURIComponent(token)}`).then(setPreview, setProblem);
  }, [token]);

  async function join(body?: Record<string, FormDataEntryValue | null>) {
    setBusy(true);
    setError(null);
    try {
      const joined = await api<Joined>('POST', `/invites/${encodeURIComponent(token)}/accept`, body);
      await refresh();
      navigate(joined.projectId ? `/p/${joined.projectId}` : '/', { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void join({ name: form.get('name'), email: form.get('email'), password: form.get('password') });
  }

  if (problem) {
    const message =
      problem instanceof ApiError && problem.status === 404
        ? 'This invite link is not valid. Check that you copied all of it, or ask for a new one.'
        : problem instanceof ApiError
          ? problem.message
          : 'Atrium cannot be reached. Check your connection and try again.';
    return (
      <main className="auth-page">
        <div className="card auth-card">
          <h1>This invite cannot be used</h1>
          <p role="alert">{message}</p>
          <Link to="/signin">Sign in instead</Link>
        </div>
      </main>
    );
  }
  if (!preview)
    return (
      <main className="auth-page">
        <p role="status">Opening your invite…</p>
      </main>
    );

  const where = preview.projectName ? `${preview.projectName} at ${preview.workspaceName}` : preview.workspaceName;
  const exists = error instanceof ApiError && error.status === 409;
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>Join {preview.projectName ?? preview.workspaceName}</h1>
        <p>
          {preview.invitedBy || 'Your provider'} invited you to <strong>{where}</strong> as {article(preview.role)}{' '}
          {preview.role}.
        </p>
        {state.kind === 'signedIn' ? (
          <>
            <p>
              You are signed in as {state.me.user.name} ({state.me.user.email}).
            </p>
            <FormError error={error} />
            <button type="button" disabled={busy} onClick={() => void join()}>
              {busy ? 'Joining…' : 'Join'}
            </button>
          </>
        ) : (
          <form onSubmit={submit} aria-label="Create your account">
            <label>
              Your name
              <input name="name" autoComplete="name" required maxLength={100} />
            </label>
            <label>
              Email
              <input name="email" type="email" autoComplete="email" required />
            </label>
            <label>
              Choose a password
              <input name="password" type="password" autoComplete="new-password" required minLength={10} />
              <span className="hint">At least 10 characters.</span>
            </label>
            {exists ? (
              <p className="form-error" role="alert">
                You already have an Atrium account with this email.{' '}
                <Link to={`/signin?next=${encodeURIComponent(`/join/${token}`)}`}>Sign in</Link> and open this link
                again to join.
              </p>
            ) : (
              <FormError error={error} />
            )}
            <button type="submit" disabled={busy}>
              {busy ? 'Joining…' : 'Join the project'}
            </button>
            <p className="hint">
              Already have an account? <Link to={`/signin?next=${encodeURIComponent(`/join/${token}`)}`}>Sign in</Link>{' '}
              first.
            </p>
          </form>
        )}
      </div>
    </main>
  );
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
