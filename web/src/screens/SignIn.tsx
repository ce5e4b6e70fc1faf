/** Sign in with email and password; back to where the person was going. */
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../app/api.ts';
import { useAuthOptions } from '../app/authOptions.ts';
import { useSession } from '../app/session.tsx';
import { FormError } from '../components/FormError.tsx';

export function SignIn() {
  const { state, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = useAuthOptions();

  if (state.kind === 'signedIn') return <Navigate to={next} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/auth/signin', { email: form.get('email'), password: form.get('password') });
      await refresh();
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={(event) => void submit(event)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Atrium</h1>
        {params.get('reset') === 'done' && (
          <p role="status">Your password is changed, and every device was signed out. Sign in with the new one.</p>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {options?.email && <Link to="/forgot">Forgot your password?</Link>}
        <p className="hint">Invited by your provider? Open the link they sent you to join.</p>
      </form>
    </main>
  );
}

/** Only paths inside Atrium: never an open redirect. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
