/**
 * Atrium's service worker: keeps the app shell (the page and its hashed assets) so that a reload
 * with no network opens the app, which then reads the person's projects from IndexedDB. The API
 * and the sync socket are never cached: their answers must be live.
 */
// One cache per build: the page registers this worker as /sw.js?v=<build>, so every new build
// installs afresh and the activation below drops the previous build's files.
const shell = `atrium-shell-${new URL(self.location.href).searchParams.get('v') ?? 'dev'}`;

/** The page and every file of the build (listed in asset-list.json; their names change with their content). */
async function cacheShell() {
  const cache = await caches.open(shell);
  const page = await fetch('/', { cache: 'no-cache' });
  const list = await fetch('/asset-list.json', { cache: 'no-cache' });
  const assets = list.ok ? await list.json() : [];
  await cache.addAll(['/favicon.svg', ...assets]);
  await cache.put('/', page);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== shell).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (/^\/(api|ws|sync|metrics|healthz)(\/|$)/.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Network first, so a new version is picked up at once; the cached shell when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(shell).then((cache) => cache.put('/', copy));
          }
          return response;
        })
        .catch(() => caches.match('/').then((cached) => cached ?? Response.error())),
    );
    return;
  }
  // Assets: their names change with their content, so a cached copy is always right.
  event.respondWith(
    caches.match(request).then(
      (cached) =>
        cached ??
        fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(shell).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
