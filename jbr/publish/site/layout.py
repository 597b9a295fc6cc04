"""What every page of the site shares: the frame around its content (menu, language
switch, permanent link), the year filter, the download links and the table cells."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..figures import Figure, suppression_note
from .model import Site
from .urls import (
    download_stem,
    other_lang,
    other_language,
    page_path,
    permalink,
    relative,
    to_root,
)
from .words import WORDS


class Link(NamedTuple):
    """A link of a filter or menu (a tuple: cheap to make, by attribute in a template)."""

    text: str
    href: str
    current: bool = False
    group: str = ""  # the <optgroup> of the enhanced filter (Rijk / Ministeries)


class CellView(NamedTuple):
    """A table cell as a page shows it: the figure's text, marked when suppressed."""

    text: str
    suppressed: bool
    current: bool
    status: Figure | None


def base_context(site: Site, path: str, lang: str, title: str) -> dict[str, Any]:
    """The context every page's frame reads: words, links relative to ``path``, menu,
    language switch and permanent link."""

    def link(to: str) -> str:
        return relative(path, to)

    return {
        "lang": lang,
        "w": WORDS[lang],
        "title": title,
        "path": path,
        "link": link,
        "asset": lambda name: relative(path, f"/assets/{name}"),
        "opendata": lambda name="": to_root(path) + "../opendata/" + name,
        "other_lang_href": link(other_lang(path, lang)),
        "other_lang": other_language(lang),
        "home": link(page_path("home", lang)),
        "ministries_home": _ministries_home(site, lang, path),
        "data_page": link(page_path("data", lang)),
        "permalink": permalink(site.base_url, path),
        "permalink_href": permalink(site.base_url, path) if site.base_url else link(path),
        "suppression_note": suppression_note(lang),
    }


def _ministries_home(site: Site, lang: str, path: str) -> str:
    """The menu's "Ministeries": the first ministry's page of the latest year."""
    latest = site.ministries.get(max(site.years), []) if site.years else []
    to = (
        page_path("ministry", lang, latest[0], max(site.years))
        if latest
        else page_path("home", lang)
    )
    return relative(path, to)


def year_links(
    site: Site,
    path_of: Callable[[int], str],
    here: str,
    year: int,
    exists: Callable[[int], bool],
    siblings: tuple | None = None,
) -> list[Link]:
    """The year filter: a link to each published year that has this page.

    ``siblings`` names a set of pages, one per year, whose paths differ in their year only
    (``here`` is ``path_of(year)``, and ``exists`` holds for each): a link to a year reads
    the same from each of them but that year's own page (``index.html``), so the links are
    made once per set (some 7,000 figure pages per language)."""
    if siblings is None:
        return [
            Link(str(y), relative(here, path_of(y)), y == year)
            for y in sorted(site.years, reverse=True)
            if y == year or exists(y)
        ]

    def links() -> list[tuple[int, str, str]]:
        shown = [y for y in sorted(site.years, reverse=True) if exists(y)]
        # each link as another year's page has it (only its own page differs)
        return [
            (y, str(y), relative(path_of(shown[0] if y != shown[0] else shown[-1]), path_of(y)))
            for y in shown
        ]

    targets = site.once(("years", *siblings), links)
    return [
        Link(text, "index.html", True) if y == year else Link(text, href)
        for y, text, href in targets
    ]


def download_links(site: Site, lang: str, path: str, key: str) -> list[dict[str, str]]:
    """The links to a table's downloads (CSV, XLSX, ODS) from the page at ``path``; none
    when the table has no downloads (see ``urls.download_stem``)."""
    if (lang, key) not in site.downloads:
        return []
    stem = download_stem(lang, key)
    return [
        {"format": fmt.upper(), "href": to_root(path) + f"{stem}.{fmt}"}
        for fmt in ("csv", "xlsx", "ods")
    ]


def cell_view(f: Figure | None, current: bool) -> CellView:
    """A figure as a table cell of a page (empty when there is no figure)."""
    if f is None:
        return CellView("", False, current, None)
    return CellView(f.text, f.suppressed, current, f)
