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

// The service worker keeps the app shell so a reload with no network still opens the app.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`/sw.js?v=${__ATRIUM_BUILD__}`).catch(() => {
      // Without it the app still works online; offline reloads are what is lost.
    });
  });
}
