/** What the server offers on its sign-in page: is email on (password reset, invite emails)? */
import { useEffect, useState } from 'react';
import { api } from './api.ts';

export type AuthOptions = { email: boolean; signup: 'open' | 'invite-only' };

let cached: Promise<AuthOptions> | undefined;

/** The server's options, asked once per page load; null until they are known (or when asking failed). */
export function useAuthOptions(): AuthOptions | null {
  const [options, setOptions] = useState<AuthOptions | null>(null);
  useEffect(() => {
    cached ??= api<AuthOptions>('GET', '/auth/options');
    let live = true;
    cached.then(
      (found) => live && setOptions(found),
      () => {
        cached = undefined;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return options;
}
