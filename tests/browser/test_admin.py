"""The editors' form at /admin/ (Sveltia CMS) in Chromium, over a copy of the bundled content.

The CMS's local workflow reads and writes a folder the editor picks with the browser's directory picker. Here a
stand-in for the picker hands it a folder in the browser's private file system (the Origin Private File System,
the same API), filled with a copy of content/: no sign-in, and GitHub's API is never called. Every request outside
the site is refused and recorded. Each file the form writes is then checked by `check`, written again by the
form's writer unchanged, and opened again in the form with every field shown.

CONTRIBUTING.md's screenshots of the form are taken here. To renew them after a change to the form:

    python -m pytest tests/browser/test_admin.py --update-screenshots
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

import sitegen
from sitegen import fieldref, forms, new
from sitegen.load import read_markdown_file, read_yaml_file

from ..unit.test_forms import form_writer
from .conftest import PROJECT

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT / "docs" / "images"
SCREEN = {"width": 1000, "height": 700}
WIDE = {"width": 1400, "height": 900}
TALL = {"width": 1000, "height": 14000}  # the form draws a field once it is on screen: all of them, to read them
POLICY = (PROJECT / "templates" / "admin" / "_csp.txt").read_text(encoding="utf-8")
# The directory picker, as the CMS calls it, handing over a folder of the browser's private file system.
PICKER = """
window.showDirectoryPicker = async () =>
  (await navigator.storage.getDirectory()).getDirectoryHandle("repository", { create: true });
"""
FILL = """async (files) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("repository", { create: true });
  await root.getFileHandle(".git", { create: true });  // the CMS checks that it was given a repository's folder
  for (const [path, text] of Object.entries(files)) {
    let folder = root;
    const names = path.split("/");
    for (const name of names.slice(0, -1)) folder = await folder.getDirectoryHandle(name, { create: true });
    const writer = await (await folder.getFileHandle(names.at(-1), { create: true })).createWritable();
    await writer.write(text);
    await writer.close();
  }
}"""
PHONE_MESSAGE = forms.without_typing(
    fieldref.listing_schema()["properties"]["phones"]["items"]["properties"]["number"]["errorMessage"])
READ = """async () => {
  const files = {};
  async function walk(folder, path) {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === "directory") await walk(handle, `${path}${name}/`);
      else await handle.getFile().then(async (file) => { files[`${path}${name}`] = await file.text(); },
        () => null);  // a file the CMS is writing just now (a .crswap): read on the next look
    }
  }
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle("repository"), "");
  return files;
}"""


@pytest.fixture(scope="module")
def admin(site):
    assert (site.folder / "admin" / "sveltia-cms.js").is_file(), "the CMS is missing: run `npm ci`, then build"
    return site


@pytest.fixture
def screenshots(request, tmp_path) -> Path:
    """Where screenshots go: docs/images with --update-screenshots, else tmp_path (taken all the same)."""
    return SCREENSHOTS if request.config.getoption("--update-screenshots") else tmp_path


class Form:
    """The editors' form in a fresh browser context, over a copy of a content folder; nothing leaves the site."""

    def __init__(self, watched, site, content: Path):
        self.site, self.content = site, content
        self.context = watched(viewport=SCREEN)
        self.refused: list[str] = []
        self.context.context.add_init_script(PICKER)
        self.context.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route):
        if urlsplit(route.request.url).netloc == self.site.host:
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def open(self) -> None:
        self.page.goto(self.site.at("admin/"))
        expect(self.page.get_by_role("button", name="Work with Local Repository")).to_be_visible()

    def pick_content_folder(self) -> None:
        files = {f"content/{p.relative_to(self.content).as_posix()}": p.read_text(encoding="utf-8")
                 for p in sorted(self.content.rglob("*")) if p.is_file()}
        self.page.evaluate(FILL, files)
        self.page.get_by_role("button", name="Work with Local Repository").click()
        expect(self.page.get_by_role("treeitem", name="Crisis lines")).to_be_visible()

    def go(self, route: str) -> None:
        self.page.goto(self.site.at(f"admin/#/collections/{route}"))

    def entry(self, route: str, field: str, value: str) -> None:
        """Open an entry and wait for its form: until a field shows the entry's own value, the form before may
        still be on the screen, and what is typed goes into it (the Save button then stays disabled)."""
        self.go(route)
        expect(self.field(field).get_by_role("textbox").first).to_have_value(value, timeout=30_000)

    def field(self, path: str, within=None):
        return (within or self.page).locator(f'section[data-key-path="{path}"]')

    def shown(self, path: str):
        """Return a field, drawn: the form draws a field once it comes near the screen, so scroll down until it is
        (on a TALL screen every field is drawn at once). Playwright scrolls to it to type or click."""
        section = self.field(path)
        if not section.count():
            self.page.mouse.move(SCREEN["width"] / 2, SCREEN["height"] / 2)
            for _ in range(40):
                self.page.mouse.wheel(0, 500)
                self.page.wait_for_timeout(50)
                if section.count():
                    break
        return section

    def fill(self, path: str, text: str) -> None:
        self.shown(path).get_by_role("textbox").first.fill(text)

    def add(self, path: str) -> None:
        self.shown(path).get_by_role("button", name=re.compile(r"^Add\b")).last.click()

    def start(self, path: str) -> None:
        """Start a group of fields left out until now, like the location: its "Add" box."""
        self.shown(path).get_by_role("checkbox", name=re.compile(r"^Add\b")).first.check()

    def tick(self, path: str, *choices: str) -> None:
        for choice in choices:
            self.shown(path).get_by_role("checkbox", name=choice, exact=True).check()

    def save(self, *paths: str) -> dict[str, str]:
        """Save, and return the files of the folder once each of paths is there with its new text."""
        before = self.files()
        self.page.get_by_role("button", name="Save", exact=True).click()
        deadline = time.monotonic() + 15
        while True:
            after = self.files()
            if all(after.get(path) not in (None, before.get(path)) for path in paths):
                return after
            assert time.monotonic() < deadline, f"not saved: {paths}"
            self.page.wait_for_timeout(100)

    def files(self) -> dict[str, str]:
        return self.page.evaluate(READ)


