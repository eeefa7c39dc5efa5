// Search the directory with Pagefind's JavaScript API (https://pagefind.app/docs/api/).
// The page works without JavaScript (it then shows the crisis line and the kinds of help); this script
// searches as you type or tick a filter, shows the crisis help under the search field when the words sound like
// a crisis (crisis.js), and offers "Did you mean ...?" for words the index does not hold (suggest.js).
// The search lives in the address after a # (#q=...&category=...),
// so it can be shared, reloaded and undone with Back, and the browser never sends it to the server.
// Results are built with textContent only: nothing from the index is ever parsed as HTML.
// Offline, a search runs on the parts of the index this device already loaded (the service worker kept them);
// when it needs a part it never loaded, it says so.

import { crisisTest } from "./crisis.js";
import { isOpen, show } from "./hours.js";
import { arrange } from "./near.js";
import { plainWords } from "./words.js";

const app = document.querySelector("[data-search]");
const form = app.querySelector("form");
const input = form.querySelector("#q");
const panel = app.querySelector("[data-filters]");
const boxes = Array.from(panel.querySelectorAll("input[type=checkbox]"));
const groups = Array.from(panel.querySelectorAll("[data-filter]"));
const wide = window.matchMedia("(min-width: 56em)"); // where the filters sit beside the results
const clear = app.querySelector("[data-clear]");
const status = app.querySelector("[data-status]");
const list = app.querySelector("[data-results]");
const more = app.querySelector("[data-more]");
const crisisBox = app.querySelector("[data-crisis-box]"); // under the search field: the answer comes first
const moreHelp = document.querySelector("[data-more-help]");
const root = new URL(app.dataset.root, window.location.href); // the root of the page's language, also under a sub-path
// The words this script shows, in the page's language: the build prints them from the catalog (facets.script_words).
const say = JSON.parse(app.dataset.words);
const OPEN_NOW = say.open_now; // an hours filter no page can carry: checked here, by the visitor's clock
// A statewide directory's index comes in bundles (pagefind/1/, pagefind/2/...): the first loads, the rest merge.
// A national one built in shards (README, "A national directory") merges the other shards' too: /nc/pagefind/.
const bundles = app.dataset.bundles.split(" ").map((path) => new URL(path, root));
// Where an index's pages are: the folder its pagefind/ is in (this language's root, or another shard's).
const pagesOf = (bundle) => bundle.pathname.slice(0, bundle.pathname.lastIndexOf("/pagefind/") + 1);
const guideIndex = app.dataset.guideIndex && new URL(app.dataset.guideIndex, root); // the guides, merged lighter
const GUIDE_WEIGHT = 0.3; // a guide's many words outweigh a listing's few: services first when a need is named
const languages = JSON.parse(app.dataset.crisis); // every language's crisis phrases and grammar (search.yaml)
const isCrisis = crisisTest(languages); // every language's phrases: people type in their own
// Little words (de, la, the, to...) are on nearly every page: for "grupo de apoyo", the index of "de" was 42 of
// the 335 KiB a first search downloaded at 10,000 listings, to learn that nearly every page has it. Pagefind is
// not asked for them while the search has other words; search.yaml's grammar lists them, in every language.
const littleWords = new Set(languages.flatMap(({ grammar }) => (grammar && grammar.ignore) || []));
const crisisCategory = app.dataset.crisisCategory; // the filter value of the crisis lines, or ""
const PAGE_SIZE = 10; // results shown at a time: each one's data is a download
const TYPING_MS = 300;
const FEW = 5; // fewer results than this for several words: add the pages that have some of them
const SORT_AT_MOST = 100; // results sorted by distance: each one's data is a download
// The build's version: Pagefind asks for pagefind-entry.json?ts=<this>, the same address until the next build,
// so the offline copy the service worker kept still answers it (Pagefind's metaCacheTag).
const version = app.dataset.version;
const vocabulary = new URL(app.dataset.vocabulary, window.location.href); // for "Did you mean", loaded when needed

let pagefind = null; // a promise of the Pagefind API, loaded on the first search only
let results = [];
let shown = 0;
let latest = 0; // only the newest search may write to the page
let typingTimer = 0;
let searched = null; // the address of the search on the page
let near = null; // {origin, words} once the visitor sorts by distance (near.js)

