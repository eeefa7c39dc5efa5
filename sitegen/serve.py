"""Preview: build, serve the site on 127.0.0.1, and rebuild when content, templates or schemas change."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from . import build
from .config import Config
from .problems import BuildFailed, format_problems, summary


def serve(config: Config, port: int) -> int:
    """Serve config.site_dir until interrupted; a failed rebuild keeps serving the last good site."""
    rebuild(config)
    handler = functools.partial(Handler, directory=str(config.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=watch, args=(config,), daemon=True).start()
    print(f"Serving {config.site_dir}/ at http://127.0.0.1:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serve the site, answering a missing page with the site's own 404 page as static hosts do."""

    def not_found_page(self) -> Path:
        return Path(self.directory) / "404.html"

    def send_error(self, code, message=None, explain=None):
        page = self.not_found_page()
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def rebuild(config: Config) -> None:
    """Build once, printing problems instead of stopping."""
    started = time.perf_counter()
    try:
        warnings = build(config)
    except BuildFailed as failure:
        print(format_problems(failure.problems), file=sys.stderr)
        print(f"{summary(failure.problems)}; still serving the last good build.", file=sys.stderr)
        return
    if warnings:
        print(format_problems(warnings), file=sys.stderr)
    print(f"Built in {time.perf_counter() - started:.1f} s.", file=sys.stderr)


def watch(config: Config, interval: float = 0.5) -> None:
    """Rebuild whenever a file under the content, templates or schema folders changes."""
    folders = [config.content_dir, config.templates_dir, config.schema_dir]
    last = snapshot(folders)
    while True:
        time.sleep(interval)
        current = snapshot(folders)
        if current != last:
            last = current
            rebuild(config)


def snapshot(folders: list[Path]) -> dict[str, float]:
    """Return the modification time of every file under the folders."""
    return {str(p): p.stat().st_mtime for folder in folders for p in folder.rglob("*") if p.is_file()}
