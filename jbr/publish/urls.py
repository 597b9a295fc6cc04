"""The URLs the build writes (SPEC §6 "the static output stands alone").

Without a public address every URL is relative, so ``site/`` and ``opendata/`` work as
files with no server; with ``JBR_BASE_URL`` the permanent URLs (open data, the pages'
permanent link, the DCAT record) are absolute under it. Never a development host.
Kept free of heavy imports: the CLI checks the address before it starts any work.
"""

from __future__ import annotations

import os
from typing import NamedTuple
from urllib.parse import urlsplit

DEVELOPMENT_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})


class BaseUrlError(ValueError):
    """``JBR_BASE_URL`` is not a public web address."""


def public_base_url(given: str | None = None) -> str | None:
    """The site's public address (``given``, else ``JBR_BASE_URL``), or None: then every
    URL the build writes is relative (SPEC §6 "the static output stands alone"). A
    development host is refused: a published URL must work for its reader."""
    raw = (os.environ.get("JBR_BASE_URL", "") if given is None else given).strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
        raise BaseUrlError(
            f"JBR_BASE_URL {raw!r} is geen webadres. Geef het publieke adres van de site, "
            "bijvoorbeeld https://jbr.example.nl, of laat het leeg voor relatieve links."
        )
    if host in DEVELOPMENT_HOSTS or host.endswith(".localhost"):
        raise BaseUrlError(
            f"JBR_BASE_URL {raw!r} wijst naar deze computer ({host}), niet naar een publiek "
            "adres. Laat JBR_BASE_URL leeg voor relatieve links, of geef het publieke adres."
        )
    return raw.rstrip("/")


class Place(NamedTuple):
    """Where a file of ``opendata/`` sits, as the relative ways from its folder to the
    site's root and to the folder of the versions (used when there is no base URL)."""

    to_site: str
    to_versions: str


TOP = Place("../site/", "versions/")  # opendata/
IN_VERSION = Place("../../../site/", "../")  # opendata/versions/<n>/


def site_url(base_url: str | None, path: str, place: Place = TOP) -> str:
    """A site page's URL as published: its permanent URL under the public base URL, else
    relative to the file that holds it and naming the page's file, which a browser
    reading files does not add (``path`` as ``/indicator/ID/YEAR/``, maybe ``#anchor``)."""
    if base_url:
        return base_url + path
    page, hash_, fragment = path.partition("#")
    if page.endswith("/"):
        page += "index.html"
    return place.to_site + page.lstrip("/") + hash_ + fragment
