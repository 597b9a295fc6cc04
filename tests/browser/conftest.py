"""Real-browser helpers: the publications served by a real HTTP server. The ``browser``
fixture itself (Debian's chromium driven by Playwright, axe-core from npm, both installed
by `make setup`) lives in tests/conftest.py, so that every browser test shares one
Playwright session: a second sync_playwright() inside the first one fails.

Nothing here skips: a missing browser or axe-core is a failed setup, not an untested page.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free local port, for as long as the generator lives."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
