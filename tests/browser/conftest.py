"""Build the bundled content once, serve it under a sub-path on 127.0.0.1, and drive it with Chromium.

The site is served at http://127.0.0.1:PORT/sub/ (the folder above the built site is served), which proves
the site works when it is not at the root of its host. Missing pages get the site's 404.html, as on
GitHub Pages or Netlify. One Chromium is shared by the whole session; each test gets a fresh context.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import sitegen
from sitegen import enrich
from sitegen.serve import Handler, Server

from ..conftest import SAMPLE_TODAY, once, run_folder

PROJECT = Path(__file__).resolve().parents[2]
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's package; never `playwright install`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

# One page of each kind, from the bundled content; tests that need every kind loop over these.
PAGE_TYPES = {
    "home": "",
    "browse": "listings/",
    "category": "categories/crisis-line/",
    "listing": "listings/988-suicide-and-crisis-lifeline/",
    "listing with an address": "listings/pack-memorial-library/",
    "guide": None,  # the first guide, found at session start
    "guides": "guides/",
    "search": "search/#q=warmline",
    "about": "about/",
    "needs checking": "needs-checking/",
    "open data": "hsds/",
    "my list": "my-list/",
    "offline": "offline/",
    "404": "no/such/page/",
    # The Spanish site passes the same checks: one page of each kind that has words of its own.
    "home (es)": "es/",
    "listing (es)": "es/listings/988-suicide-and-crisis-lifeline/",
    "search (es)": "es/search/#q=ayuda",
    "guides (es)": "es/guides/",
    "guide (es)": "es/guides/noticing-loneliness/",
    "about (es)": "es/about/",
    "translations (es)": "es/translations/",
}


class QuietHandler(Handler):
    """The preview server's handler, quiet, with the site's 404 page under the sub-path it is served at."""

    site_prefix = "/sub/"

    def log_message(self, format, *args):
        pass

    def not_found_page(self) -> Path:
        return Path(self.directory) / self.site_prefix.strip("/") / "404.html"


@dataclass
class Site:
    """A built site being served: its folder on disk, its address and the directory it was built from."""

    folder: Path
    url: str  # ends with /
    directory: object  # sitegen.models.Directory
    pages: dict[str, str] = field(default_factory=dict)

    def at(self, path: str) -> str:
        return self.url + path

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


def serve(root: Path) -> tuple[Server, int]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@pytest.fixture(scope="session")
def server_root(request, tmp_path_factory):
    """Return the folder the sites are built in and the port it is served on. With pytest-xdist one server serves
    the whole run, from the controlling process (tests/conftest.py); without it, one serves this session."""
    port = getattr(request.config, "workerinput", {}).get("site_port")
    if port is not None:
        yield run_folder(tmp_path_factory) / "www", port
        return
    root = tmp_path_factory.mktemp("www")
    server, port = serve(root)
    yield root, port
    server.shutdown()


def build_site(content: Path, root: Path, port: int, name: str, today: dt.date = SAMPLE_TODAY) -> Site:
    """Build content at /name-WORKER/ for one test (the worker's name keeps two workers out of each other's folder);
    fixtures on their pinned day, the bundled directory with today=dt.date.today()."""
    name = f"{name}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    return served(content, root, port, name, today, sitegen.build)


def shared_site(content: Path, root: Path, port: int, name: str, today: dt.date = SAMPLE_TODAY) -> Site:
    """Build content at /name/ once per test run, for a fixture that every worker's tests only read."""
    return served(content, root, port, name, today, lambda config: once(config.site_dir, lambda _: sitegen.build(config)))


def served(content: Path, root: Path, port: int, name: str, today: dt.date, build) -> Site:
    url = f"http://127.0.0.1:{port}/{name}/"
    config = sitegen.Config(content_dir=content, site_dir=root / name, base_url=url, today=today)
    build(config)
    directory, _ = sitegen.check(config)
    return Site(config.site_dir, url, enrich.enriched(directory))


@pytest.fixture(scope="session")
def site(server_root, bundled_content) -> Site:
    """The bundled directory (content/, dated today), built with the real clock and served at /sub/."""
    root, port = server_root
    built = shared_site(bundled_content, root, port, "sub", dt.date.today())
    guides = sorted(p.parent.name for p in (built.folder / "guides").glob("*/index.html"))
    assert guides, "the bundled content has no guides; the guide page cannot be tested"
    built.pages = {kind: path if path is not None else f"guides/{guides[0]}/" for kind, path in PAGE_TYPES.items()}
    return built


