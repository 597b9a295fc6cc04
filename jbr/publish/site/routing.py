"""Which pages the site has, and which page a URL path is: ``all_pages`` (what the build
writes) and ``render_path`` (what a server renders on request, the same HTML).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...codelists import RIJK
from ...indicators import by_id
from .indicator_pages import figure_page, indicator_page
from .model import Site
from .pages import data_page, empty_page, ministry_page, overview_page
from .templates import Page, render
from .words import LANGS


def all_pages(site: Site) -> Iterator[Page]:
    """Every page the static site holds, for both languages: the overviews, the ministries,
    each indicator's Rijk page and each ministry's figure page (``figure_page``)."""
    for lang in LANGS:
        if not site.years:
            yield empty_page(lang)
            continue
        latest = max(site.years)
        yield overview_page(site, lang, latest, home=True)
        yield data_page(site, lang)
        for year in site.years:
            yield overview_page(site, lang, year)
            for m in site.ministries.get(year, []):
                yield ministry_page(site, lang, m, year)
        for ind in site.indicators:
            for year in site.years:
                for code in site.index.get((ind.id, year), []):
                    if code == RIJK:
                        yield indicator_page(site, lang, ind, year)
                    else:
                        yield figure_page(site, lang, ind, year, code)


def render_path(site: Site, path: str) -> str | None:
    """The HTML of the page at URL ``path`` (as the static site has it), or None."""
    parts = [p for p in path.split("/") if p]
    lang = "nl"
    if parts[:1] == ["en"]:
        lang, parts = "en", parts[1:]
    if not site.years:
        return render(empty_page(lang)) if not parts else None
    try:
        if not parts:
            return render(overview_page(site, lang, max(site.years), home=True))
        kind, rest = parts[0], parts[1:]
        if kind == "data" and not rest:
            return render(data_page(site, lang))
        if kind == "year" and len(rest) == 1 and int(rest[0]) in site.years:
            return render(overview_page(site, lang, int(rest[0])))
        if (
            kind == "ministry"
            and len(rest) == 2
            and rest[0] in site.ministries.get(int(rest[1]), [])
        ):
            return render(ministry_page(site, lang, rest[0], int(rest[1])))
        if kind == "indicator" and len(rest) in (2, 3) and rest[0] in by_id():
            year = int(rest[1])
            ministry = rest[2] if len(rest) == 3 else RIJK
            if ministry not in site.index.get((rest[0], year), []):
                return None
            ind = by_id()[rest[0]]
            if ministry == RIJK:
                return render(indicator_page(site, lang, ind, year))
            return render(figure_page(site, lang, ind, year, ministry))
    except ValueError:
        return None
    return None
