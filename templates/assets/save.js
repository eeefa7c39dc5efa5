// Save: a button on each listing's page and card that keeps the listing on "My list", and the "My list" link in
// the menu with a count. The list is kept in this browser's localStorage only and sent nowhere. The buttons are
// copies of a <template>, so without JavaScript none is shown and every page works as it is. The list page
// itself (my-list.js) loads only where it is shown.

import { copyOf, keepOffline, listChanged, onListChange, readList, writeList } from "./shared.js";

// ---- Save buttons, on a listing's page and on every card -------------------------------------------------

const saveTemplate = document.querySelector("[data-save-template]");

/** Put a Save button on a card or listing page that has none yet. */
function addSaveButton(place, slug, name, where) {
  if (!saveTemplate || place.querySelector(".save")) return;
  const button = copyOf(saveTemplate);
  button.dataset.slug = slug;
  button.dataset.name = name;
  button.querySelector("[data-save-name]").textContent = ` ${name}`;
  button.addEventListener("click", () => toggle(button));
  where(button);
  showSaved(button);
}

function showSaved(button, list = readList()) {
  button.setAttribute("aria-pressed", String(list.some((item) => item.slug === button.dataset.slug)));
}

function toggle(button) {
  const { slug, name } = button.dataset;
  const list = readList();
  const saved = list.some((item) => item.slug === slug);
  const next = saved ? list.filter((item) => item.slug !== slug) : [...list, { slug, name }];
  if (!writeList(next)) {
    button.disabled = true; // this browser keeps nothing for this site (storage blocked or full)
    return;
  }
  if (!saved) keepOffline([slug]);
  listChanged();
}

function addSaveButtons(root) {
  for (const slot of root.querySelectorAll("[data-save-slot]")) {
    const name = document.querySelector("h1")?.textContent.trim() || slot.dataset.saveSlot;
    addSaveButton(slot, slot.dataset.saveSlot, name, (button) => slot.append(button));
    slot.hidden = false;
  }
  for (const card of root.querySelectorAll(".card")) {
    const link = card.querySelector(".card-title a");
    const slug = link && slugOf(link.href);
    if (slug) addSaveButton(card, slug, link.textContent.trim(), (button) => card.append(button));
  }
}

/** Return the slug of a listing page's address (…/listings/<slug>/), or null for any other page. */
function slugOf(href) {
  const path = new URL(href).pathname.split("/").filter(Boolean);
  return path.at(-2) === "listings" ? path.at(-1) : null;
}

// ---- The "My list" link in the menu, with a count --------------------------------------------------------

function showCount() {
  const count = readList().length;
  for (const link of document.querySelectorAll("[data-my-list-link]")) {
    link.removeAttribute("data-pending");
    link.querySelector("[data-my-list-count]").textContent = count ? `\u00a0(${count})` : "";
  }
  const list = readList();
  for (const button of document.querySelectorAll(".save[data-slug]")) showSaved(button, list);
}

addSaveButtons(document);
// Search results arrive after the page: give each its button as it comes.
for (const results of document.querySelectorAll("[data-results]")) {
  new MutationObserver(() => addSaveButtons(results)).observe(results, { childList: true });
}
onListChange(showCount);
showCount();
