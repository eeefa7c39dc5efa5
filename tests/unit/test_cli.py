"""The command line: exit 0 on success, 1 on content problems, 2 on usage errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True,
                          env={"SOURCE_DATE_EPOCH": "1795651200", "PATH": "/usr/bin:/bin"})


@pytest.mark.slow  # runs a whole build in a subprocess
def test_build_with_no_arguments_builds_content_into_site(make_project, tmp_path):
    make_project()
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert result.stderr.endswith("Built site/ from content/ with 3 warnings in 3 files.\n")  # one stale, two not in Spanish


def test_check_reports_problems_and_exits_1(make_project, tmp_path):
    make_project({"listings/example-library.yaml": "name: Library\ncategory: library\nurll: x\n"})
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "4 errors and 3 warnings in 4 files; nothing was built."
    assert "content/listings/example-library.yaml:3:1: urll: unknown field; did you mean 'url'?" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # runs a whole build in a subprocess
def test_a_failed_build_says_site_was_not_changed(make_project, tmp_path):
    make_project({"listings/example-library.yaml": "name: [\n"})
    result = run("build", "--out", "public", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 error and 3 warnings in 4 files; public/ was not changed."
    assert not (tmp_path / "public").exists()


@pytest.mark.slow  # runs a whole build in a subprocess
def test_strict_turns_warnings_into_failures(make_project, tmp_path):
    make_project()
    assert run("check", cwd=tmp_path).returncode == 0
    assert run("check", "--strict", cwd=tmp_path).returncode == 1


def test_usage_errors_exit_2(tmp_path):
    assert run("check", "--format", "xml", cwd=tmp_path).returncode == 2
    assert run("--no-such-flag", cwd=tmp_path).returncode == 2


def test_github_format_prints_annotations(make_project, tmp_path):
    make_project({"listings/example-library.yaml": "name: Library\ncategory: library\nurll: x\n"})
    result = run("check", "--format", "github", cwd=tmp_path)
    assert ("::error file=content/listings/example-library.yaml,line=3,col=1::urll: unknown field; "
            "did you mean 'url'?") in result.stdout.splitlines()


@pytest.mark.slow  # runs a whole build in a subprocess
def test_base_url_flag_overrides_site_yaml(make_project, tmp_path):
    make_project()
    assert run("build", "--base-url", "https://example.org/preview", cwd=tmp_path).returncode == 0
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/preview/">' in html


def test_a_shard_is_a_path_on_the_same_host_and_a_bad_one_is_a_usage_error(make_project, tmp_path):
    make_project()
    result = run("build", "--shard", "https://example.net/nc/", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "build.py build: error: argument --shard: expected the path of another shard's site on this host, from / to a "
        "folder ending in /, like /nc/, found 'https://example.net/nc/' (another host: the pages' "
        "Content-Security-Policy lets search load only from their own)")
    assert not (tmp_path / "site").exists()
    assert run("build", "--base-url", "https://example.org/sc/", "--shard", "/nc/", "--shard", "/sc/",
               cwd=tmp_path).returncode == 0
    search = (tmp_path / "site" / "search" / "index.html").read_text()
    assert 'data-bundles="pagefind/ /nc/pagefind/"' in search, "the other shard's index merged; the site's own once"
    assert 'data-bundles="pagefind/ /nc/es/pagefind/"' in (tmp_path / "site" / "es" / "search" / "index.html").read_text()


def test_missing_packages_say_in_one_line_to_activate_the_environment(tmp_path):
    # -S leaves out site-packages: the packages are missing, as they are for `python build.py` outside the .venv.
    result = subprocess.run([sys.executable, "-S", str(ROOT / "build.py"), "check"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Activate the virtual environment first (source .venv/bin/activate; on Windows .venv\\Scripts\\activate)" \
        in result.stderr
