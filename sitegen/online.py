"""Check that every listing's web addresses still answer: `python build.py check --online`."""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from . import load
from .models import Directory
from .problems import Position, Problem

FIELDS = ("url", "chat_url", "source")
WORKERS = 8  # a few at a time: polite to the services, and still quick for a few hundred addresses
TIMEOUT = 15  # seconds for one request
# Some servers refuse HEAD (405, 501) or answer it wrongly (403, 404 only for HEAD); GET tells the truth.
RETRY_WITH_GET = {400, 403, 404, 405, 429, 500, 501, 503}


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


def check_online(directory: Directory, workers: int = WORKERS, timeout: float = TIMEOUT,
                 private_ok: bool = False) -> list[Problem]:
    """Return a warning for every listing address (url, chat_url, source) that does not answer with success.

    Each address is asked once, however many listings share it: HEAD first, then GET where HEAD is
    refused. Addresses on this machine or a private network are not asked unless private_ok (tests,
    intranets): a listing must not be able to make the checker probe the network it runs in.
    """
    places: dict[str, list[tuple[Position, str]]] = {}
    sources = {listing.path: load.read_yaml_file(Path(listing.path))[0] for listing in directory.listings}
    for listing in directory.listings:
        source = sources[listing.path]
        for field in FIELDS:
            values = getattr(listing, field)
            for i, url in enumerate(values if isinstance(values, tuple) else [values] if values else []):
                path = (field, i) if isinstance(values, tuple) else (field,)
                places.setdefault(url, []).append((source.where(path), load.field_name(path)))
    user_agent = f"sitegen-link-check/0.1 (+{directory.site.repository_url}; checks the links of {directory.site.name})"
    opener = urllib.request.build_opener(_Redirects(private_ok))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = dict(zip(places, pool.map(lambda url: ask(opener, url, user_agent, timeout, private_ok), places)))
    return sorted(Problem(where, field, f"{url} {answers[url]}", "warning")
                  for url, found in places.items() if answers[url] for where, field in found)


def ask(opener: urllib.request.OpenerDirector, url: str, user_agent: str, timeout: float,
        private_ok: bool = False) -> str | None:
    """Return None if the address answers with success, else what went wrong, like 'answered 404'."""
    refusal = _refusal(url, private_ok)
    if refusal:
        return f"was not checked: it {refusal}"
    status = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": user_agent, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)  # enough to know it answers; listings' pages can be large
                return None
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:  # urllib refused to follow it: a loop, or to a scheme like javascript:
                return f"redirected to {error.headers.get('Location')}, which was not followed"
            status = f"answered {error.code}"
            if error.code not in RETRY_WITH_GET:
                return status
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return f"did not answer within {timeout:g} s"
            return f"could not be reached ({reason})"
    return status


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
