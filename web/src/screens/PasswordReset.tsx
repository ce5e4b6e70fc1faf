/**
 * "Forgot your password?": ask for a reset link by email (/forgot), then choose a new password
 * with it (/reset/:token). The first answer is the same whether or not the account exists; using
 * the link signs the account out everywhere, so the page sends the person to sign in again.
 */
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../app/api.ts';
import { useAuthOptions } from '../app/authOptions.ts';
import { FormError } from '../components/FormError.tsx';

export function ForgotPassword() {
  const options = useAuthOptions();
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ message: string }>('POST', '/auth/password-reset', { email: form.get('email') });
      setSent(answer.message);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (options && !options.email) {
    return (
      <main className="auth-page">
        <section className="card auth-card" aria-labelledby="forgot-title">
          <h1 id="forgot-title">Reset your password</h1>
          <p>This server does not send email. Ask an administrator to reset your password.</p>
          <Link to="/signin">Back to sign in</Link>
        </section>
      </main>
    );
  }

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={(event) => void submit(event)} aria-labelledby="forgot-title">
        <h1 id="forgot-title">Reset your password</h1>
        {sent ? (
          <p role="status">{sent}</p>
        ) : (
          <>
            <p className="hint">Give the email of your account: we send it a link to choose a new password.</p>
            <label>
              Email
              <input name="email" type="email" autoComplete="username" required />
            </label>
            <FormError error={error} />
            <button type="submit" disabled={busy}>
              {busy ? 'Sending…' : 'Email me a link'}
            </button>
          </>
        )}
        <Link to="/signin">Back to sign in</Link>
      </form>
    </main>
  );
}

export function ResetPassword() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    setMismatch(password !== form.get('repeat'));
    if (password !== form.get('repeat')) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/auth/password-reset/${encodeURIComponent(token)}`, { password });
      navigate('/signin?reset=done', { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={(event) => void submit(event)} aria-labelledby="reset-title">
        <h1 id="reset-title">Choose a new password</h1>
        <p className="hint">At least 10 characters. Every device signed in to your account is signed out.</p>
        <label>
          New password
          <input name="password" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <label>
          Repeat it
          <input name="repeat" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        {mismatch && <p className="form-error">The two passwords differ.</p>}
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Set the new password'}
        </button>
        <Link to="/forgot">Ask for a new link</Link>
      </form>
    </main>
  );
}
