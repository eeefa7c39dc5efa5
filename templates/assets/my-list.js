// My list: the saved listings with their numbers and hours, on /my-list/ and the offline page. Share the list as a
// link (the list rides after the "#", which never reaches a server), by text or email, and print it as a pocket
// card. A saved listing is shown from its own page, so its numbers are always those of the site as it is now
// (or as kept for offline use). The Save buttons and the menu's count are save.js's.

import { copyOf, cleaned, keepOffline, listChanged, languageRoot, listingUrl, onListChange, readList, writeList }
  from "./shared.js";

const SHARED = "list="; // my-list/#list=slug,slug,...
const DATA_START = '<script type="application/json" id="listing-data">';

/** Return the slugs of a list shared in the address (#list=a,b,c), or null if none was shared. */
function sharedSlugs() {
  const hash = decodeURIComponent(window.location.hash.slice(1));
  if (!hash.startsWith(SHARED)) return null;
  return cleaned(hash.slice(SHARED.length).split(",").map((slug) => ({ slug }))).map((item) => item.slug);
}

const pages = new Map(); // slug -> a promise of the listing's data, read from its page

/** Return what a listing's own page says about it (name, where, phones, hours), or null if it cannot load. */
function listingData(slug) {
  if (!pages.has(slug)) {
    pages.set(slug, fetch(listingUrl(slug)).then(async (response) => {
      if (!response.ok) return null;
      const html = await response.text();
      const start = html.indexOf(DATA_START);
      if (start < 0) return null;
      // The build escapes "<" inside the JSON, so the first "</script>" after it ends it. Parsed as JSON, never HTML.
      return JSON.parse(html.slice(start + DATA_START.length, html.indexOf("</script>", start)));
    }).catch(() => {
      pages.delete(slug); // try again later, for example once the connection is back
      return null;
    }));
  }
  return pages.get(slug);
}

function element(name, text) {
  const node = document.createElement(name);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Return one saved listing as a copy of the page's item template, filled with its page's data. */
function savedItem(template, item, data, removable, onRemove) {
  const node = copyOf(template);
  const field = (name) => node.querySelector(`[data-field="${name}"]`);
  const link = field("name");
  link.textContent = data?.name || item.name || item.slug;
  link.href = listingUrl(item.slug).href;
  field("where").textContent = data?.where || "";
  field("where").hidden = !data?.where;
  for (const phone of data?.phones || []) {
    const li = element("li");
    const a = element("a", phone.label);
    a.href = phone.href;
    li.append(a);
    field("phones").append(li);
  }
  for (const line of data?.hours || []) field("hours").append(element("li", line));
  field("missing").hidden = Boolean(data);
  const remove = node.querySelector("[data-remove]");
  if (remove) {
    remove.hidden = !removable;
    field("remove-name").textContent = ` ${link.textContent}`;
    remove.addEventListener("click", () => onRemove(item.slug));
  }
  return node;
}

/** Return the list as plain text for a message: each name with its numbers, then the link. */
function asText(title, items, link) {
  const blocks = items.map(({ item, data }) => [data?.name || item.name || item.slug,
    ...(data?.phones || []).map((phone) => phone.label)].join("\n"));
  return `${title}\n\n${blocks.join("\n\n")}\n\n${link}`;
}

function setUpList(box) {
  const list = box.querySelector("[data-saved]");
  const template = box.querySelector("[data-saved-item]");
  const empty = box.querySelector("[data-saved-empty]");
  const tools = box.querySelector("[data-share-tools]");
  const sharedNotice = box.querySelector("[data-shared]");
  const kept = box.querySelector("[data-kept]");
  const copied = box.querySelector("[data-copied]");
  let shown = []; // [{item, data}] as on the page
  let latest = 0;

  async function render() {
    const mine = ++latest;
    const shared = sharedSlugs();
    const items = shared ? shared.map((slug) => ({ slug, name: "" })) : readList();
    if (sharedNotice) sharedNotice.hidden = !shared || !shared.length;
    const found = await Promise.all(items.map((item) => listingData(item.slug)));
    if (mine !== latest) return;
    shown = items.map((item, i) => ({ item, data: found[i] }));
    list.replaceChildren(...shown.map(({ item, data }) => savedItem(template, item, data, !shared, remove)));
    empty.hidden = items.length > 0;
    box.hidden = false;
    if (tools) {
      tools.hidden = items.length === 0;
      updateShare();
    }
    if (!shared) keepOffline(items.map((item) => item.slug));
  }

  function remove(slug) {
    writeList(readList().filter((item) => item.slug !== slug));
    listChanged();
    list.querySelector("a")?.focus();
  }

  function shareLink() {
    const url = new URL("my-list/", languageRoot);
    url.hash = SHARED + shown.map(({ item }) => item.slug).join(",");
    return url.href;
  }

  function updateShare() {
    const link = shareLink();
    const title = box.dataset.shareTitle;
    const text = asText(title, shown, link);
    box.querySelector("[data-share-link]").value = link;
    box.querySelector("[data-sms]").href = `sms:?&body=${encodeURIComponent(text)}`; // ?& for iOS and Android
    box.querySelector("[data-email]").href =
      `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(text)}`;
    box.querySelector("[data-web-share]").hidden = typeof navigator.share !== "function";
  }

  if (tools) {
    box.querySelector("[data-share]").addEventListener("click", () => {
      navigator.share({ title: box.dataset.shareTitle, text: asText(box.dataset.shareTitle, shown, ""),
        url: shareLink() }).catch(() => {}); // the visitor closed the share sheet
    });
    box.querySelector("[data-copy]").addEventListener("click", async () => {
      const input = box.querySelector("[data-share-link]");
      try {
        await navigator.clipboard.writeText(input.value);
        copied.textContent = copied.dataset.done;
      } catch {
        input.select(); // the browser would not copy: the link is selected, to copy by hand
        copied.textContent = copied.dataset.failed;
      }
    });
    box.querySelector("[data-print]").addEventListener("click", () => window.print());
    box.querySelector("[data-clear]").addEventListener("click", (event) => {
      if (!window.confirm(event.currentTarget.dataset.confirm)) return;
      writeList([]);
      listChanged();
    });
  }
  box.querySelector("[data-keep]")?.addEventListener("click", () => {
    const mine = readList();
    const added = shown.map(({ item, data }) => ({ slug: item.slug, name: data?.name || "" }));
    if (!writeList([...mine, ...added])) return;
    history.replaceState(null, "", window.location.pathname); // the list is kept: the address needs it no more
    kept.hidden = false;
    listChanged();
  });
  window.addEventListener("hashchange", render);
  onListChange(render);
  document.querySelector("[data-my-list-fallback]")?.setAttribute("hidden", "");
  render();
}

for (const box of document.querySelectorAll("[data-my-list]")) setUpList(box);