@pytest.fixture(scope="session")
def sample_site(server_root) -> Site:
    """The fictional fixture, for what the bundled content cannot show (a listing not checked for over a year)."""
    root, port = server_root
    return shared_site(PROJECT / "tests" / "golden" / "sample" / "content", root, port, "sample")


@pytest.fixture(scope="session")
def split_site(server_root, bundled_content) -> Site:
    """The bundled content with its search index split into bundles of 8 pages, as a statewide directory's is."""
    from sitegen import index

    root, port = server_root
    saved = index.ONE_INDEX_UP_TO, index.BUNDLE_SIZE
    index.ONE_INDEX_UP_TO, index.BUNDLE_SIZE = 10, 8
    try:
        return shared_site(bundled_content, root, port, "split", dt.date.today())
    finally:
        index.ONE_INDEX_UP_TO, index.BUNDLE_SIZE = saved


@pytest.fixture(scope="session")
def browser():
    # A missing browser is a failed install step, never a skip (STYLE.md, section 6).
    from playwright.sync_api import sync_playwright  # pip install -e '.[test]'

    assert Path(CHROMIUM).exists(), "Chromium is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Recorded in every page before its own scripts run; CSP violations are reported to the page as events.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Watched:
    """A browser context whose pages record console errors, uncaught exceptions and every request.

    Service workers are blocked unless a test allows them (service_workers="allow"): in a fresh context the first
    page would install the offline kit, some sixty downloads that cost every test about a fifth of its time. The
    tests of the offline kit allow it, and so do the sweeps of every page for errors, requests and weight.
    """

    def __init__(self, browser, **options):
        self.context = browser.new_context(**{"service_workers": "block", **options})
        self.context.add_init_script(WATCH_CSP)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))

    def new_page(self):
        page = self.context.new_page()
        page.on("console", lambda message: self.errors.append(f"console {message.type}: {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        return page

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    """Return a function that opens a fresh watched context (options as for browser.new_context)."""
    opened = []

    def open_context(**options) -> Watched:
        context = Watched(browser, **options)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def page(watched):
    """A page at desktop size in a fresh context."""
    return watched(viewport=DESKTOP).new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.exists(), "axe-core is missing: npm ci --ignore-scripts"
    return AXE.read_text(encoding="utf-8")


def run_axe(page, axe_source: str, rules: list[str] | None = None) -> list[str]:
    """Return axe-core's violations on the page (only the given rules, if any), one line each.

    axe is evaluated through DevTools, so the page's CSP stays on while it runs.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    options = {"resultTypes": ["violations"], **({"runOnly": {"type": "rule", "values": rules}} if rules else {})}
    return page.evaluate("""async (options) => {
        const result = await axe.run(document, options);
        return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
            v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""", options)


# Fictional listings at known places, for sorting by distance: three exact, one at its ZIP code's centre, one
# serving an area. Added to the sample's support groups, whose Tuesday Circle is at 35.6, -82.55.
NEAR_LISTINGS = {
    "example-north-group": {"latitude": 35.8, "longitude": -82.55},
    "example-south-group": {"latitude": 35.2, "longitude": -82.55},
    "example-zip-group": {"postal_code": "28803"},  # no coordinates: the centre of 28803, marked approximate
    "example-online-group": None,  # a service area, not a place
}


@pytest.fixture(scope="session")
def near_site(server_root, tmp_path_factory) -> Site:
    """The fictional sample with more support groups at known places, built and served at /near/."""
    content = once(run_folder(tmp_path_factory) / "near", near_content)
    root, port = server_root
    return shared_site(content, root, port, "near")


def near_content(content: Path) -> None:
    shutil.copytree(PROJECT / "tests" / "golden" / "sample" / "content", content)
    for number, (slug, place) in enumerate(NEAR_LISTINGS.items()):
        where = "service_area: [Online]\n" if place is None else "location:\n  city: Exampleville\n  state: NC\n" + \
            "".join(f"  {key}: {value!r}\n".replace("'", '"') for key, value in place.items())
        name = slug.replace("-", " ").title()
        (content / "listings" / f"{slug}.yaml").write_text(
            f"name: {name}\ncategory: support-group\nsummary: A fictional group for the distance tests.\n"
            f'phones:\n  - number: "+1 828 555 01{20 + number}"\n{where}verified:\n  date: "2026-10-01"\n  by: sources\n'
            "source:\n  - https://example.org/groups\n", encoding="utf-8")
