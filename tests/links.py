"""A link checker for what ``jbr build`` writes (SPEC §6 "the static output stands alone").

It reads the output folder as a browser on ``file://`` would, with no server:

- every ``href`` and ``src`` of every HTML page (``site/`` and the publications at the
  top of ``OUT``) must name a file the build wrote (a folder: its ``index.html``), and
  a ``#fragment`` must be an ``id`` (or ``<a name>``) in that page;
- every URL in the open data (``url`` columns of the CSVs, ``path``/``homepage``/``id``
  of ``datapackage.json``, the IRIs of ``dcat.jsonld``) must do the same, relative to
  the file it is in, or under ``base_url`` when one is configured (``BASE/X`` is
  ``site/X``, ``BASE/opendata/X`` is ``opendata/X``, as ``jbr serve`` lays them out);
- no URL names a development host (127.0.0.1, localhost), with or without a base URL.

Links to other sites (a licence, a vocabulary) are counted, not followed.
"""

from __future__ import annotations

import csv
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urldefrag, urlsplit

import lxml.etree
import lxml.html

DEVELOPMENT_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "[::1]", "::1"}
PUBLICATIONS = ("rapport.html", "publieksversie.html", "kamerbrief.html")
LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")}
JSON_URL_KEYS = {"path", "homepage", "id", "@id", "url"}
# LINK_ATTRS and the ids as XPath, run by libxml2: an attribute comes in document order
# (after its element, before the element's children), as a walk over the elements meets it.
_LINKS = lxml.etree.XPath(
    " | ".join(f"//{tag}/@{name}" for tag, name in sorted(LINK_ATTRS)), smart_strings=False
)
_IDS = lxml.etree.XPath("//@id | //a/@name", smart_strings=False)
# lxml's HTML parser (libxml2): the same tags and attributes as html.parser, with entities
# decoded, at a tenth of its time on the demo's ~14.000 pages; lxml.etree's elements, not
# lxml.html's (whose class a Python function picks for every element), and no table of
# ids for XPath's id() (the ids are read from the attributes).
_PARSER = lxml.etree.HTMLParser(collect_ids=False)


class _Page:
    """The links (in document order) and the ids of one HTML page."""

    def __init__(self, html: str) -> None:
        self.links: list[str] = []
        self.ids: set[str] = set()
        if not html.strip():
            return
        root = lxml.html.document_fromstring(html, parser=_PARSER)
        self.links = _LINKS(root)
        self.ids = set(_IDS(root))


class _Relative(NamedTuple):
    """What a relative URL says whatever page holds it."""

    path: str | None  # unquoted; None: the page itself
    fragment: str
    folder: bool  # the path ends in "/"


@dataclass
class Broken:
    source: str  # the file holding the link, relative to OUT
    url: str
    reason: str


@dataclass
class Report:
    checked: int = 0
    external: int = 0
    broken: list[Broken] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.checked} links checked, {self.external} to other sites, "
            f"{len(self.broken)} broken"
        )


