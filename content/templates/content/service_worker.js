{% autoescape off %}/* The Dialogue Toolkit's service worker: read the toolkit without a connection.

   It keeps two things, and nothing else: toolkit pages (CONFIG.keptPage), always in their
   public version, fetched without cookies; and the site's static files. Workspace, account
   and admin pages never pass through it. */
"use strict";

const CONFIG = {{ config }};
const PAGES = "toolkit-pages";
const STATIC = "toolkit-static-" + CONFIG.version;
const KEPT_PAGE = new RegExp(CONFIG.keptPage);
const TOOLKIT_PAGE = new RegExp(CONFIG.toolkitPage);

function isKeptPage(url) {
  return url.origin === self.location.origin && url.search === "" && KEPT_PAGE.test(url.pathname);
}

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(CONFIG.staticPrefix);
}

function offlineUrl(url) {
  const language = url.pathname.split("/")[1];
  return CONFIG.offline[language] || CONFIG.offline[Object.keys(CONFIG.offline)[0]];
}

function isPublic(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return response.status === 200 && response.type === "basic" && !response.redirected &&
    !/\b(private|no-store)\b/.test(control);
}

/* Store the public version of a toolkit page; resolves to the bytes stored (0 when none). */
async function keepPage(url, response) {
  if (!isKeptPage(new URL(url, self.location))) {
    return 0;
  }
  if (!response || !isPublic(response)) {
    // The reader's own version (logged in) is not stored: ask for the one everybody gets.
    response = await fetch(url, { credentials: "omit", cache: "no-cache" });
    if (!isPublic(response)) {
      return 0;
    }
  }
  const body = await response.clone().arrayBuffer();
  const cache = await caches.open(PAGES);
  await cache.put(url, response);
  return body.byteLength;
}

async function keepStatic(url) {
  if (!isStatic(new URL(url, self.location))) {
    return 0;
  }
  const cache = await caches.open(STATIC);
  const response = await fetch(url, { credentials: "omit" });
  if (response.status !== 200) {
    return 0;
  }
  const body = await response.clone().arrayBuffer();
  await cache.put(url, response);
  return body.byteLength;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await Promise.all(Object.values(CONFIG.offline).map((url) => keepPage(new URL(url, self.location).href)));
    await Promise.all(CONFIG.precache.map((url) => keepStatic(url)));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("toolkit-static-") && name !== STATIC) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

async function kept(url) {
  const cache = await caches.open(PAGES);
  return cache.match(url, { ignoreVary: true });
}

/* Network first: the newest text when online, the kept copy when not (or when slow); the
   offline page for a toolkit page that is not kept (a search, a page never opened). */
async function page(event, url) {
  const network = fetch(event.request).then((response) => {
    if (response.status === 200 && isKeptPage(url)) {
      event.waitUntil(keepPage(url.href, response.clone()).catch(() => 0));
    }
    return response;
  });
  network.catch(() => null);
  const slow = new Promise((resolve) => setTimeout(resolve, CONFIG.slowNetworkMs))
    .then(() => kept(url.href))
    .then((response) => response || network);
  try {
    return await Promise.race([network, slow]);
  } catch (error) {
    return (await kept(url.href)) || (await kept(new URL(offlineUrl(url), url).href)) ||
      Response.error();
  }
}

/* Cache first: static file names change with their content in production. */
async function asset(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request, { ignoreVary: true, ignoreSearch: true });
  if (hit) {
    return hit;
  }
  const response = await fetch(request);
  if (response.status === 200 && response.type === "basic") {
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (isStatic(url)) {
    event.respondWith(asset(request));
  } else if (request.mode === "navigate" && url.origin === self.location.origin &&
             TOOLKIT_PAGE.test(url.pathname)) {
    event.respondWith(page(event, url));
  }
  // Anything else goes to the network untouched and is never stored.
});

/* "Keep this language offline": store every listed page and file, reporting progress. */
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  if (message.type !== "keep" || !port) {
    return;
  }
  event.waitUntil((async () => {
    const pages = (message.pages || []).map((url) => new URL(url, self.location).href);
    const assets = (message.assets || []).map((url) => new URL(url, self.location).href);
    const total = pages.length + assets.length;
    let done = 0;
    let bytes = 0;
    let failed = 0;
    const step = async (keep, url) => {
      try {
        const size = await keep(url);
        bytes += size;
        failed += size ? 0 : 1;
      } catch (error) {
        failed += 1;
      }
      done += 1;
      port.postMessage({ type: "progress", done, total });
    };
    for (const url of assets) {
      await step(keepStatic, url);
    }
    for (const url of pages) {
      await step((href) => keepPage(href, null), url);
    }
    port.postMessage({ type: "done", done, total, bytes, failed });
  })());
});
{% endautoescape %}
