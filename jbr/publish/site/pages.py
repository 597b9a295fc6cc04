"""The site's overview pages: the Rijk's year (``/``, ``/year/Y/``), a ministry's table
(``/ministry/M/Y/``), the open data (``/data/``), and the home page before anything is
published. The indicator's own pages are ``indicator_pages``'.
"""

from __future__ import annotations

from ...indicators import DOMAINS
from ..words import domain_name
from .layout import base_context, cell_view, download_links, year_links
from .model import Site
from .templates import Page
from .urls import other_lang, other_language, page_path, relative, to_root
from .words import FILE_TITLES, WORDS, ministry_name


def overview_page(site: Site, lang: str, year: int, home: bool = False) -> Page:
    """Every area's indicators for the Rijk in ``year`` (with ``home``: the home page)."""
    w = WORDS[lang]
    path = page_path("home", lang) if home else page_path("year", lang, year)
    title = f"{w['overview']} {year}"
    ctx = base_context(site, path, lang, title)
    figs = site.figures[lang]
    domains = []
    for domain in DOMAINS:
        rows = []
        for ind in (i for i in site.indicators if i.domain == domain):
            f = figs.get(ind.id, year)
            if f is None:
                continue
            rows.append(
                {
                    "ind": ind,
                    "label": ind.name(lang, year),
                    "href": relative(path, page_path("indicator", lang, ind.id, year)),
                    "figure": f,
                    "previous": figs.get(ind.id, year - 1),
                }
            )
        if rows:
            domains.append({"id": domain, "name": domain_name(domain, lang), "rows": rows})
    ctx.update(
        year=year,
        domains=domains,
        years=year_links(site, lambda y: page_path("year", lang, y), path, year, bool),
        ministry_links=[
            {
                "text": f"{m} – {ministry_name(m, lang)}",
                "href": relative(path, page_path("ministry", lang, m, year)),
                "current": False,
            }
            for m in site.ministries.get(year, [])
        ],
        downloads=download_links(site, lang, path, f"year/{year}"),
        corrections=site.corrections(year),
    )
    return Page(path, lang, "overview.html.j2", ctx, title)


def ministry_page(site: Site, lang: str, ministry: str, year: int) -> Page:
    """The table of one ministry: every indicator over the years, ``year`` highlighted."""
    w = WORDS[lang]
    path = page_path("ministry", lang, ministry, year)
    name = ministry_name(ministry, lang)
    title = f"{name} {year}"
    ctx = base_context(site, path, lang, title)
    figs = site.figures[lang]
    years = sorted(site.years, reverse=True)
    domains = []
    for domain in DOMAINS:
        rows = []
        for ind in (i for i in site.indicators if i.domain == domain):
            cells = [figs.get(ind.id, y, ministry) for y in years]
            if all(c is None for c in cells):
                continue
            f = figs.get(ind.id, year, ministry)
            # the ministry's figure page of this year, or of the latest year it has one
            shown = year if f else next(y for y, c in zip(years, cells, strict=True) if c)
            rows.append(
                {
                    "label": ind.name(lang),
                    "unit": figs.table_unit(ind.id) if ind.unit_en != "year" else "",
                    "href": relative(path, page_path("indicator", lang, ind.id, shown, ministry)),
                    "cells": [cell_view(c, y == year) for c, y in zip(cells, years, strict=True)],
                    "figure": f,
                }
            )
        if rows:
            domains.append({"id": domain, "name": domain_name(domain, lang), "rows": rows})
    ctx.update(
        year=year,
        years_header=years,
        ministry=ministry,
        ministry_name=name,
        domains=domains,
        years=year_links(
            site,
            lambda y: page_path("ministry", lang, ministry, y),
            path,
            year,
            lambda y: ministry in site.ministries.get(y, []),
        ),
        ministry_links=[
            {
                "text": w["all_ministries"],
                "href": relative(path, page_path("year", lang, year)),
                "current": False,
                "group": w["rijk"],  # <optgroup> of the enhanced filter
            }
        ]
        + [
            {
                "text": f"{m} – {ministry_name(m, lang)}",
                "href": relative(path, page_path("ministry", lang, m, year)),
                "current": m == ministry,
                "group": w["ministries"],
            }
            for m in site.ministries.get(year, [])
        ],
        downloads=download_links(site, lang, path, f"ministry/{ministry}"),
        corrections=site.corrections(year),
    )
    return Page(path, lang, "ministry.html.j2", ctx, title)


def data_page(site: Site, lang: str) -> Page:
    """The open data: its files, its versions and their corrections."""
    w = WORDS[lang]
    path = page_path("data", lang)
    ctx = base_context(site, path, lang, w["data"])
    root = to_root(path) + "../opendata/"
    ctx.update(
        releases=list(reversed(site.published.releases)),
        version=site.published.version,
        files=[
            {"name": FILE_TITLES[lang].get(n, n), "href": root + n}
            for n in (
                "figures.csv", "figures.parquet", "indicators.csv", "indicators.parquet",
                "ministries.csv", "ministries.parquet", "datapackage.json", "dcat.jsonld",
            )
        ],
        version_href=lambda n: f"{root}versions/{n}/",
    )  # fmt: skip
    return Page(path, lang, "data.html.j2", ctx, w["data"])


def empty_page(lang: str) -> Page:
    """The home page of a site with nothing published yet."""
    w = WORDS[lang]
    path = page_path("home", lang)
    ctx = {
        "lang": lang, "w": w, "title": w["site"], "path": path,
        "link": lambda to: relative(path, to),
        "asset": lambda name: relative(path, f"/assets/{name}"),
        "other_lang_href": relative(path, other_lang(path, lang)),
        "other_lang": other_language(lang),
        "home": relative(path, path), "ministries_home": relative(path, path),
        "data_page": relative(path, path), "permalink": path,
        "permalink_href": relative(path, path), "suppression_note": "",
    }  # fmt: skip
    return Page(path, lang, "empty.html.j2", ctx, w["site"])
