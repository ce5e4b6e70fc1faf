// First: zod must be jitless before any schema is defined (see zodJitless.ts).
import './zodJitless.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './styles.css';

declare const __ATRIUM_BUILD__: string;

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The service worker keeps the app shell so a reload with no network still opens the app. It is
// registered once the first screen is up and the page has been idle a moment: installing it
// downloads every file of the build, which would otherwise compete with the first screen's own
// requests and sync.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () =>
    navigator.serviceWorker.register(`/sw.js?v=${__ATRIUM_BUILD__}`).catch(() => {
      // Without it the app still works online; offline reloads are what is lost.
    });
  window.addEventListener('load', () => {
    if (navigator.serviceWorker.controller) register();
    else if ('requestIdleCallback' in window)
      setTimeout(() => requestIdleCallback(() => void register(), { timeout: 2000 }), 1500);
    else setTimeout(() => void register(), 3000);
  });
}
