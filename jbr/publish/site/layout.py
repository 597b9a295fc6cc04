"""What every page of the site shares: the frame around its content (menu, language
switch, permanent link), the year filter, the download links and the table cells; and a
filter that many pages share, rendered once and marked per page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from ..figures import Figure, suppression_note
from .model import Site
from .templates import environment
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
    site: Site, path_of: Callable[[int], str], here: str, year: int, exists: Callable[[int], bool]
) -> list[Link]:
    """The year filter: a link to each published year that has this page."""
    return [
        Link(str(y), relative(here, path_of(y)), y == year)
        for y in sorted(site.years, reverse=True)
        if y == year or exists(y)
    ]


def sibling_year_filter(
    site: Site,
    lang: str,
    siblings: tuple,
    path_of: Callable[[int], str],
    year: int,
    exists: Callable[[int], bool],
) -> Markup:
    """The year filter (``year_links``) as HTML, of a page that is one of a set of
    ``siblings`` (a key, e.g. the figure's), one per year, whose paths differ in their year
    only (``path_of(y)``; ``exists`` holds for each). A link to a year reads the same from
    each of them but from that year's own page (``index.html``), so the filter is rendered
    once per set (some 1,100 sets of up to 8 pages per language) and marked per page."""

    def unmarked() -> tuple[Markup, dict[int, str]]:
        shown = [y for y in sorted(site.years, reverse=True) if exists(y)]
        # each link as another year's page has it
        hrefs = {
            y: relative(path_of(shown[0] if y != shown[0] else shown[-1]), path_of(y))
            for y in shown
        }
        links = [Link(str(y), href) for y, href in hrefs.items()]
        return filter_nav("f-year", WORDS[lang]["year"], links), hrefs

    nav, hrefs = site.once(("year-filter", lang, *siblings), unmarked)
    return mark_current(nav, hrefs[year], "index.html")


def filter_nav(name: str, label: str, links: list[Link]) -> Markup:
    """A filter (``macros.filter``: a list of links, a select box with ``site.js``) as
    HTML, for a filter that many pages share (see ``mark_current``)."""
    macros = environment().get_template("macros.html.j2").module
    return macros.filter(name, label, links)  # type: ignore[attr-defined,no-any-return]


def mark_current(nav: Markup, href: str, own: str | None = None) -> Markup:
    """A ``filter_nav`` shared by many pages, with the link to ``href`` marked as the page's
    own (``aria-current``), and named ``own`` when the page names itself otherwise."""
    anchor = f'<a href="{escape(href)}">'
    marked = f'<a href="{escape(own or href)}" aria-current="page">'
    return Markup(str(nav).replace(anchor, marked, 1))  # noqa: S704 (the macro's escaped output)


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
