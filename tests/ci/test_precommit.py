"""The pre-commit hooks run the content check when content is staged, and only then."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def hooks() -> dict[str, dict]:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    # pre-commit 4.4 renamed `language: system` to `unsupported`; older versions do not know the new name.
    assert config["minimum_pre_commit_version"] == "4.4.0"
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    return {hook["id"]: hook for hook in repo["hooks"]}


def test_the_content_check_runs_when_content_or_a_schema_is_staged():
    hook = hooks()["check-content"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("python build.py check", "unsupported", False)
    staged = re.compile(hook["files"])
    for path in ("content/listings/example-peer-warmline.yaml", "content/guides/reaching-out.md",
                 "content/site.yaml", "content/categories.yaml", "schema/listing.schema.json"):
        assert staged.search(path), path
    for path in ("sitegen/validate.py", "README.md", "tests/golden/sample/content/site.yaml"):
        assert not staged.search(path), path


def test_the_field_reference_hook_runs_when_the_schema_or_guide_changes():
    hook = hooks()["field-reference"]
    staged = re.compile(hook["files"])
    assert staged.search("schema/listing.schema.json") and staged.search("CONTRIBUTING.md")
    assert not staged.search("schema/site.schema.json")


def test_the_editors_form_hook_runs_when_a_schema_or_the_categories_change():
    staged = re.compile(hooks()["editors-form"]["files"])
    for path in ("schema/listing.schema.json", "schema/guide.schema.json", "content/categories.yaml",
                 "content/site.yaml", "templates/admin/config.yml"):
        assert staged.search(path), path
    assert not staged.search("content/listings/example-peer-warmline.yaml")


def test_the_hook_commands_work_from_the_repository_root():
    for hook in hooks().values():
        command = shlex.split(hook["entry"])
        assert command[0] == "python"
        result = subprocess.run([sys.executable, *command[1:], "--help"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_lint_and_type_checks_run_on_python_changes_as_ci_runs_them():
    for name, command in (("ruff", "python -m ruff check"), ("mypy", "python -m mypy")):
        assert hooks()[name]["entry"] == command and hooks()[name]["types"] == ["python"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert ".venv/bin/ruff check ." in ci and ".venv/bin/mypy\n" in ci