function loadPagefind() {
  // One promise for every caller, so no search can start before baseUrl is set.
  pagefind = pagefind || (async () => {
    const api = await import(new URL("pagefind.js", bundles[0]).href);
    // Accents are optional (Pagefind 1.5's default, said here): "depresion" finds "depresión", "linea" finds "línea".
    // And a page is no more relevant for writing a word with or without them as the visitor typed it: on a phone,
    // people leave accents out.
    const options = { baseUrl: root.pathname, metaCacheTag: version, exactDiacritics: false,
      ranking: { diacriticSimilarity: 0 } };
    await api.options(options);
    for (const bundle of bundles.slice(1)) await api.mergeIndex(bundle.href, { ...options, baseUrl: pagesOf(bundle) });
    if (guideIndex) await api.mergeIndex(guideIndex.href, { ...options, indexWeight: GUIDE_WEIGHT });
    await api.init();
    return api;
  })().catch((error) => {
    pagefind = null; // let the next search try again, for example once the connection is back
    throw error;
  });
  return pagefind;
}

/** Return the query and the ticked filters, as {q, filters: {name: [values]}}. */
function readForm() {
  const filters = {};
  for (const box of boxes) {
    if (box.checked) (filters[box.name] = filters[box.name] || []).push(box.value);
  }
  return { q: input.value.trim(), filters };
}

/** Return the address that shows this search: #q=...&category=...&category=... */
function addressOf({ q, filters }) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [name, values] of Object.entries(filters)) {
    for (const value of values) params.append(name, value);
  }
  const query = params.toString();
  return window.location.pathname + (query ? `#${query}` : "");
}

/** Set the form from the address: after the #, or after the ? in a link made before searches moved there. */
function readAddress() {
  const params = new URLSearchParams(window.location.hash.slice(1) || window.location.search);
  input.value = params.get("q") || "";
  for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
  showChosen();
}

/** Open the filters that have ticked boxes, show how many are ticked, and offer to clear them. */
function showChosen() {
  let total = 0;
  for (const group of groups) {
    const ticked = group.querySelectorAll("input:checked").length;
    total += ticked;
    if (ticked) group.open = true;
    group.querySelector("[data-filter-count]").textContent = ticked ? ` (${say.chosen.replace("{n}", ticked)})` : "";
  }
  if (wide.matches) panel.open = true; // on a phone the results come first: the summary says how many are chosen
  panel.querySelector("[data-filter-count]").textContent = total ? ` (${say.chosen.replace("{n}", total)})` : "";
  clear.hidden = total === 0;
}

function describe({ q, filters }, count) {
  const chosen = Object.values(filters).reduce((sum, values) => sum + values.length, 0);
  let words = count === 0 ? say.none : count === 1 ? say.result : say.results.replace("{n}", count);
  if (q) words += " " + say.for.replace("{q}", q);
  if (chosen) words += " " + (chosen === 1 ? say.filter : say.filters.replace("{n}", chosen));
  if (count === 0) words += ". " + say.fewer;
  return words + (count === 0 ? "" : ".");
}

/** Return the results of a search: Pagefind's, then checked by the clock if only those open now are wanted. */
async function find(api, state, crisis) {
  const filters = {};
  // Values ticked in one group widen the search (any of them); different groups narrow it.
  for (const [name, values] of Object.entries(state.filters)) filters[name] = { any: values };
  const openNow = (state.filters.hours || []).includes(OPEN_NOW);
  if (openNow) {
    // Whatever is open 24/7 is open now: the listings with hours are asked for, and checked by the clock below.
    delete filters.hours;
    filters.has_hours = { any: ["yes"] };
  }
  const found = await findAll(api, state, crisis, filters);
  return openNow ? openAt(found, Date.now()) : found;
}

/** Return the results whose hours say they are open at an instant, their data loaded. */
async function openAt(found, now) {
  const loaded = await Promise.all(found.map(async (result) => ({ id: result.id, data: await result.data() })));
  return loaded.filter(({ data }) => data.meta && data.meta.hours && isOpen(JSON.parse(data.meta.hours), now))
    .map(({ id, data }) => ({ id, data: async () => data }));
}

/** Return the words of a search Pagefind is asked for: without the little words, unless it has nothing else. */
function lookedFor(q) {
  if (q.includes('"')) return q; // a quoted phrase is looked up as it is
  const kept = q.split(/\s+/).filter((word) => word && !littleWords.has(plainWords(word).join("")));
  return kept.length ? kept.join(" ") : q;
}

