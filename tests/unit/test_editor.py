"""The editor and `check` agree: the real YAML language server (the one VS Code's YAML extension and other
editors run) underlines the same mistakes, at the same lines and columns, in the same words as `check`."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

import sitegen

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"  # npm ci (.ci/run)

# One of each mistake the editor used to explain in jargon, or not at all.
BROKEN = """\
# yaml-language-server: $schema=../../schema/listing.schema.json
name: Example Broken Line
category: peer-line
summary: A fictional line with the mistakes a new volunteer makes.
url: example.org/help
email:
languages: English
phones:
  - number: "+1 828 555 0102"
schedules:
  - days: [mon]
    opens: "9:00"
    closes: "17:00"
verified:
  date: "2026-13-45"
  by: phone
"""


class LanguageServer:
    """yaml-language-server over stdio, speaking the Language Server Protocol as an editor does."""

    def __init__(self, root: Path, settings: dict):
        assert SERVER.is_file(), "yaml-language-server is missing: run `npm ci --ignore-scripts` (bash .ci/run does)"
        self.settings = {"validate": True, "schemaStore": {"enable": False}, **settings}  # nothing from the network
        self.process = subprocess.Popen([shutil.which("node") or "node", str(SERVER), "--stdio"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(1, "initialize", {"processId": None, "rootUri": root.as_uri(),
                                       "capabilities": {"workspace": {"configuration": True}}})
        self.wait(lambda m: m.get("id") == 1)
        self.send({"method": "initialized", "params": {}})
        self.send({"method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": self.settings}}})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline().decode()) not in ("\r\n", ""):
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":")[1])
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        self.process.stdin.flush()

    def request(self, number: int, method: str, params: dict) -> None:
        self.send({"id": number, "method": method, "params": params})

    def wait(self, wanted: Any) -> dict:
        """Return the first message the server sends that is wanted, answering its own requests meanwhile."""
        while True:
            message = self.messages.get(timeout=60)
            if "method" in message and "id" in message:  # the server asks: for its settings, or to register
                items = message["params"].get("items", []) if message["method"] == "workspace/configuration" else []
                self.send({"id": message["id"], "result": [self.settings if i.get("section") == "yaml" else None
                                                           for i in items] or None})
            elif wanted(message):
                return message

    def diagnostics(self, path: Path) -> dict[tuple[int, int], str]:
        """Return what the editor underlines in a file: {(line, column): message}, both 1-based as check prints."""
        uri = path.as_uri()
        self.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}}})
        found = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri and m["params"]["diagnostics"])
        return {(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1): d["message"]
                for d in found["params"]["diagnostics"]}

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def project(make_project, tmp_path) -> Path:
    """The sample content with the repository's schemas beside it, where the first line of a listing points."""
    make_project({"listings/broken.yaml": BROKEN})
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    return tmp_path


def check_messages(content: Path, path: Path) -> dict[tuple[int, int], str]:
    """Return what `check` reports in a file: {(line, column): message}."""
    with pytest.raises(sitegen.BuildFailed) as failed:
        sitegen.check(sitegen.Config(content_dir=content))
    return {(p.where.line, p.where.column): p.message for p in failed.value.problems if p.where.path == str(path)}


def test_the_editor_and_check_say_the_same_sentence_at_the_same_place(project):
    path = project / "content" / "listings" / "broken.yaml"
    server = LanguageServer(project, {})
    try:
        editor = server.diagnostics(path)
    finally:
        server.close()
    check = check_messages(project / "content", path)
    assert sorted(editor) == sorted(check), "the editor and check point at different places"
    for where, message in editor.items():
        # check adds what it found: "expected a date like 2026-11-01, found '2026-13-45'".
        assert check[where].startswith(message), f"line {where[0]}: the editor says {message!r}, check {check[where]!r}"
    assert editor == {
        (2, 1): "expected a location (a place people can visit) or a service_area (where a line or online service "
                "is available)",
        (3, 11): "expected a category from content/categories.yaml",
        (5, 6): "expected a web address starting with https://, like https://example.org/help",
        (6, 7): "expected an email address like help@example.org",
        (7, 12): "expected a list of languages like [English, Spanish]",
        (12, 12): 'expected a 24-hour time like "09:00", with two digits for the hour',
        (15, 9): "expected a date like 2026-11-01",
    }


def test_the_workspace_settings_check_a_listing_that_lost_its_first_line(project):
    path = project / "content" / "listings" / "broken.yaml"
    path.write_text(BROKEN.split("\n", 1)[1].replace("category: peer-line", "category: warmline"), encoding="utf-8")
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode" / "extensions.json").read_text())["recommendations"]
    server = LanguageServer(project, {"schemas": settings["yaml.schemas"]})
    try:
        editor = server.diagnostics(path)
    finally:
        server.close()
    assert editor[(4, 6)] == "expected a web address starting with https://, like https://example.org/help"