class LinkChecker:
    def __init__(self, out: Path, base_url: str | None = None) -> None:
        self.out = out.resolve()
        self.base_url = base_url.rstrip("/") if base_url else None
        self.report = Report()
        self._pages: dict[Path, _Page] = {}
        # what _read made of a URL: the demo's ~580.000 links are some 45.000 URLs
        self._urls: dict[str, tuple[Path | None, str, str] | _Relative] = {}
        # what _existing found: the site's pages link to the same few thousand files
        # ~100.000 times, and the output does not change while one checker runs
        self._found: dict[tuple[str, bool], Path | None] = {}

    # -- reading

    def page(self, file: Path) -> _Page:
        if file not in self._pages:
            self._pages[file] = _Page(file.read_text(encoding="utf-8"))
        return self._pages[file]

    # -- resolving

    def target(self, source: Path, url: str) -> tuple[Path | None, str, str]:
        """(file, fragment, reason) for ``url`` found in ``source``; file None = broken."""
        return self._target(source, str(source.parent), url)

    def _target(self, source: Path, folder: str, url: str) -> tuple[Path | None, str, str]:
        """``target``, with ``folder`` = ``str(source.parent)`` worked out once a page."""
        meaning = self._urls.get(url)
        if meaning is None:
            meaning = self._urls[url] = self._read(url)
        if not isinstance(meaning, _Relative):
            return meaning
        path = meaning.path
        if path is None:
            return source, meaning.fragment, ""
        # str(Path(folder) / path) as a string: an absolute path replaces the folder;
        # normpath then does what pathlib's parsing does (".", "//", a trailing "/") and more
        if not path.startswith("/"):
            path = (folder if folder.endswith("/") else folder + "/") + path
        return self._existing(posixpath.normpath(path), meaning.folder), meaning.fragment, ""

    def _read(self, url: str) -> tuple[Path | None, str, str] | _Relative:
        """The answer for a URL that does not depend on the page holding it (another site,
        a development host, a URL under the base URL), or what a relative URL says."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            host = parts.netloc.split("@")[-1].rsplit(":", 1)[0] if parts.netloc else ""
            if host in DEVELOPMENT_HOSTS or parts.netloc in DEVELOPMENT_HOSTS:
                return None, "", "development host"
            if not self.base_url or not url.startswith(self.base_url + "/"):
                return None, "", "external"
            rest = urlsplit(url[len(self.base_url) :])
            path = unquote(rest.path).lstrip("/")
            root = self.out / "site"
            if path == "opendata" or path.startswith("opendata/"):
                root, path = self.out, path
            file = posixpath.normpath(str(root / path)) if path else str(root)
            return self._existing(file, rest.path.endswith("/") or not path), rest.fragment, ""
        if parts.scheme or url.startswith("//"):
            return None, "", "external"  # mailto:, data:, another site
        path, fragment = urldefrag(url)
        return _Relative(unquote(path) if path else None, fragment, path.endswith("/"))

    def _existing(self, file: str, folder: bool) -> Path | None:
        key = (file, folder)
        if key not in self._found:
            self._found[key] = self._look(Path(file), folder)
        return self._found[key]

    def _look(self, file: Path, folder: bool) -> Path | None:
        if not file.is_relative_to(self.out):
            return None
        if folder or file.is_dir():
            file = file / "index.html"
        return file if file.is_file() and file.stat().st_size > 0 else None

    def check(self, source: Path, url: str) -> None:
        self._check(source, str(source.parent), str(source.relative_to(self.out)), url)

    def _check(self, source: Path, folder: str, where: str, url: str) -> None:
        """``check``, with the source's folder and name worked out once a page."""
        file, fragment, reason = self._target(source, folder, url)
        if reason == "external":
            self.report.external += 1
            return
        self.report.checked += 1
        if file is None:
            self.report.broken.append(Broken(where, url, reason or "no such file"))
        elif fragment and file.suffix == ".html" and fragment not in self.page(file).ids:
            self.report.broken.append(Broken(where, url, f"no id {fragment!r} in the page"))

    # -- what is checked

    def html_files(self) -> Iterator[Path]:
        for name in PUBLICATIONS:
            if (self.out / name).exists():
                yield self.out / name
        yield from sorted((self.out / "site").rglob("*.html"))

    def opendata_urls(self) -> Iterator[tuple[Path, str]]:
        folder = self.out / "opendata"
        for file in sorted(folder.rglob("*.csv")):
            with file.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    if row.get("url"):
                        yield file, row["url"]
        for file in [*folder.rglob("datapackage.json"), *folder.rglob("*.jsonld")]:
            for url in json_urls(json.loads(file.read_text(encoding="utf-8"))):
                yield file, url

    def run(self) -> Report:
        for file in self.html_files():
            folder, where = str(file.parent), str(file.relative_to(self.out))
            for url in self.page(file).links:
                self._check(file, folder, where, url)
        sources: dict[Path, tuple[str, str]] = {}
        for file, url in self.opendata_urls():
            if file not in sources:
                sources[file] = str(file.parent), str(file.relative_to(self.out))
            self._check(file, *sources[file], url)
        return self.report


def json_urls(node: object, key: str = "") -> Iterator[str]:
    """The URL-valued members of a Data Package or JSON-LD record: ``path``, ``homepage``,
    ``id``, ``@id`` (not blank nodes), ``xsd:anyURI`` literals; vocabulary IRIs included
    (they are counted as external)."""
    if isinstance(node, dict):
        if node.get("@type") == "xsd:anyURI" and isinstance(node.get("@value"), str):
            yield node["@value"]
        for k, v in node.items():
            if k == "@context":
                continue
            yield from json_urls(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from json_urls(v, key)
    elif isinstance(node, str) and key in JSON_URL_KEYS and not node.startswith("_:"):
        yield node


def empty_files(out: Path) -> list[Path]:
    """Files under ``site/`` and ``opendata/`` with no content (hidden ones included)."""
    return [
        f
        for folder in ("site", "opendata")
        for f in sorted((out / folder).rglob("*"))
        if f.is_file() and f.stat().st_size == 0
    ]


def figure_urls_without_page(out: Path, base_url: str | None = None) -> list[str]:
    """The ``url`` of ``opendata/figures.csv`` that no written page answers."""
    checker = LinkChecker(out, base_url)
    source = out / "opendata" / "figures.csv"
    with source.open(encoding="utf-8", newline="") as f:
        urls = sorted({row["url"] for row in csv.DictReader(f)})
    missing = []
    for url in urls:
        file, fragment, _reason = checker.target(source, url)
        if file is None or (fragment and fragment not in checker.page(file).ids):
            missing.append(url)
    return missing


if __name__ == "__main__":  # python -m tests.links OUT [BASE_URL]
    import sys
    from collections import Counter

    out = Path(sys.argv[1])
    base = sys.argv[2] if len(sys.argv) > 2 else None
    report = LinkChecker(out, base).run()
    print(report.summary())
    print("reasons:", Counter(b.reason for b in report.broken).most_common())
    print(
        "targets:",
        Counter(
            b.url.split("#")[0].rstrip("/").rsplit("/", 2)[-2] if "/" in b.url else b.url
            for b in report.broken
        ).most_common(8),
    )
    for b in report.broken[:10]:
        print(" ", b.source, b.url, b.reason)
    print("figure URLs without a page:", len(figure_urls_without_page(out, base)))
    print("empty files:", len(empty_files(out)))