/** Return Pagefind's results for the words and filters, the crisis lines first when the words sound like a crisis. */
async function findAll(api, state, crisis, filters) {
  const options = { filters };
  if (!state.q) options.sort = { rank: "asc" }; // filters alone: the order of the browse page
  const q = lookedFor(state.q);
  let found = (await api.search(q || null, options)).results;
  const words = q.split(/\s+/).filter((word) => word.length > 2);
  if (found.length < FEW && words.length > 1) {
    // Pagefind finds pages with every word: "drinking problem" misses a page about drinking alone.
    // Then pages with some of the words follow: a rare word counts for more than one on every other page.
    const some = (await Promise.all(words.map((word) => api.search(word, options)))).map((each) => each.results);
    const weight = new Map();
    for (const results of some) {
      for (const result of results) weight.set(result.id, (weight.get(result.id) || 0) + result.score / results.length);
    }
    found = merged([found, some.flat().sort((a, b) => weight.get(b.id) - weight.get(a.id))]);
  }
  if (!crisis || !crisisCategory) return found;
  // Every crisis line first, in the browse page's order, which starts with the site's own crisis line:
  // that one, then the lines the words found, then the other lines.
  const lines = (await api.search(null, { filters: { category: crisisCategory }, sort: { rank: "asc" } })).results;
  const isLine = new Set(lines.map((result) => result.id));
  return merged([lines.slice(0, 1), found.filter((result) => isLine.has(result.id)), lines, found]);
}

/** Return a search like this one with its mistyped words corrected, if it finds something else than what was
found: "support group" for "suport group". Only the words the index does not hold are corrected, from the
vocabulary, which is loaded the first time a search has such a word. */
async function corrected(api, state, found) {
  const words = [...new Set(plainWords(lookedFor(state.q)).filter((word) => /^[a-z]{4,}$/.test(word)))];
  try {
    // A quoted word is looked up as it is, stemmed but without Pagefind's guess at a longer word.
    const alone = await Promise.all(words.map((word) => api.search(`"${word}"`)));
    const unknown = words.filter((_, i) => alone[i].results.length === 0);
    if (!unknown.length) return null;
    const { suggestion } = await import("./suggest.js");
    const better = await suggestion(state.q, unknown, vocabulary.href);
    const first = (results) => results.slice(0, PAGE_SIZE).map((result) => result.id).join(" ");
    const other = better && await find(api, { ...state, q: better }, false);
    return other && other.length && first(other) !== first(found) ? better : null;
  } catch (error) {
    console.warn(error); // offline, where it was never loaded: no suggestion, the results still show
    return null;
  }
}

/** Show how many results a search found, and a better spelling of it as a link, if there is one. */
function showStatus(state, count, better) {
  status.textContent = describe(state, count) + (near && count > SORT_AT_MOST
    ? " " + say.sorted.replace("{n}", SORT_AT_MOST) : "");
  if (!better) return;
  const link = element("a", "", better);
  link.href = addressOf({ ...state, q: better });
  const [before, after] = say.suggest.split("{suggestion}");
  status.append(" " + before, link, after);
}

/** Return the results of several lists in turn, each page once. */
function merged(lists) {
  const seen = new Set();
  return lists.flat().filter((result) => !seen.has(result.id) && seen.add(result.id));
}

async function search() {
  const state = readForm();
  const mine = ++latest;
  searched = window.location.hash;
  const crisis = isCrisis(state.q);
  crisisBox.hidden = !crisis; // at once, before anything loads: the crisis help needs no index
  moreHelp.hidden = true;
  if (!state.q && !Object.keys(state.filters).length) {
    results = [];
    clearResults();
    more.hidden = true;
    status.textContent = say.start;
    return;
  }
  app.setAttribute("aria-busy", "true");
  try {
    const api = await loadPagefind();
    const found = await find(api, state, crisis);
    const better = state.q ? await corrected(api, state, found) : null;
    if (mine !== latest) return;
    results = found;
    shown = 0;
    clearResults();
    await showMore(false);
    if (mine !== latest) return;
    showStatus(state, results.length, better);
    moreHelp.hidden = results.length > 0;
  } catch (error) {
    if (mine !== latest) return;
    results = [];
    clearResults();
    more.hidden = true;
    status.textContent = navigator.onLine === false
      ? say.offline
      : say.failed;
    moreHelp.hidden = false;
    console.error(error);
  } finally {
    if (mine === latest) app.removeAttribute("aria-busy");
  }
}

