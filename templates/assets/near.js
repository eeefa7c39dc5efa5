// Sort by distance, on category pages and search results. The starting point is the browser's location, asked
// for only when the visitor presses "Use my location", or a ZIP code they type, which is turned into coordinates
// here from the site's own ZIP tables (zip/287.json holds the ZIP codes starting 287). Distances are worked out
// in this browser: no location or ZIP code is sent anywhere. Listings that serve an area rather than a place
// (statewide lines, online groups) stay, under a heading of their own after those with a place.

import { fill, wordsOf } from "./shared.js";

const EARTH_MILES = 3958.8;

/** Return the great-circle distance in miles between two [latitude, longitude] points (haversine). */
export function miles([lat1, lon1], [lat2, lon2]) {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2
    + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.sqrt(h));
}

/** Return a distance in words, like "About 3 miles away (to the centre of ZIP code 28801)". */
export function describe(distance, words, approx) {
  const rounded = Math.round(distance);
  const text = distance < 1 ? words.under : rounded === 1 ? words.mile : fill(words.miles, { n: rounded });
  return approx ? fill(words.approx, { distance: text, place: approx }) : text;
}

/** Order a list's cards by distance from origin, nearest first, each saying how far it is; then the cards that are
not listings (guides, in search results); move the listings with no place (data-lat, data-lon) into a list of
their own under a heading, after it. Sorting again starts over. */
export function arrange(list, origin, words) {
  let group = list.nextElementSibling?.matches("[data-near-area]") ? list.nextElementSibling : null;
  const cards = [...list.children, ...(group ? group.querySelector("ul").children : [])]
    .filter((card) => card.matches(".card"));
  const placed = [];
  const other = [];
  const area = [];
  for (const card of cards) {
    card.querySelector("[data-distance]")?.remove();
    const { lat, lon } = card.dataset;
    if (lat && lon) placed.push([miles(origin, [Number(lat), Number(lon)]), card]);
    else if (/\/listings\/[^/]+\/$/.test(card.querySelector(".card-title a")?.pathname || "")) area.push(card);
    else other.push(card);
  }
  placed.sort((a, b) => a[0] - b[0]);
  for (const [distance, card] of placed) {
    const line = document.createElement("p");
    line.className = "distance";
    line.dataset.distance = distance.toFixed(2);
    line.textContent = describe(distance, words, card.dataset.approx);
    (card.querySelector(".card-meta") || card.querySelector(".card-title")).after(line);
    list.append(card);
  }
  list.append(...other);
  if (!area.length) {
    group?.remove();
    return;
  }
  if (!group) {
    const level = Number(cards[0].querySelector(".card-title")?.tagName.slice(1)) || 3;
    group = document.createElement("div");
    group.dataset.nearArea = "";
    const heading = document.createElement(`h${Math.max(2, level - 1)}`);
    heading.className = "area-heading";
    heading.textContent = words.area;
    const more = document.createElement("ul");
    more.className = list.className;
    group.append(heading, more);
    list.after(group);
  }
  group.querySelector("ul").append(...area);
}

const tables = new Map(); // "287" -> a promise of {zip: [lat, lon]}, or null where the site has no such table

/** Return the coordinates of a five-digit ZIP code from the site's table, null if unknown; throw if offline. */
async function zipPlace(base, zip) {
  const prefix = zip.slice(0, 3);
  if (!tables.has(prefix)) {
    tables.set(prefix, fetch(new URL(`${prefix}.json`, base)).then((response) => {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`ZIP table ${prefix}: ${response.status}`);
      return response.json();
    }).catch((error) => {
      tables.delete(prefix); // try again once the connection is back
      throw error;
    }));
  }
  const table = await tables.get(prefix);
  return table?.[zip] || null;
}

function setUp(control) {
  const words = wordsOf(control.querySelector("[data-near-words]"));
  const status = control.querySelector("[data-near-status]");
  const list = document.querySelector("[data-near-list]"); // a category's cards; search.js sorts its own results
  const base = new URL(control.dataset.zipTables, window.location.href);
  const input = control.querySelector("#near-zip");
  const say = (text) => {
    status.textContent = text;
  };

  function sortFrom(origin, from) {
    if (list) arrange(list, origin, words);
    say(fill(words.sorted, { from }) + (list?.hasAttribute("data-near-partial") ? ` ${words.partial}` : ""));
    control.dispatchEvent(new CustomEvent("near", { bubbles: true, detail: { origin, words } }));
  }

  control.querySelector("[data-near-here]").addEventListener("click", () => {
    if (!navigator.geolocation) {
      say(words["no-location"]);
      return;
    }
    say(words.asking);
    navigator.geolocation.getCurrentPosition(
      (position) => sortFrom([position.coords.latitude, position.coords.longitude], words.here),
      (error) => say(error.code === error.PERMISSION_DENIED ? words.denied : words["no-location"]),
      { maximumAge: 10 * 60 * 1000, timeout: 30 * 1000 },
    );
  });

  control.querySelector("[data-near-zip]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const zip = input.value.trim();
    if (!/^[0-9]{5}$/.test(zip)) {
      say(words["bad-zip"]);
      input.focus();
      return;
    }
    try {
      const place = await zipPlace(base, zip);
      if (place) sortFrom(place, fill(words.zip, { zip }));
      else say(fill(words["unknown-zip"], { zip }));
    } catch {
      say(fill(words["offline-zip"], { zip }));
    }
  });
  control.hidden = false;
}

for (const control of document.querySelectorAll("[data-near]")) setUp(control);