def categories(content: Path) -> list[dict]:
    return yaml.safe_load((content / "categories.yaml").read_text(encoding="utf-8"))


def add_listing(form: Form, category: dict, number: int) -> str:
    """Add a listing of a category, filling what its new listings start with (categories.yaml's new_listing) with
    fictional facts; return its file's path."""
    slug, needs = category["slug"], {*category.get("new_listing", [])}
    name = f"Example {category['name']} {'ABCDEFGHIJKLMNOP'[number]}"
    form.page.set_viewport_size(TALL)  # every field drawn at once: no scrolling to each
    form.go(f"{slug}/new")
    form.fill("name", name)
    form.fill("summary", f"A fictional {category['name'].lower()} that the editors' form test adds.")
    form.fill("description", f"You reach a fictional {category['name'].lower()}.\n\nNothing here is real.")
    form.add("phones")
    form.fill("phones.0.number", f"+1 828 555 01{20 + number:02d}")
    if "url" in needs:
        form.fill("url", f"https://example.org/{slug}")
    if "location" in needs:
        form.start("location")
        for key, value in (("street", f"{100 + number} Example Street"), ("city", "Asheville"), ("state", "NC"),
                           ("postal_code", "28801")):
            form.fill(f"location.{key}", value)
    else:
        form.add("service_area")
        form.fill("service_area.0", "Buncombe County, NC")
    if "schedules" in needs:
        form.add("schedules")
        form.tick("schedules.0.days", "mon", "thu")
        form.fill("schedules.0.opens", "09:00")
        form.fill("schedules.0.closes", "17:00")
    if "cost" in needs:
        form.tick("cost", "free")
    if "languages" in needs:
        form.add("languages")
        form.fill("languages.0", "English")
    form.add("source")
    form.fill("source.0", f"https://example.org/{slug}/about")
    path = f"content/listings/{new.slugify(name)}.yaml"
    form.save(path)
    form.page.set_viewport_size(SCREEN)
    return path


def assert_shown(form: Form, collection: str, slug: str, data: dict, labels: dict[str, str]) -> None:
    """Open an entry in the form, and assert each value of its file is in its field."""
    page = form.page
    page.set_viewport_size(TALL)
    form.entry(f"{collection}/entries/{slug}", "name", data["name"])
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(300)

    def shown(path: str, value) -> None:
        if isinstance(value, dict):  # a group's fields: a phone's number and type
            for key, item in value.items():
                shown(f"{path}.{key}", item)
            return
        section = form.field(path)
        expect(section, f"{collection}: {path} has no field").to_have_count(1)
        kind = section.get_attribute("data-field-type")
        if isinstance(value, list) and kind != "select":
            for i, item in enumerate(value):
                shown(f"{path}.{i}", item)
        elif kind == "select":
            for choice in value if isinstance(value, list) else [value]:
                combobox = section.get_by_role("combobox")
                if combobox.count():
                    expect(combobox, f"{collection}: {path}").to_contain_text(labels.get(str(choice), str(choice)))
                else:
                    button = section.get_by_role("checkbox", name=str(choice), exact=True).or_(
                        section.get_by_role("radio", name=str(choice), exact=True))
                    expect(button, f"{collection}: {path}").to_be_checked()
        elif kind == "boolean":
            expect(section.get_by_role("switch").or_(section.get_by_role("checkbox")),
                   f"{collection}: {path}").to_be_checked(checked=value)
        elif kind == "number":
            expect(section.get_by_role("spinbutton"), f"{collection}: {path}").to_have_value(str(value))
        else:
            text = section.get_by_role("textbox").first.input_value()
            assert text.rstrip("\n") == str(value).rstrip("\n"), f"{collection}: {path} shows {text!r}, not {value!r}"

    for key, value in data.items():
        shown(key, value)
    page.set_viewport_size(SCREEN)