async function showMore(moveFocus) {
  const mine = latest;
  // Sorted by distance: every result (up to SORT_AT_MOST) at once, as the nearest may be the last one found.
  const batch = await Promise.all(results.slice(shown, near ? SORT_AT_MOST : shown + PAGE_SIZE)
    .map((result) => result.data()));
  if (mine !== latest) return;
  const items = batch.map(resultItem);
  list.append(...items);
  if (near) {
    arrange(list, near.origin, near.words);
  }
  shown += batch.length;
  more.hidden = Boolean(near) || shown >= results.length;
  more.textContent = say.more.replace("{shown}", shown).replace("{total}", results.length);
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

/** Empty the results, and the group of those serving an area that sorting by distance made. */
function clearResults() {
  list.replaceChildren();
  list.parentElement.querySelector("[data-near-area]")?.remove();
}

/** Return one result as a card: name, kind of help, one-line summary and a phone link. */
function resultItem(data) {
  const meta = data.meta || {};
  const item = element("li", "card");
  if (meta.status) item.append(element("p", "status-closed", meta.status));
  for (const name of ["lat", "lon", "approx"]) {
    if (meta[name]) item.dataset[name] = meta[name];
  }
  const heading = element("h3", "card-title");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  if (meta.category || meta.help) {  // as the cards of the pages say it: help in the site's first language only
    const line = element("p", "card-meta", meta.category || "");
    if (meta.help) line.append(" ", element("span", "card-language", meta.help));
    item.append(line);
  }
  item.append(element("p", "card-summary", meta.summary || ""));
  if (meta.notice) {
    const notice = element("p", "card-notice");
    notice.append(element("strong", "", say.note), ` ${meta.notice}`);
    item.append(notice);
  }
  if (meta.hours) {
    const hours = element("p", "hours-status");
    try {
      show(hours, JSON.parse(meta.hours));
      item.append(hours);
    } catch (error) {
      console.error(error);
    }
  }
  if (meta.phone && meta.phone_href) {
    const phone = element("a", `action icon-${meta.phone_href.startsWith("sms:") ? "text" : "call"}`, meta.phone);
    phone.href = meta.phone_href;
    const actions = element("p", "card-actions");
    actions.append(phone);
    item.append(actions);
  }
  return item;
}

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Put the search in the address: a new entry for a new search, the same entry while typing goes on. */
function remember(typing) {
  const address = addressOf(readForm());
  const here = window.location.pathname + window.location.hash;
  if (address === here && !window.location.search) return;
  if (typing && history.state && history.state.typing) {
    history.replaceState({ typing: true }, "", address);
  } else {
    history.pushState({ typing }, "", address);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  remember(false);
  history.replaceState({ typing: false }, "", window.location.href); // typing after this starts a new entry
  search();
});

input.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    remember(true);
    search();
  }, TYPING_MS);
});

panel.addEventListener("change", (event) => {
  if (event.target.type !== "checkbox") return;
  showChosen();
  remember(false);
  search();
});

clear.addEventListener("click", () => {
  for (const box of boxes) box.checked = false;
  showChosen();
  remember(false);
  search();
  input.focus();
});

more.addEventListener("click", () => showMore(true));

// "Sort by distance" (near.js): show the results again, nearest first.
document.addEventListener("near", (event) => {
  near = event.detail;
  search();
});

// On a phone the filters start folded away so the results come first; beside the results they start open.
wide.addEventListener("change", () => {
  if (wide.matches) panel.open = true;
});

// Back, Forward, or a link to another search: show the search in the address, once.
function followAddress() {
  if (window.location.hash === searched) return;
  readAddress();
  search();
}
window.addEventListener("popstate", followAddress);
window.addEventListener("hashchange", followAddress);

document.querySelector("[data-search-fallback]").hidden = true;
status.after(moreHelp); // under the status, when a search finds nothing or cannot run
crisisBox.hidden = true;
moreHelp.hidden = true;
app.dataset.ready = ""; // site.css hid the crisis help until now: this script decides when it shows
readAddress();
// A link made before searches moved after the #: keep the search, drop it from the part servers see.
history.replaceState({ typing: false }, "", window.location.search ? addressOf(readForm()) : window.location.href);
search();
