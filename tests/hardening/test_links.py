"""Link integrity: every internal link and asset in the built site resolves, and a broken one fails the build."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import sitegen
from sitegen.config import PROJECT_DIR

from .helpers import build, config

ATTRIBUTE = re.compile(r"""\s(href|src|action|srcset|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
SCRIPT_URL = re.compile(r"""(?:import\(|new URL\()\s*["'`]([^"'`]+)["'`]""")


def references(site: Path):
    """Yield (file, target) for every reference from an HTML page or script to another file of the site."""
    for page in sorted(site.rglob("*.html")):
        for match in ATTRIBUTE.finditer(page.read_text(encoding="utf-8")):
            value = next(v for v in match.groups()[1:] if v is not None)
            targets = [part.split()[0] for part in value.split(",") if part.strip()] if match.group(1) == "srcset" \
                else [value]
            for target in targets:
                yield page, target


def resolves(site: Path, page: Path, target: str, base_path: str) -> bool:
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return True
    if parts.path.startswith("/"):
        assert parts.path.startswith(base_path), f"{page}: {target} is outside the site's folder {base_path}"
        path = site / unquote(parts.path[len(base_path):])
    else:
        path = site / posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    path = path.resolve()
    return path.is_relative_to(site.resolve()) and (path.is_file() or (path / "index.html").is_file())


def test_every_reference_in_the_written_site_resolves(tmp_path, sample_or_bundled):
    """Checked on the written folder, after Pagefind: the build's own check runs before Pagefind exists."""
    content = sample_or_bundled
    site = tmp_path / "site"
    build(content, site)
    base_path = "/" + re.search(r"^base_url: https?://[^/]+/(.*)$", (content / "site.yaml").read_text(encoding="utf-8"),
                                re.MULTILINE).group(1).strip()
    broken = [f"{page.relative_to(site)}: {target}" for page, target in references(site)
              if not resolves(site, page, target, base_path)]
    assert not broken, "\n".join(broken)
    bundles = re.search(r'data-bundles="([^"]*)"', (site / "search" / "index.html").read_text(encoding="utf-8"))
    assert bundles.group(1) == "pagefind/"  # a small site's index is one
    for script in (site / "assets").glob("*.js"):
        for target in SCRIPT_URL.findall(script.read_text(encoding="utf-8")):
            if "${" in target:
                continue  # made from data as the script runs, like listings/${slug}/: tested where it is used
            # search.js loads pagefind.js from each index's folder; "../" is the site's root from assets/, and a
            # module a script imports ("./suggest.js") is beside it.
            folder = site / "pagefind" if target == "pagefind.js" else \
                site / "assets" if target == "../" or target.startswith("./") else site
            path = (folder / target).resolve()
            assert path.is_file() or (path / "index.html").is_file(), \
                f"{script.name} loads {target}, which the site does not have"


def failure(content: Path, tmp_path: Path, **changes) -> list[str]:
    with pytest.raises(sitegen.BuildFailed) as raised:
        build(content, tmp_path / "site", **changes)
    assert not (tmp_path / "site").exists()
    return [str(p) for p in raised.value.problems if p.level == "error"]


def test_content_link_to_a_missing_page_fails_at_its_line(content, tmp_path):
    guide = content / "guides" / "reaching-out.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nAnd [a missing page](/listings/gone/).\n", encoding="utf-8")
    lines = guide.read_text(encoding="utf-8").split("\n")
    assert failure(content, tmp_path) == [
        f"{guide}:{len(lines) - 1}:22: the link /listings/gone/ goes to no page of this site; "
        "link to a page like /listings/<slug>/"]


def test_relative_content_link_to_a_missing_page_fails_at_its_line(content, tmp_path):
    listing = content / "listings" / "example-library.yaml"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(text + "description: See [the café](../../cafe/).\n", encoding="utf-8")
    assert failure(content, tmp_path) == [
        f"{listing}:{text.count(chr(10)) + 1}:29: description: the link ../../cafe/ goes to no page of this site; "
        "link to a page like /listings/<slug>/"]


def test_check_and_build_report_a_broken_link_the_same_way(content, tmp_path):
    """The pre-commit hook and the pull-request check run `check`: it must catch what would break the build."""
    guide = content / "guides" / "reaching-out.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nSee [this](/listings/nowhere/).\n", encoding="utf-8")
    with pytest.raises(sitegen.BuildFailed) as checked:
        sitegen.check(config(content, tmp_path / "site"))
    found = [str(p) for p in checked.value.problems if p.level == "error"]
    assert found == failure(content, tmp_path) and len(found) == 1


@pytest.fixture
def templates(tmp_path) -> Path:
    """Return a copy of the templates that a test may break."""
    folder = tmp_path / "templates"
    shutil.copytree(PROJECT_DIR / "templates", folder)
    return folder


@pytest.mark.parametrize("broken, message", [
    ('<a href="{{ page.root }}missing-page/">x</a>', "the link {root}missing-page/ goes to no file of the site"),
    ('<img src="{{ page.root }}assets/missing.png" alt="">',
     "the link {root}assets/missing.png goes to no file of the site"),
    ('<form action="{{ page.root }}nowhere/"></form>', "the link {root}nowhere/ goes to no file of the site"),
    ('<a href="/elsewhere/">x</a>', "the link /elsewhere/ goes to no file of the site"),
])
def test_template_link_to_a_missing_file_fails(content, tmp_path, templates, broken, message):
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", broken + "</footer>"), encoding="utf-8")
    lines = failure(content, tmp_path, templates_dir=templates)
    home = [line for line in lines if line.startswith("site/index.html:")]
    assert len(home) == 1 and home[0].endswith(message.format(root="")), lines
    assert re.match(r"site/index\.html:\d+:\d+: ", home[0])
    assert any(line.startswith("site/listings/example-library/index.html:") and message.format(root="../../") in line
               for line in lines) or message.startswith("the link /"), lines


def test_link_that_climbs_out_of_the_site_fails(content, tmp_path, templates):
    base = templates / "base.html"
    climbing = '<a href="../../../../etc/passwd">x</a></footer>'
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", climbing), encoding="utf-8")
    assert any("the link ../../../../etc/passwd goes to no file of the site" in line
               for line in failure(content, tmp_path, templates_dir=templates))
