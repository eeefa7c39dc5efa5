// What the site's scripts share: where the site's root is, and the list of saved listings kept in this browser.
// Nothing here, or in any script of this site, sends anything to a server: the list lives in localStorage only.

/** The site's root, also when the site lives under a sub-path: this file is assets/shared.js. */
export const siteRoot = new URL("../", import.meta.url);
/** The root of the page's language: es/ on a Spanish page (<html data-prefix>), the site's root in the default. */
export const languageRoot = new URL(document.documentElement.dataset.prefix || "", siteRoot);

const KEY = "my-list:v1"; // the version is in the key: a later format gets a key of its own
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/; // a listing's file name, as the build accepts it

/** Return the saved listings as [{slug, name}], oldest first; an empty list if storage is unreadable or broken. */
export function readList() {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(items) ? cleaned(items) : [];
  } catch {
    return []; // blocked storage or a damaged value: start empty, say nothing alarming
  }
}

/** Keep the list; return false if this browser does not let the site keep anything. */
export function writeList(items) {
  try {
    if (items.length) localStorage.setItem(KEY, JSON.stringify(cleaned(items)));
    else localStorage.removeItem(KEY);
    return true;
  } catch {
    return false;
  }
}

/** Return the well-formed items, each slug once, in order. */
export function cleaned(items) {
  const seen = new Set();
  return items.filter((item) => item && typeof item.slug === "string" && SLUG.test(item.slug)
    && !seen.has(item.slug) && seen.add(item.slug))
    .map((item) => ({ slug: item.slug, name: typeof item.name === "string" ? item.name.slice(0, 200) : "" }));
}

/** Return the address of a listing's page. */
export function listingUrl(slug) {
  return new URL(`listings/${slug}/`, languageRoot);
}

/** Ask the service worker to keep these listings' pages for offline use, if one is running. */
export function keepOffline(slugs) {
  const worker = navigator.serviceWorker?.controller;
  if (worker && slugs.length) worker.postMessage({ keep: slugs.map((slug) => listingUrl(slug).href) });
}

/** Call back whenever the list changes, in this tab or another. */
export function onListChange(callback) {
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) callback();
  });
  document.addEventListener("my-list-change", callback);
}

/** Tell this tab's scripts that the list changed (other tabs hear of it from the browser). */
export function listChanged() {
  document.dispatchEvent(new CustomEvent("my-list-change"));
}

/** Return a copy of a <template>'s first element. */
export function copyOf(template) {
  return template.content.firstElementChild.cloneNode(true);
}

/** Return the named words of a <template> of <span data-word="name">, by name. */
export function wordsOf(template) {
  const words = {};
  if (template) {
    for (const span of template.content.querySelectorAll("[data-word]")) words[span.dataset.word] = span.textContent;
  }
  return words;
}

/** Return a text with {name} places filled in. */
export function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}
