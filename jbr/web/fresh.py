"""Is ``site/`` on disk what the store has published? (issue 19: corrections in seconds)

``jbr publish --note`` stores a correction in one transaction; rewriting ``site/`` and
``opendata/`` follows (or not, with ``--no-site``). The server does not wait for that:
as long as the store holds a publication the files do not show
(``publish.site.state``), every page is rendered from the store, as the build would
write it, and the files are served again once they have caught up.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..publish.site.state import STATE, read_state
from .gate import StoreGate

log = logging.getLogger("jbr.web")
_shown: dict[Path, tuple[tuple[int, int, int], frozenset[tuple[int, int]] | None]] = {}


def _site_shows(out: Path) -> frozenset[tuple[int, int]] | None:
    """What the files show, read again only when the state file changes."""
    try:
        st = os.stat(out / STATE)
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        return None
    cached = _shown.get(out)
    if cached is None or cached[0] != stamp:
        cached = (stamp, read_state(out))
        _shown[out] = cached
    return cached[1]


def site_is_current(years: dict[int, list[Any]], out: Path) -> bool:
    """The files under ``out/site`` show every publication in the store (``years``: year →
    its publications, as ``api_routes.reading.published`` gives them).

    A site written before builds recorded what they show is taken as it is.
    """
    shows = _site_shows(out)
    if shows is None:
        return True
    return all((p.year, p.version) in shows for pubs in years.values() for p in pubs)


def warm(gate: StoreGate) -> None:
    """Load and fill what rendering a page from the store needs (the templates, Babel's
    notation of the published figures), so that the first page after a correction is
    quick. Run in a background thread at start; the store lock is held only to read."""
    from ..publish.releases import from_store
    from ..publish.site.model import build_site
    from ..publish.site.routing import render_path
    from ..publish.urls import public_base_url

    try:
        if not gate.db.exists():
            return
        with gate.lock:
            published = from_store(gate.db)
        render_path(build_site(published, public_base_url()), "/")
    except Exception as e:  # a warm-up never stops the server; the page path reports
        log.debug("warm-up skipped: %s", e)