def test_the_form_loads_with_no_error_and_nothing_from_other_sites(admin, watched, screenshots):
    form = Form(watched, admin, PROJECT / "content")
    form.open()
    html = form.page.content()
    assert f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    expect(form.page.get_by_role("button", name="Sign In Using Access Token")).to_be_visible()
    expect(form.page.get_by_role("button", name=re.compile("Sign In with GitHub"))).to_have_count(0)
    # Its icons are the font copied into admin/fonts: an icon drawn without it would be as wide as its name.
    assert form.page.evaluate("document.fonts.check('24px \"Material Symbols Outlined\"', 'search')")
    form.page.screenshot(path=str(screenshots / "admin-sign-in.png"))
    assert form.context.errors == []
    assert form.page.evaluate("window.__cspViolations") == []
    assert form.refused == [], "the form asked another site for something"
    assert {urlsplit(url).netloc for url in form.context.requests if url.startswith("http")} == {admin.host}


def test_the_forms_policy_refuses_what_the_cms_does_not_need(admin, watched):
    form = Form(watched, admin, PROJECT / "content")
    form.open()
    refused = form.page.evaluate("""async () => {
        const image = new Image();
        image.src = "https://example.org/pixel.png";  // a tracker's way in: only GitHub's avatars may show
        await new Promise((done) => { image.onerror = done; });
        const outside = await fetch("https://example.org/").then((r) => r.status);  // answered by admin.js
        return [window.__cspViolations, outside];
    }""")
    assert refused == [["img-src https://example.org/pixel.png"], 404]
    assert form.refused == []  # refused before a request was made


