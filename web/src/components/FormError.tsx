import { ApiError } from '../app/api.ts';

/** A failed action, in words: the server's message for API errors, a plain sentence otherwise. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : 'Something went wrong. Please try again in a moment.';
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
