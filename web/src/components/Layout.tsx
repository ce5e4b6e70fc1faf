/**
 * The frame around every signed-in page. Its chrome — the top bar (home, save state, account), any
 * changes the server refused (explained so nothing is silently lost) and the page's own banner —
 * sticks to the top of the window; panels open below it, so nothing ever covers its controls.
 */
import { useRef, useState } from 'react';
import { Link, Outlet } from 'react-router';
import { initials, personColor } from '../app/colors.ts';
import { useSession, useSignedIn } from '../app/session.tsx';
import { PageBannerSlot, useChromeHeight } from './PageBanner.tsx';
import { RefusalBanner } from './RefusalBanner.tsx';
import { SaveIndicator } from './SaveIndicator.tsx';

export function Layout() {
  const { me, offline } = useSignedIn();
  const { signOut } = useSession();
  const chrome = useRef<HTMLDivElement>(null);
  const [bannerSlot, setBannerSlot] = useState<HTMLDivElement | null>(null);
  useChromeHeight(chrome);
  return (
    <div className="app">
      <div className="chrome" ref={chrome}>
        <header className="topbar">
          <Link to="/" className="brand" aria-label="Atrium home">
            <img src="/favicon.svg" alt="" width="24" height="24" />
            <span>Atrium</span>
          </Link>
          <div className="topbar-right">
            <SaveIndicator />
            {offline && <span className="pill warn">Working offline</span>}
            <span className="me" title={me.user.email}>
              <span className="avatar" style={{ background: personColor(me.user.id) }} aria-hidden="true">
                {initials(me.user.name)}
              </span>
              <span className="me-name">{me.user.name}</span>
            </span>
            <button type="button" className="link-button" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <RefusalBanner />
        <div ref={setBannerSlot} />
      </div>
      <PageBannerSlot.Provider value={bannerSlot}>
        <Outlet />
      </PageBannerSlot.Provider>
    </div>
  );
}
