"""`check --online`: every listing address is asked, politely, and answers that are not success become warnings.

Only a local http.server on 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import sitegen
from sitegen.online import check_online

from .helpers import REPO, build_env, config


class Service(BaseHTTPRequestHandler):
    """A fictional service: /ok answers, /missing does not, /head-refused only answers GET, and so on."""

    requests: list[tuple[str, str, str]] = []
    active = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()

    def do_HEAD(self):
        self.answer(body=False)

    def do_GET(self):
        self.answer(body=True)

    def answer(self, body: bool):
        with self.lock:
            Service.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
            Service.active += 1
            Service.most = max(Service.most, Service.active)
        try:
            path = self.path.split("?")[0]
            if path == "/slow":
                self.release.wait(30)  # longer than the checker's timeout in these tests
            status, location = {
                "/ok": (200, None), "/missing": (404, None), "/gone": (410, None), "/broken": (500, None),
                "/head-refused": (405 if self.command == "HEAD" else 200, None),
                "/moved": (301, "/ok"), "/moved-away": (302, "/missing"), "/loop": (302, "/loop"),
                "/to-script": (302, "javascript:alert(1)"), "/to-file": (302, "file:///etc/passwd"),
            }.get(path, (200, None))
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if body:
                self.wfile.write(b"ok")
        finally:
            with self.lock:
                Service.active -= 1

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Service.requests, Service.active, Service.most = [], 0, 0
    Service.release.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Service)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Service.release.set()
    httpd.shutdown()
    httpd.server_close()


def listing(name: str, url: str, chat_url: str | None = None, sources: tuple[str, ...] = ()) -> str:
    return (f"name: Example {name}\ncategory: warmline\nsummary: A fictional listing whose addresses are checked.\n"
            f"url: {url}\n" + (f"chat_url: {chat_url}\n" if chat_url else "") +
            "service_area: [Example County, NC]\nverified: {date: \"2026-11-01\", by: sources}\nsource:\n" +
            "".join(f"  - {s}\n" for s in sources or (url,)))


def directory_of(content: Path):
    for path in (content / "listings").glob("*.yaml"):
        path.unlink()  # the sample's listings point at example.org, which no test may contact
    for path in (content / "guides").glob("*.md"):
        path.unlink()  # they link to those listings
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  listing: example-crisis-line\n", ""),
                        encoding="utf-8")
    return content


def warnings_for(content: Path, files: dict[str, str], **options) -> list[str]:
    for name, text in files.items():
        (content / "listings" / f"{name}.yaml").write_text(text, encoding="utf-8")
    directory, _ = sitegen.check(config(content, content.parent / "site"))
    return [str(p) for p in check_online(directory, timeout=2, private_ok=True, **options)]


def test_answers_that_are_not_success_become_located_warnings(content, server):
    content = directory_of(content)
    found = warnings_for(content, {
        "fine": listing("Fine", f"{server}/ok", f"{server}/moved", (f"{server}/head-refused",)),
        "broken": listing("Broken", f"{server}/missing", f"{server}/gone", (f"{server}/ok", f"{server}/broken")),
        "moved": listing("Moved", f"{server}/moved-away"),
    })
    broken, moved = content / "listings" / "broken.yaml", content / "listings" / "moved.yaml"
    assert found == [
        f"{broken}:4:6: warning: url: {server}/missing answered 404",
        f"{broken}:5:11: warning: chat_url: {server}/gone answered 410",
        f"{broken}:10:5: warning: source[1]: {server}/broken answered 500",
        f"{moved}:4:6: warning: url: {server}/moved-away answered 404",
        f"{moved}:8:5: warning: source[0]: {server}/moved-away answered 404",
    ]


def test_head_first_then_get_with_a_polite_user_agent(content, server):
    warnings_for(directory_of(content), {"fine": listing("Fine", f"{server}/head-refused", sources=(f"{server}/ok",))})
    asked = [(method, path) for method, path, _ in Service.requests]
    assert asked.count(("HEAD", "/ok")) == 1 and ("GET", "/ok") not in asked, "one HEAD is enough for /ok"
    assert asked.index(("HEAD", "/head-refused")) < asked.index(("GET", "/head-refused"))
    agents = {agent for _, _, agent in Service.requests}
    assert len(agents) == 1 and agents.pop().startswith("sitegen-link-check/0.1 (+https://github.com/example/connect")


def test_redirects_are_followed_with_head_and_only_to_web_addresses(content, server):
    found = warnings_for(directory_of(content), {
        "moved": listing("Moved", f"{server}/moved"),
        "script": listing("Script", f"{server}/to-script", sources=(f"{server}/to-file",)),
        "loop": listing("Loop", f"{server}/loop"),
    })
    assert ("HEAD", "/ok") in [(m, p) for m, p, _ in Service.requests], "a redirected HEAD must stay a HEAD"
    text = "\n".join(found)
    assert "moved.yaml" not in text
    assert f"url: {server}/to-script redirected to javascript:alert(1), which was not followed" in text
    assert f"source[0]: {server}/to-file redirected to file:///etc/passwd, which was not followed" in text
    assert f"url: {server}/loop redirected to /loop, which was not followed" in text


def test_a_service_that_does_not_answer_times_out(content, server):
    found = warnings_for(directory_of(content), {"slow": listing("Slow", f"{server}/slow", sources=(f"{server}/ok",))})
    assert found == [f"{content}/listings/slow.yaml:4:6: warning: url: {server}/slow did not answer within 2 s"]


def test_each_address_is_asked_once_by_at_most_eight_at_a_time(content, server):
    files = {f"line-{i}": listing(f"Line {i}", f"{server}/ok?{i}", sources=(f"{server}/ok?shared",))
             for i in range(30)}
    assert warnings_for(directory_of(content), files) == []
    paths = [path for _, path, _ in Service.requests]
    assert paths.count("/ok?shared") == 1 and len(paths) == 31
    assert Service.most <= 8


def test_an_unreachable_service_is_reported(content, server):
    port = int(server.rsplit(":", 1)[1])
    closed = f"http://127.0.0.1:{port + 1 if port < 65535 else port - 1}/ok"
    found = warnings_for(directory_of(content), {"closed": listing("Closed", closed)})
    assert found and all("could not be reached" in line for line in found)


def test_command_line_refuses_to_probe_this_machine(content, server):
    """From the command line, a listing cannot make the checker ask addresses on the local network."""
    content = directory_of(content)
    (content / "listings" / "local.yaml").write_text(listing("Local", f"{server}/ok"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--online", "--content", str(content)],
                            env=build_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"{content}/listings/local.yaml:4:6: warning: url: {server}/ok was not checked: it is on this machine " \
           "or a private network (127.0.0.1)" in result.stderr
    assert Service.requests == []


def test_a_redirect_into_the_local_network_is_refused():
    """A public address that redirects to this machine must not make the checker ask it (no request is made)."""
    import urllib.error
    import urllib.request

    from sitegen.online import _Redirects
    request = urllib.request.Request("https://example.org/", method="HEAD")
    with pytest.raises(urllib.error.URLError, match="on this machine or a private network"):
        _Redirects(private_ok=False).redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1:9/admin")
