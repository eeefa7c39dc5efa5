"""The preview server: serves the built site on 127.0.0.1, with the site's own 404 page."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request

import sitegen
from sitegen.serve import Handler


def test_preview_serves_pages_and_the_sites_own_404(make_project, tmp_path):
    site = tmp_path / "site"
    sitegen.build(sitegen.Config(content_dir=make_project(), site_dir=site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert b"Example Crisis Line" in urllib.request.urlopen(base + "listings/example-crisis-line/").read()
        try:
            urllib.request.urlopen(base + "no/such/page/")
            raise AssertionError("a missing page must answer 404")
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
            assert missing.read() == (site / "404.html").read_bytes()
    finally:
        server.shutdown()
