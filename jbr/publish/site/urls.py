"""Where the site's pages and downloads are: their URL paths, and the links between them.

Pages (Dutch at ``/``, English under ``/en/``, the same paths):

- ``/`` and ``/year/Y/``: every area's indicators for the Rijk in year Y;
- ``/indicator/ID/Y/``: the indicator — Rijk figure, trend chart with its text
  alternative, the table of every ministry over the published years, categories;
- ``/indicator/ID/Y/M/``: one ministry's figure (SPEC §6's permanent URL);
- ``/ministry/M/Y/``: the table of a ministry, every indicator in year Y;
- ``/data/``: downloads, versions and corrections of the open data.

Every page is a file; links between them are relative and name the file
(``…/index.html``), so the site works as plain files with no server (SPEC §6 "the
static output stands alone"). The permanent URLs under a public base URL are
``permalink``'s; those of the open data are ``jbr.publish.urls``'.
"""

from __future__ import annotations


def page_path(kind: str, lang: str, *parts: str | int) -> str:
    """The URL path of a page, ending in ``/``: ``/indicator/ID/2023/FIN/``, ``/en/year/2023/``."""
    prefix = "" if lang == "nl" else "/en"  # a URL segment, not a text: Dutch at the root
    tail = "/".join(str(p) for p in parts)
    if kind == "home":
        return prefix + "/"
    return f"{prefix}/{kind}/{tail}/" if tail else f"{prefix}/{kind}/"


def other_lang(path: str, lang: str) -> str:
    """The same page in the other language (``/en/year/2023/`` ↔ ``/year/2023/``)."""
    return path[3:] or "/" if lang == "en" else "/en" + path  # the /en/ segment, not a text


def other_language(lang: str) -> str:
    """The language the language switch offers (a language code, not a text)."""
    return next(code for code in ("nl", "en") if code != lang)


def to_root(from_path: str) -> str:
    """The way from a page's folder (``/a/b/``) up to the site's root (``""`` at ``/``)."""
    return "../" * (from_path.count("/") - 1)


def relative(from_path: str, to_path: str) -> str:
    """A link from one page to another (or to a file of the site) that works on any host
    and from file:// with no server: up to the folder both share, then down; a page (a
    path ending in ``/``) is named by its file, ``index.html``, which a browser reading
    files does not add by itself.

    ``from_path`` is a page's (it ends in ``/``). Some 250,000 links per build: the
    shared folder is found by comparing whole folder names in place, with no lists."""
    shared = 0  # the "/" that ends the folder both paths share
    while (end := from_path.find("/", shared + 1)) > 0 and to_path.startswith(
        from_path[shared : end + 1], shared
    ):
        shared = end
    way = "../" * from_path.count("/", shared + 1) + to_path[shared + 1 :]
    return way + "index.html" if to_path.endswith("/") else way


def download_stem(lang: str, key: str) -> str:
    """Where a table's downloads live: ``downloads/<lang>/<key>/<name>`` (+ ``.csv`` ...);
    ``key`` is ``indicator/ID``, ``indicator/ID/categories``, ``year/Y`` or ``ministry/M``,
    so a year-specific table has its year as a path segment (the server's embargo rule)."""
    parts = key.split("/")
    name = "-".join(["jbr", *parts[1:]]) if parts[0] != "indicator" else "-".join(parts[1:])
    return f"downloads/{lang}/{key}/{name}"


def permalink(base_url: str | None, path: str) -> str:
    """A page's permanent URL as the page names it: absolute under the public base URL,
    else the page's path (every URL relative, SPEC §6 "the static output stands alone")."""
    return base_url + path if base_url else path
