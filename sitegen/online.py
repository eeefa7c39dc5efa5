"""Check that every listing's web addresses still answer: `python build.py check --online`.

Each answer that is not success becomes a warning at the address's line, in one of three kinds, named first in
its message so people and the weekly summary can tell them apart:

    dead link:       the page answered 404 or 410, or its host name no longer exists: the address needs fixing
    slow or unsure:  no answer in time, a server error or a dropped connection (each asked again, TRIES times in
                     all), or an answer like 403 that a page gives link checkers but not people: look again later
    not checked:     an address the checker must not ask (not http(s), or on this machine or a private network)

Politeness: each address is asked once, however many listings share it; one host is asked one request at a time,
with DELAY seconds between two requests to it; WORKERS hosts are asked at once.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from . import yamltext
from .models import Directory
from .problems import Position, Problem, in_order

FIELDS = ("url", "chat_url", "source")
WORKERS = 8  # hosts asked at once: quick for a few hundred addresses, and each host sees one request at a time
DELAY = 1.0  # seconds between two requests to the same host
TIMEOUT = 15  # seconds for one request
TRIES = 3  # a timeout, a dropped connection or a server error is asked again, up to this many times in all
RETRY_DELAY = 10.0  # seconds before asking again, doubled each time: a busy server gets time to recover
DEAD = {404: "not found", 410: "gone"}
# Some servers refuse HEAD (405, 501) or answer it wrongly (403, 404 only for HEAD); GET tells the truth.
RETRY_WITH_GET = {400, 403, 404, 405, 410, 429, 500, 501, 503}
# Resolver answers that mean the name does not exist; a temporary failure (EAI_AGAIN) is only unsure.
NO_SUCH_NAME = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}
KINDS = ("dead link", "slow or unsure", "not checked")


class _Again(Exception):
    """An answer worth asking for again later: a timeout, a dropped connection, a server error or 429."""

    def __init__(self, words: str):
        super().__init__(words)
        self.words = words


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects with the same method, and only to http(s) addresses that are allowed."""

    def __init__(self, private_ok: bool):
        self.private_ok = private_ok

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        refusal = _refusal(newurl, self.private_ok)
        if refusal:
            raise urllib.error.URLError(f"redirected to {newurl}, which {refusal}")
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()  # urllib turns a redirected HEAD into a GET otherwise
        return new


class Pace:
    """The requests to one host: one at a time, each at least `delay` seconds after the one before; once the
    host has failed an address every try, its other addresses are asked once each, not TRIES times."""

    def __init__(self, delay: float):
        self.delay = delay
        self.last = float("-inf")
        self.lock = threading.Lock()
        self.failing = False

    def wait(self, extra: float = 0.0) -> None:
        """Sleep until the host may be asked again (after `extra` more seconds, before a retry)."""
        with self.lock:
            pause = self.last + self.delay + extra - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.last = time.monotonic()


def check_online(directory: Directory, workers: int = WORKERS, timeout: float = TIMEOUT, private_ok: bool = False,
                 delay: float = DELAY, tries: int = TRIES, retry_delay: float = RETRY_DELAY) -> list[Problem]:
    """Return a warning for every listing address (url, chat_url, source) that does not answer with success.

    Addresses on this machine or a private network are not asked unless private_ok (tests, intranets): a listing
    must not be able to make the checker probe the network it runs in.
    """
    places: dict[str, list[tuple[Position, str]]] = {}
    for listing in directory.listings:
        for field in FIELDS:
            values = getattr(listing, field)
            for i, url in enumerate(values if isinstance(values, tuple) else [values] if values else []):
                path = (field, i) if isinstance(values, tuple) else (field,)
                places.setdefault(url, []).append((listing.record.where(path), yamltext.field_name(path)))
    hosts: dict[str, list[str]] = {}
    for url in places:
        hosts.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)
    user_agent = f"sitegen-link-check/0.1 (+{directory.site.repository_url}; checks the links of {directory.site.name})"
    opener = urllib.request.build_opener(_Redirects(private_ok))

    def ask_host(urls: list[str]) -> list[tuple[str, str | None]]:
        pace = Pace(delay)
        return [(url, ask(opener, url, user_agent, timeout, private_ok, pace, tries, retry_delay)) for url in urls]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = dict(pair for found in pool.map(ask_host, hosts.values()) for pair in found)
    return in_order(Problem(where, field, answers[url] or "", "warning")
                    for url, found in places.items() if answers[url] for where, field in found)


def ask(opener: urllib.request.OpenerDirector, url: str, user_agent: str, timeout: float, private_ok: bool = False,
        pace: Pace | None = None, tries: int = 1, retry_delay: float = 0.0) -> str | None:
    """Return None if the address answers with success, else what went wrong, starting with its kind (KINDS):
    like 'dead link: https://example.org/x answered 404 (not found)'."""
    refusal = _refusal(url, private_ok)
    if refusal:
        return f"not checked: {url} {refusal}"
    pace = pace or Pace(0)
    tries = 1 if pace.failing else max(tries, 1)
    for attempt in range(1, tries + 1):
        try:
            return _once(opener, url, user_agent, timeout, pace)
        except _Again as again:
            words = again.words
            if attempt < tries:
                pace.wait(retry_delay * 2 ** (attempt - 1))  # on top of the delay: a busy server gets time
    pace.failing = True
    return f"slow or unsure: {url} {words}{f', {tries} times' if tries > 1 else ''}; open it in a browser, and fix " \
           "it only if it is gone"


def _once(opener: urllib.request.OpenerDirector, url: str, user_agent: str, timeout: float, pace: Pace) -> str | None:
    """Ask an address once (HEAD, then GET where HEAD is refused): None on success, a warning, or raise _Again."""
    status = None
    for method in ("HEAD", "GET"):
        pace.wait()
        request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)  # enough to know it answers; listings' pages can be large
                return None
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:  # urllib refused to follow it: a loop, or to a scheme like javascript:
                return f"slow or unsure: {url} redirected to {error.headers.get('Location')}, which was not followed"
            status = error.code
            if status not in RETRY_WITH_GET:
                break
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise _Again(f"did not answer within {timeout:g} s") from error
            if isinstance(reason, socket.gaierror) and reason.errno in NO_SUCH_NAME:
                return f"dead link: {url}: its host name {urlsplit(url).hostname} does not exist"
            if isinstance(reason, str) and reason.startswith("redirected to "):  # _Redirects' refusal
                return f"not checked: {url} {reason}"
            raise _Again(f"could not be reached ({_plain(reason)})") from error
    assert status is not None
    if status in DEAD:
        return f"dead link: {url} answered {status} ({DEAD[status]}); find its new address, or remove it"
    if status >= 500 or status == 429:
        raise _Again(f"answered {status}")
    return f"slow or unsure: {url} answered {status}, which a page may give link checkers but not people; open " \
           "it in a browser"


def _plain(reason: object) -> str:
    """Return why a connection failed in a few words, like 'connection refused'."""
    words = {errno.ECONNREFUSED: "connection refused", errno.ECONNRESET: "connection reset"}
    return words.get(getattr(reason, "errno", None) or 0, str(reason))


def _refusal(url: str, private_ok: bool) -> str | None:
    """Return why an address must not be asked (not http(s), or on a private network), or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http(s) address"
    if private_ok:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        return None  # let the request itself report that the name does not resolve
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        if not ip.is_global:
            return f"is on this machine or a private network ({address})"
    return None
