/**
 * Who is signed in, and the replicas that belong to them. `/api/me` is asked at start; its last
 * answer is kept on this device so that, with no network, the app still opens on the person's
 * projects from IndexedDB. Signing out closes the sync socket and forgets the cached answer.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Replicas } from '../sync/replicas.ts';
import { ApiError, api, type Me } from './api.ts';
import { personColor } from './colors.ts';

type SessionState =
  | { kind: 'loading' }
  | { kind: 'signedOut' }
  | { kind: 'signedIn'; me: Me; offline: boolean; replicas: Replicas };

type SessionApi = {
  state: SessionState;
  /** Asks the server again (after joining a project, signing in, or changing roles). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionApi | null>(null);
const cacheKey = 'atrium:me';

export function syncUrl(viewAs?: string): string {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  return viewAs ? `${base}?viewAs=${encodeURIComponent(viewAs)}` : base;
}

function cachedMe(): Me | null {
  try {
    return JSON.parse(localStorage.getItem(cacheKey) ?? 'null') as Me | null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  // Start from what this device knew, so IndexedDB and the sync socket open at once; the server's
  // answer replaces it a moment later (or signs the person out, if the session ended).
  const [me, setMe] = useState<Me | null | undefined>(() => cachedMe() ?? undefined);
  const [offline, setOffline] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const fresh = await api<Me>('GET', '/me');
      localStorage.setItem(cacheKey, JSON.stringify(fresh));
      setOffline(false);
      setMe(fresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        localStorage.removeItem(cacheKey);
        setMe(null);
        return;
      }
      // No network: carry on with what this device knows.
      setOffline(true);
      setMe(cachedMe());
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const userId = me?.user.id;
  const userName = me?.user.name;
  const replicas = useMemo(
    () =>
      userId && userName
        ? new Replicas({
            url: syncUrl(),
            user: { id: userId, name: userName, color: personColor(userId) },
            persist: true,
          })
        : null,
    [userId, userName],
  );
  useEffect(() => () => replicas?.close(), [replicas]);

  // Started without a network: once the sync socket reaches the server, so can REST — ask again,
  // so "Working offline" does not outlast the outage.
  useEffect(() => {
    if (!replicas || !offline) return;
    if (replicas.socket.state === 'online') void refresh();
    return replicas.socket.onState((state) => {
      if (state === 'online') void refresh();
    });
  }, [replicas, offline, refresh]);

  const signOut = useCallback(async () => {
    await api('POST', '/auth/signout').catch(() => undefined);
    localStorage.removeItem(cacheKey);
    setMe(null);
  }, []);

  const state: SessionState =
    me === undefined
      ? { kind: 'loading' }
      : me && replicas
        ? { kind: 'signedIn', me, offline, replicas }
        : { kind: 'signedOut' };
  return <SessionContext.Provider value={{ state, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** For screens that are only reachable signed in. */
export function useSignedIn(): { me: Me; offline: boolean; replicas: Replicas } {
  const { state } = useSession();
  if (state.kind !== 'signedIn') throw new Error('useSignedIn while not signed in');
  return state;
}