def test_the_form_adds_a_listing_in_each_category_edits_one_and_adds_spanish_that_check_passes(
        admin, bundled_content, watched, screenshots, tmp_path):
    form = Form(watched, admin, bundled_content)
    form.open()
    form.pick_content_folder()
    form.page.mouse.move(0, 0)
    form.page.screenshot(path=str(screenshots / "admin-listings.png"))
    kinds = categories(bundled_content)
    written = [add_listing(form, category, number) for number, category in enumerate(kinds)]

    # A new listing's form, then the check's own words under a field, before anything is saved.
    form.go("warmline/new")
    form.fill("name", "Example Evening Warmline")
    form.fill("summary", "Talk with a trained peer who has been there, any evening of the week.")
    form.page.mouse.move(0, 0)
    expect(form.page.get_by_text("Entry saved.")).to_have_count(0, timeout=15_000)  # the last save's note, gone
    form.page.screenshot(path=str(screenshots / "admin-new-listing.png"))
    form.add("phones")
    form.fill("phones.0.number", "55")
    form.page.get_by_role("button", name="Save", exact=True).click()
    expect(form.field("phones.0.number").get_by_role("alert")).to_contain_text(PHONE_MESSAGE)
    form.field("phones.0.number").scroll_into_view_if_needed()
    form.page.mouse.move(0, 0)
    form.page.screenshot(path=str(screenshots / "admin-check-words.png"))
    assert not [path for path in form.files() if "example-evening-warmline" in path], "saved with a mistake"

    # One field of a listing that exists, and a Spanish translation of another and of a guide.
    edited, spanish = "content/listings/nc-peer-warmline.yaml", "content/listings/7-cups.yaml"
    form.entry("warmline/entries/nc-peer-warmline", "name", "North Carolina Statewide Peer Warmline")
    form.fill("summary", "Call at any hour to talk with a peer support specialist who has been there.")
    form.save(edited)
    form.page.set_viewport_size(TALL)
    form.entry("online-community/entries/7-cups", "name", "7 Cups")
    form.start("translations")
    form.start("translations.es")
    form.fill("translations.es.summary", "Chatee gratis con un oyente capacitado, a cualquier hora del día.")
    files = form.save(spanish)
    form.page.set_viewport_size(WIDE)  # where the form shows the original and the translation side by side
    # Its Spanish file is there already: the form shows it beside the English.
    form.entry("guides/entries/daily-routines", "title", "Small daily routines that support recovery and connection")
    es = form.page.get_by_role("group", name=re.compile("Edit.*Spanish.*Content"))
    form.field("title", es).get_by_role("textbox").fill("Pequeñas rutinas diarias")
    form.field("summary", es).get_by_role("textbox").fill("Hábitos sencillos que le ayudan a sentirse más estable.")
    form.field("body", es).get_by_role("textbox").fill("Una rutina puede ayudar.\n\n## Mueva el cuerpo\n\n- Camine.")
    guide = "content/guides/daily-routines.es.md"
    files = form.save(guide)
    form.page.set_viewport_size(SCREEN)
    assert form.context.errors == [] and form.refused == []
    assert {urlsplit(url).netloc for url in form.context.requests if url.startswith("http")} == {admin.host}

    # `check` passes the folder as the form left it, with no new warning about any file the form wrote.
    content = tmp_path / "content"
    shutil.copytree(bundled_content, content)
    for path, text in files.items():
        if path.startswith("content/"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(text, encoding="utf-8")
    mine = {*written, edited, spanish, guide}
    _, warnings = sitegen.check(sitegen.Config(content_dir=content, today=dt.date.today()))
    # A new listing is in English until a translator adds its Spanish: that warning is the one that stays.
    assert not [w for w in warnings if Path(w.where.path).relative_to(tmp_path).as_posix() in mine
                and not (Path(w.where.path).relative_to(tmp_path).as_posix() in written
                         and w.field == "translations.es"
                         and w.message.startswith("no Spanish translation yet of: "))], warnings

    # What was written is what the form means: a new listing as `build.py new` starts one, the edit alone.
    original = read_yaml_file(bundled_content / "listings" / "nc-peer-warmline.yaml")[0].data
    changed = read_yaml_file(content / "listings" / "nc-peer-warmline.yaml")[0].data
    assert changed == {**original, "summary": "Call at any hour to talk with a peer support specialist who has "
                                              "been there."}
    translated = read_yaml_file(bundled_content / "listings" / "7-cups.yaml")[0].data["translations"]["es"]
    assert read_yaml_file(content / "listings" / "7-cups.yaml")[0].data["translations"] == {
        "es": {**translated, "summary": "Chatee gratis con un oyente capacitado, a cualquier hora del día."}}
    first = read_yaml_file(tmp_path / written[0])[0].data
    starts = new.starting_values(first["name"], first["category"], dt.date.today())
    assert {path: first[path[0]] if len(path) == 1 else first[path[0]][path[1]] for path in starts} == starts
    assert files[written[0]].startswith(new.SCHEMA_COMMENT + "\n")
    es = read_markdown_file(content / "guides" / "daily-routines.es.md")[0]
    # Its reviewed: false is left out, as the form leaves out every empty field; it says the same.
    assert es.data == {"title": "Pequeñas rutinas diarias",
                       "summary": "Hábitos sencillos que le ayudan a sentirse más estable."}

    # Written again by the form's writer, each file is the same: the form saved its own style, in the schema's order.
    schema = fieldref.listing_schema()
    listings = [p for p in sorted(mine) if p.endswith(".yaml")]
    again = form_writer(*(["formatYaml", read_yaml_file(tmp_path / p)[0].data, schema, [new.SCHEMA_COMMENT]]
                          for p in listings))
    assert dict(zip(listings, again, strict=True)) == {p: files[p] for p in listings}

    # Opened again, the form shows every value of every file it wrote. Loaded afresh once, as an editor coming back:
    # the CMS reads every file again from the folder it was given (each entry after that is the same page's route).
    labels = {c["slug"]: c["name"] for c in kinds}
    form.page.goto("about:blank")
    for path in listings:
        data = read_yaml_file(tmp_path / path)[0].data
        assert_shown(form, data["category"], Path(path).stem, data, labels)
    assert form.context.errors == []



def test_the_offline_kit_leaves_the_editors_form_alone(admin, watched):
    context = watched(viewport=SCREEN, service_workers="allow")
    page = context.new_page()
    page.goto(admin.at(""))
    deadline = time.monotonic() + 15
    while not page.evaluate("navigator.serviceWorker.controller !== null"):
        assert time.monotonic() < deadline, "the service worker never took over"
        page.wait_for_timeout(100)
    assert page.goto(admin.at("")).from_service_worker, "the service worker answers the visitors' pages"
    response = page.goto(admin.at("admin/"))
    assert not response.from_service_worker, "the service worker answered the editors' form"
    expect(page.get_by_role("button", name="Sign In Using Access Token")).to_be_visible()
    kept = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
    }""")
    assert kept and not [url for url in kept if "/admin/" in url], "the service worker kept the editors' form"
