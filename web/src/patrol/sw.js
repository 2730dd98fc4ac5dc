// The patrol app's service worker: the app shell (page, script, style, manifest, icon) is
// cached at install, so the app opens with no network at all. API calls are never cached:
// child photos and case data stay out of the cache, and the outbox (IndexedDB) keeps reports.
// VERSION is replaced at build time with a hash of the shell, so a new build replaces the old.
const VERSION = '__SHELL_VERSION__';
const SHELL = ['./', './index.html', './patrol.js', './patrol.css', './manifest.webmanifest', './icon.svg'];
const CACHE = `cs-patrol-${VERSION}`;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cs-patrol-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// Shell: the network when it answers (fresh after a deploy), else the cache. Everything else
// (the /v1 API) goes to the network untouched.
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/v1/')) return;
  e.respondWith(
    fetch(e.request)
      .then((res) => {
        if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(e.request, copy)); }
        return res;
      })
      .catch(() => caches.match(e.request, { ignoreSearch: true }).then((hit) => hit || caches.match('./index.html'))),
  );
});

// A tap on a broadcast notification brings the app to the front.
self.addEventListener('notificationclick', (e) => {
  e.notification.close();
  e.waitUntil(self.clients.matchAll({ type: 'window' }).then((list) => (list[0] ? list[0].focus() : self.clients.openWindow('./'))));
});
