// The offline crisis kit: a service worker that keeps this site's pages on the visitor's device.
// Written into the site's root by the build (templates/sw.js), so its scope is the whole site, also under a
// sub-path; assets/offline.js registers it. Every request goes to the network first, so a page is always as
// current as the site when there is a connection; a copy of each page and file that arrives is kept, and is
// shown when the network is gone. A page never kept falls back to the offline page, with the crisis lines and
// the saved list. Requests to other sites, and to the editors' form (admin/), are never touched, and never kept.

const VERSION = "78591d69e3e6e1d0"; // changes with every build that changes the site
const KEEP_FIRST = ["", "my-list/", "offline/", "categories/crisis-line/", "listings/example-crisis-line/", "es/", "es/my-list/", "es/offline/", "es/categories/crisis-line/", "es/listings/example-crisis-line/", "manifest.webmanifest", "assets/crisis.js", "assets/hours.js", "assets/icon.svg", "assets/my-list.css", "assets/my-list.js", "assets/near.js", "assets/offline.js", "assets/save.js", "assets/search.js", "assets/shared.js", "assets/site.css", "assets/site.js", "assets/suggest.js", "assets/words.js"]; // relative to the site's root: kept as soon as this worker installs
const OFFLINE = [["es/", "es/offline/"], ["", "offline/"]]; // [language prefix, its offline page]: es/ first, then the default ""
const SCOPE = self.registration.scope; // the site's root, like https://example.org/directory/
const EDITORS = new URL("admin/", SCOPE).href; // the editors' form: always from the network, never kept
const PREFIX = `sitegen ${SCOPE} `; // this site's caches: another site on the same host keeps its own
const CACHE = PREFIX + VERSION;
const REFRESH_AT_MOST = 200; // pages of the build before fetched again from this one when it takes over

/** Return the response to a request, fetched again and kept in this build's cache. */
async function refetch(cache, url) {
  const response = await fetch(new Request(url, { cache: "no-cache" }));
  if (response.ok && response.type === "basic") await cache.put(url, response.clone());
  return response;
}

/** Return true if an address is one of the visitors' pages or files: this site's, not the editors' form's. */
function ours(url) {
  return url.startsWith(SCOPE) && !url.startsWith(EDITORS);
}

/** Return true if a kept address is a page (folders end in /), not an asset or a search file. */
function isPage(url) {
  return new URL(url).pathname.endsWith("/") || url.endsWith(".html");
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(KEEP_FIRST.map((path) => new Request(new URL(path, SCOPE), { cache: "no-cache" })));
    await self.skipWaiting(); // a new build takes over at once: its pages must not mix with old assets
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // The pages open now were loaded before this worker could keep them: keep them too.
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const wanted = new Set(open.map((client) => client.url.split("#")[0]).filter(ours));
    // The pages the visitor kept from an earlier build are fetched again from this one, then the old copies go:
    // a saved listing never shows an old number once the device is online.
    const old = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
    for (const name of old) {
      for (const request of await (await caches.open(name)).keys()) {
        if (isPage(request.url) && wanted.size < REFRESH_AT_MOST) wanted.add(request.url);
      }
    }
    await Promise.all([...wanted].map((url) => cache.match(url).then((kept) => kept || refetch(cache, url))
      .catch(() => null))); // offline just now: kept on the next visit instead
    await Promise.all(old.map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// A page asks for pages to be kept, such as the listings on the saved list: {keep: [addresses]}.
self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data?.keep) ? event.data.keep : [];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const url of urls) {
      if (typeof url !== "string" || !ours(url) || await cache.match(url)) continue;
      await refetch(cache, url).catch(() => null);
    }
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !ours(request.url)) return; // other sites and the editors' form: untouched
  event.respondWith(networkFirst(event));
});

/** Return the network's response, keeping a copy; without a network, the kept copy or the offline page. */
async function networkFirst(event) {
  const { request } = event;
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic" && !request.headers.has("range")) {
      event.waitUntil(cache.put(request, response.clone()));
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    if (request.mode === "navigate") {
      const [, page] = OFFLINE.find(([prefix]) => request.url.startsWith(new URL(prefix, SCOPE).href));
      const offline = await cache.match(new URL(page, SCOPE));
      if (offline) return offline;
    }
    throw error;
  }
}