"""`check --online`: every listing address is asked, politely, and answers that are not success become warnings:
dead links (404, 410, a host name that does not exist) apart from the slow or unsure, which are asked again.

Only a local http.server on 127.0.0.1 is ever contacted; a test that needs a second host name, or one that does
not exist, stands in for the resolver, so no test asks a DNS server.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import sitegen
from sitegen.online import check_online

from .helpers import REPO, build_env, config


class Service(BaseHTTPRequestHandler):
    """A fictional service: /ok answers, /missing does not, /head-refused only answers GET, and so on."""

    requests: list[tuple[str, str, str]] = []
    times: list[tuple[str, float, float]] = []  # host name asked, when each request started and ended
    lock = threading.Lock()
    release = threading.Event()
    flaky = 0  # how many more times /flaky answers 503 before it answers 200

    def do_HEAD(self):
        self.answer(body=False)

    def do_GET(self):
        self.answer(body=True)

    def answer(self, body: bool):
        started = time.monotonic()
        with self.lock:
            Service.requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?")[0]
        if path == "/slow":
            self.release.wait(30)  # longer than the checker's timeout in these tests
        if path == "/a-while":
            time.sleep(0.2)  # long enough for two requests to overlap, if they were sent at once
        if path == "/flaky":
            with self.lock:
                Service.flaky -= 1
            path = "/broken" if Service.flaky >= 0 else "/ok"
        status, location = {
            "/ok": (200, None), "/missing": (404, None), "/gone": (410, None), "/broken": (503, None),
            "/forbidden": (403, None),
            "/head-refused": (405 if self.command == "HEAD" else 200, None),
            "/moved": (301, "/ok"), "/moved-away": (302, "/missing"), "/loop": (302, "/loop"),
            "/to-script": (302, "javascript:alert(1)"), "/to-file": (302, "file:///etc/passwd"),
        }.get(path, (200, None))
        with self.lock:  # before answering: the next request cannot have started yet
            Service.times.append((self.headers.get("Host", "").rsplit(":", 1)[0], started, time.monotonic()))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Service.requests, Service.times, Service.flaky = [], [], 0
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
    options = {"timeout": 1, "delay": 0, "tries": 2, "retry_delay": 0.05, **options}
    return [str(p) for p in check_online(directory, private_ok=True, **options)]


def test_answers_that_are_not_success_become_located_warnings_of_their_kind(content, server):
    content = directory_of(content)
    found = warnings_for(content, {
        "fine": listing("Fine", f"{server}/ok", f"{server}/moved", (f"{server}/head-refused",)),
        "broken": listing("Broken", f"{server}/missing", f"{server}/gone", (f"{server}/ok", f"{server}/broken")),
        "moved": listing("Moved", f"{server}/moved-away", sources=(f"{server}/forbidden",)),
    })
    broken, moved = content / "listings" / "broken.yaml", content / "listings" / "moved.yaml"
    assert found == [
        f"{broken}:4:6: warning: url: dead link: {server}/missing answered 404 (not found); find its new address, "
        "or remove it",
        f"{broken}:5:11: warning: chat_url: dead link: {server}/gone answered 410 (gone); find its new address, or "
        "remove it",
        f"{broken}:10:5: warning: source[1]: slow or unsure: {server}/broken answered 503, 2 times; open it in a "
        "browser, and fix it only if it is gone",
        f"{moved}:4:6: warning: url: dead link: {server}/moved-away answered 404 (not found); find its new address, "
        "or remove it",
        f"{moved}:8:5: warning: source[0]: slow or unsure: {server}/forbidden answered 403, which a page may give "
        "link checkers but not people; open it in a browser",
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
    assert f"url: slow or unsure: {server}/to-script redirected to javascript:alert(1), which was not followed" in text
    assert f"source[0]: slow or unsure: {server}/to-file redirected to file:///etc/passwd, which was not followed" in text
    assert f"url: slow or unsure: {server}/loop redirected to /loop, which was not followed" in text


def test_a_service_that_does_not_answer_is_asked_again_then_called_slow_not_dead(content, server):
    found = warnings_for(directory_of(content), {"slow": listing("Slow", f"{server}/slow", sources=(f"{server}/ok",))},
                         tries=2)
    assert found == [f"{content}/listings/slow.yaml:4:6: warning: url: slow or unsure: {server}/slow did not answer "
                     "within 1 s, 2 times; open it in a browser, and fix it only if it is gone"]
    assert [p for _, p, _ in Service.requests].count("/slow") == 2


def test_a_server_error_that_passes_is_no_warning(content, server):
    Service.flaky = 2  # HEAD and GET answer 503 once; the second try is answered
    found = warnings_for(directory_of(content), {"flaky": listing("Flaky", f"{server}/flaky")}, tries=2)
    assert found == []
    assert [m for m, p, _ in Service.requests if p == "/flaky"] == ["HEAD", "GET", "HEAD"]


def test_once_a_host_fails_every_try_its_other_addresses_are_asked_once(content, server):
    found = warnings_for(directory_of(content), {
        "slow": listing("Slow", f"{server}/slow?1", sources=(f"{server}/slow?2", f"{server}/slow?3"))}, tries=3)
    assert len(found) == 3 and found[0].endswith("did not answer within 1 s, 3 times; open it in a browser, and "
                                                 "fix it only if it is gone")
    assert [p for _, p, _ in Service.requests] == ["/slow?1"] * 3 + ["/slow?2", "/slow?3"]


def test_a_host_name_that_does_not_exist_is_a_dead_link(content, server, monkeypatch):
    """.invalid never resolves (RFC 2606); the resolver is stood in for, so no test asks a real DNS server."""
    resolve = socket.getaddrinfo

    def no_such_name(host, *args, **kwargs):
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    found = warnings_for(directory_of(content), {"gone": listing("Gone", "https://closed-down.invalid/help")})
    gone = f"{content}/listings/gone.yaml"
    assert found == [f"{gone}:4:6: warning: url: dead link: https://closed-down.invalid/help: its host name "
                     "closed-down.invalid does not exist",
                     f"{gone}:8:5: warning: source[0]: dead link: https://closed-down.invalid/help: its host name "
                     "closed-down.invalid does not exist"]


def test_each_address_is_asked_once_and_each_host_one_request_at_a_time_with_a_pause(content, server, monkeypatch):
    resolve = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *args, **kwargs: resolve(
        "127.0.0.1" if host == "second.example.test" else host, *args, **kwargs))
    other = server.replace("127.0.0.1", "second.example.test")  # the same server under another host name
    files = {f"line-{i}": listing(f"Line {i}", f"{server}/a-while?{i}", sources=(f"{other}/a-while?{i}",))
             for i in range(4)}
    files["shared"] = listing("Shared", f"{server}/a-while?0", sources=(f"{server}/a-while?0",))
    assert warnings_for(directory_of(content), files, delay=0.6) == []
    paths = [path for _, path, _ in Service.requests]
    assert len(paths) == 8 and paths.count("/a-while?0") == 2, "every address once: each of 4, on two host names"
    for host in ("127.0.0.1", "second.example.test"):
        spans = sorted((start, end) for name, start, end in Service.times if name == host)
        assert len(spans) == 4
        for (before, end), (start, _) in zip(spans, spans[1:]):
            assert start >= end, f"{host} was asked twice at once"
            # 0.6 s from the start of one request to the next, as the checker sends them; the server sees each start
            # a little late, by as much as 0.15 s on a busy machine. Unpaced, they would start 0.2 s apart.
            assert start - before >= 0.6 - 0.15, f"{host} was asked again without a pause"
    first, second = ([(start, end) for name, start, end in Service.times if name == host]
                     for host in ("127.0.0.1", "second.example.test"))
    assert any(a < d and c < b for a, b in first for c, d in second), "two host names, asked at the same time"


def test_an_unreachable_service_is_slow_or_unsure_not_dead(content, server):
    port = int(server.rsplit(":", 1)[1])
    closed = f"http://127.0.0.1:{port + 1 if port < 65535 else port - 1}/ok"
    found = warnings_for(directory_of(content), {"closed": listing("Closed", closed)})
    assert found and all("slow or unsure" in line and "could not be reached (connection refused)" in line
                         for line in found), found


def test_command_line_refuses_to_probe_this_machine(content, server):
    """From the command line, a listing cannot make the checker ask addresses on the local network."""
    content = directory_of(content)
    (content / "listings" / "local.yaml").write_text(listing("Local", f"{server}/ok"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--online", "--content", str(content)],
                            env=build_env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"{content}/listings/local.yaml:4:6: warning: url: not checked: {server}/ok is on this machine or a " \
           "private network (127.0.0.1)" in result.stderr
    assert Service.requests == []


def test_a_redirect_into_the_local_network_is_refused():
    """A public address that redirects to this machine must not make the checker ask it (no request is made)."""
    import urllib.error
    import urllib.request

    from sitegen.online import _Redirects
    request = urllib.request.Request("https://example.org/", method="HEAD")
    with pytest.raises(urllib.error.URLError, match="on this machine or a private network"):
        _Redirects(private_ok=False).redirect_request(request, None, 302, "Found", {}, "http://127.0.0.1:9/admin")
