"""``site/``: the static dashboard (SPEC §6, issue 8).

Only published figures (the store's publication snapshots, ``opendata.from_store``)
reach the site: a year under embargo has no page, no table cell and no chart point.
Pages (Dutch at ``/``, English under ``/en/``, the same paths):

- ``/`` and ``/year/Y/``: every area's indicators for the Rijk in year Y;
- ``/indicator/ID/Y/``: the indicator — Rijk figure, trend chart with its text
  alternative, the table of every ministry over the published years, categories;
- ``/indicator/ID/Y/M/``: one ministry's figure (SPEC §6's permanent URL);
- ``/ministry/M/Y/``: the table of a ministry, every indicator in year Y;
- ``/data/``: downloads, versions and corrections of the open data.

Filters are plain links to these static pages; ``assets/site.js`` turns the link
lists into select boxes. No inline script or style (the server's CSP forbids them).
Rendering is pure (``Site`` in, HTML out) and ``render_path`` renders any page by
its URL path, so a server can render per request as well as serve the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..codelists import RIJK, ministry_by_code
from ..indicators import DOMAINS, Indicator, by_id, catalogue
from .figures import SUPPRESSED_MARK, Figure, PublishedFigures, published_figures, suppression_note
from .opendata import Published, category_anchor
from .tables import Cell, Table

LANGS = ("nl", "en")
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
WORDS = {
    "nl": {
        "site": "Bedrijfsvoering Rijk",
        "tagline": "Cijfers uit de Jaarrapportage Bedrijfsvoering Rijk",
        "skip": "Naar de inhoud",
        "overview": "Overzicht",
        "ministries": "Ministeries",
        "data": "Open data",
        "year": "Jaar",
        "ministry": "Ministerie",
        "rijk": "Rijk",
        "indicator": "Indicator",
        "value": "Waarde",
        "target": "Doel",
        "status": "Status",
        "previous": "Vorig jaar",
        "category": "Categorie",
        "download": "Download de tabel",
        "chart": "Grafiek",
        "text_alt": "Tekstalternatief",
        "definition": "Definitie",
        "formula": "Formule",
        "unit": "Eenheid",
        "sources": "Bronnen",
        "notes": "Voetnoten",
        "correction": "Gecorrigeerd",
        "version": "versie",
        "permalink": "Permanente link",
        "other_lang": "English",
        "filters": "Filters",
        "all_ministries": "Alle ministeries (Rijk)",
        "nothing": "Er zijn nog geen cijfers gepubliceerd.",
        "domain": "Onderdeel",
        "go": "Toon",
        "full_table": "De volledige tabel (alle ministeries)",
        "per_ministry": "per ministerie",
        "by_category": "naar categorie",
        "no_chart": "Te weinig gepubliceerde jaren voor een grafiek.",
        "versions": "Versies",
        "date": "Datum",
        "published_year": "gepubliceerd jaar",
        "corrected_year": "correctie van",
        "files": "Bestanden",
        "licence": "Licentie: CC0 1.0 (publiek domein). Metadata: DCAT-AP-DONL.",
    },
    "en": {
        "site": "Central government operations",
        "tagline": "Figures from the annual operations report of Dutch central government",
        "skip": "Skip to content",
        "overview": "Overview",
        "ministries": "Ministries",
        "data": "Open data",
        "year": "Year",
        "ministry": "Ministry",
        "rijk": "Central government",
        "indicator": "Indicator",
        "value": "Value",
        "target": "Target",
        "status": "Status",
        "previous": "Previous year",
        "category": "Category",
        "download": "Download the table",
        "chart": "Chart",
        "text_alt": "Text alternative",
        "definition": "Definition",
        "formula": "Formula",
        "unit": "Unit",
        "sources": "Sources",
        "notes": "Notes",
        "correction": "Corrected",
        "version": "version",
        "permalink": "Permanent link",
        "other_lang": "Nederlands",
        "filters": "Filters",
        "all_ministries": "All ministries (central government)",
        "nothing": "No figures have been published yet.",
        "domain": "Area",
        "go": "Show",
        "full_table": "The full table (all ministries)",
        "per_ministry": "by ministry",
        "by_category": "by category",
        "no_chart": "Too few published years for a chart.",
        "versions": "Versions",
        "date": "Date",
        "published_year": "published year",
        "corrected_year": "correction of",
        "files": "Files",
        "licence": "Licence: CC0 1.0 (public domain). Metadata: DCAT-AP-DONL.",
    },
}


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jbr.publish", "templates/site"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package data: no stat() per page
    )
    env.globals["SUPPRESSED_MARK"] = SUPPRESSED_MARK
    env.globals["with_unit_title"] = with_unit_title
    return env


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


# ---------------------------------------------------------------- paths


def page_path(kind: str, lang: str, *parts: str | int) -> str:
    """The URL path of a page, ending in ``/``: ``/indicator/ID/2023/FIN/``, ``/en/year/2023/``."""
    prefix = "" if lang == "nl" else "/en"
    tail = "/".join(str(p) for p in parts)
    if kind == "home":
        return prefix + "/"
    return f"{prefix}/{kind}/{tail}/" if tail else f"{prefix}/{kind}/"


def other_lang(path: str, lang: str) -> str:
    return path[3:] or "/" if lang == "en" else "/en" + path


def relative(from_path: str, to_path: str) -> str:
    """A link from one page directory to another that works on any host and from file://."""
    depth = from_path.strip("/").count("/") + (1 if from_path.strip("/") else 0)
    target = to_path.lstrip("/")
    return "../" * depth + target if (depth or target) else "./"


# ---------------------------------------------------------------- the data a site shows


@dataclass
class Site:
    """Everything the pages show: published figures per language, releases, base URL."""

    published: Published
    figures: dict[str, PublishedFigures]
    base_url: str = DEFAULT_BASE_URL
    charts: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)
    # the (language, table key)s that have downloads (see download_stem)
    downloads: set[tuple[str, str]] = field(default_factory=set)

    @property
    def years(self) -> list[int]:
        return self.published.years

    @property
    def any_figures(self) -> PublishedFigures:
        """The figures of one language (which ones exist is the same in every language)."""
        return next(iter(self.figures.values()))

    @cached_property
    def indicators(self) -> list[Indicator]:
        """Catalogue indicators with at least one published figure, in catalogue order."""
        present = {f.indicator for f in self.any_figures}
        return [i for i in catalogue() if i.id in present]

    @cached_property
    def ministries(self) -> dict[int, list[str]]:
        """Per year: the ministry codes with any published figure (RIJK left out)."""
        out: dict[int, set[str]] = {}
        for f in self.any_figures:
            if f.ministry != RIJK:
                out.setdefault(f.year, set()).add(f.ministry)
        return {y: sorted(ms) for y, ms in out.items()}

    @cached_property
    def all_ministries(self) -> list[str]:
        return sorted({m for ms in self.ministries.values() for m in ms})

    @cached_property
    def index(self) -> dict[tuple[str, int], list[str]]:
        """(indicator, year) → ministries with a figure (a total or categories), RIJK first.
        A year of an indicator with any figure has a Rijk page, even if only ministries have
        categories (e.g. ICT projects)."""
        out: dict[tuple[str, int], set[str]] = {}
        for f in self.any_figures:
            out.setdefault((f.indicator, f.year), {RIJK}).add(f.ministry)
        return {k: sorted(v, key=lambda m: (m != RIJK, m)) for k, v in out.items()}

    @cached_property
    def categories(self) -> dict[tuple[str, int, str], list[str]]:
        """(indicator, year, ministry) → the categories of a broken-down indicator."""
        out: dict[tuple[str, int, str], set[str]] = {}
        for f in self.any_figures:
            if f.breakdown is not None:
                out.setdefault((f.indicator, f.year, f.ministry), set()).add(f.breakdown)
        return {k: sorted(v) for k, v in out.items()}

    def corrections(self, year: int) -> list[Any]:
        return self.published.corrections(year)


def ministry_name(code: str, lang: str) -> str:
    if code == RIJK:
        return WORDS[lang]["rijk"]
    m = ministry_by_code().get(code)
    return m.name(lang) if m else code


def build_site(published: Published, base_url: str = DEFAULT_BASE_URL) -> Site:
    values = published.as_of()
    if not values:
        return Site(published, {lang: PublishedFigures(lang, 0, []) for lang in LANGS}, base_url)
    figures = {lang: published_figures(values, max(values), lang) for lang in LANGS}
    site = Site(published, figures, base_url)
    site.downloads = set(table_keys(site))
    site.charts = chart_files(site)
    return site


def _charts_version() -> str:
    """A chart depends on charts.py too: its source is part of every chart's key."""
    source = resources.files("jbr.publish").joinpath("charts.py").read_bytes()
    return hashlib.sha256(source).hexdigest()[:12]


def chart_files(site: Site) -> dict[tuple[str, str], tuple[str, str] | None]:
    """Per (language, indicator): the Rijk trend's image file and its text alternative.

    The file is named after a hash of what the chart shows (and of charts.py), so an
    unchanged chart keeps its name from build to build and is drawn once.
    """
    from .charts import trend_text

    version = _charts_version()
    out: dict[tuple[str, str], tuple[str, str] | None] = {}
    for lang in LANGS:
        for ind in site.indicators:
            series = site.figures[lang].series(ind.id)
            if sum(f.value is not None for f in series) < 2:
                out[(lang, ind.id)] = None  # a single point is no trend (charts.trend_chart)
                continue
            content = repr((version, lang, ind.id, ind.label(lang), [
                (f.year, f.value, f.text, f.with_unit, f.target, f.target_text, f.status,
                 f.suppressed)
                for f in series
            ]))  # fmt: skip
            key = hashlib.sha256(content.encode()).hexdigest()[:20]
            out[(lang, ind.id)] = (
                f"assets/charts/{key}.svg",
                trend_text(ind.label(lang), series, lang),
            )
    return out


def table_keys(site: Site) -> Iterator[tuple[str, str]]:
    """(language, key) of every table the site offers as a download."""
    for lang in LANGS:
        for ind in site.indicators:
            yield lang, f"indicator/{ind.id}"
            if category_pairs(site, ind):
                yield lang, f"indicator/{ind.id}/categories"
        for year in site.years:
            yield lang, f"year/{year}"
        for m in site.all_ministries:
            yield lang, f"ministry/{m}"


def download_table(site: Site, lang: str, key: str) -> Table:
    """The table behind a download key (see ``table_keys``)."""
    kind, *rest = key.split("/")
    if kind == "indicator" and len(rest) == 2:
        table = category_table(site, by_id()[rest[0]], lang)
        assert table is not None
        return table
    if kind == "indicator":
        return indicator_table(site, by_id()[rest[0]], lang)
    if kind == "year":
        return year_table(site, lang, int(rest[0]))
    return ministry_table(site, lang, rest[0])


# ---------------------------------------------------------------- tables shown and downloaded


def indicator_table(site: Site, ind: Indicator, lang: str, ministry: str | None = None) -> Table:
    """Rows: the Rijk and every ministry (or one ministry); columns: years, latest first."""
    w = WORDS[lang]
    figs = site.figures[lang]
    years = sorted(site.years, reverse=True)
    codes = sorted(
        {m for y in years for m in site.index.get((ind.id, y), [])}, key=lambda m: (m != RIJK, m)
    )
    if ministry is not None:
        codes = [c for c in codes if c in (RIJK, ministry)]
    rows: list[list[Cell]] = []
    for m in codes:
        row: list[Cell] = [m, ministry_name(m, lang)]
        for y in years:
            f = figs.get(ind.id, y, m)
            row.append(_cell(f))
        rows.append(row)
    unit = ind.unit if lang == "nl" else ind.unit_en
    columns = ["code", w["ministry"], *[str(y) for y in years]]
    return Table(with_unit_title(ind.label(lang), unit), columns, rows)


def with_unit_title(label: str, unit: str) -> str:
    """ "Aantal fte (fte)", but not "Aardgasverbruik (TJ) (TJ)" when the label names it."""
    return label if not unit or f"({unit})" in label else f"{label} ({unit})"


def _cell(f: Figure | None) -> Cell:
    """A published table cell: the public value, or the suppression mark; never the number."""
    if f is None:
        return None
    if f.suppressed:
        return SUPPRESSED_MARK
    return f.value


def category_pairs(site: Site, ind: Indicator, ministry: str = RIJK) -> list[tuple[str, str]]:
    """(ministry, category) rows of a broken-down indicator: the ministry's own categories;
    on the Rijk page each ministry's when the Rijk has none (e.g. ICT projects)."""
    own = {
        (ministry, c) for y in site.years for c in site.categories.get((ind.id, y, ministry), [])
    }
    if own or ministry != RIJK:
        return sorted(own)
    return sorted({(m, c) for (i, _y, m), cs in site.categories.items() if i == ind.id for c in cs})


def category_table(site: Site, ind: Indicator, lang: str, ministry: str = RIJK) -> Table | None:
    pairs = category_pairs(site, ind, ministry)
    if not pairs:
        return None
    years = sorted(site.years, reverse=True)
    figs = site.figures[lang]
    w = WORDS[lang]
    by_ministry = any(m != ministry for m, _ in pairs)
    rows: list[list[Cell]] = []
    for m, c in pairs:
        cells = [_cell(figs.get(f"{ind.id}.{c}", y, m)) for y in years]
        rows.append([m, c, *cells] if by_ministry else [c, *cells])
    title = f"{ind.label(lang)}, {w['by_category']}, {ministry_name(ministry, lang)}"
    head = [w["ministry"], w["category"]] if by_ministry else [w["category"]]
    return Table(title, [*head, *[str(y) for y in years]], rows)


def year_table(site: Site, lang: str, year: int, ministry: str = RIJK) -> Table:
    """Every indicator of one year for the Rijk or a ministry: value, previous year, target."""
    w = WORDS[lang]
    figs = site.figures[lang]
    rows: list[list[Cell]] = []
    for ind in site.indicators:
        f = figs.get(ind.id, year, ministry)
        if f is None:
            continue
        before = figs.get(ind.id, year - 1, ministry)
        rows.append(
            [
                DOMAINS[ind.domain][0 if lang == "nl" else 1],
                ind.id,
                ind.label(lang),
                f.unit,
                _cell(f),
                _cell(before),
                f.target,
                f.status_text or None,
            ]
        )
    columns = [w["domain"], "id", w["indicator"], w["unit"], str(year), str(year - 1)]
    title = f"{ministry_name(ministry, lang)} {year}"
    return Table(title, [*columns, w["target"], w["status"]], rows)


def ministry_table(site: Site, lang: str, ministry: str) -> Table:
    """A ministry's table: every indicator (rows) over the published years, latest first."""
    w = WORDS[lang]
    figs = site.figures[lang]
    years = sorted(site.years, reverse=True)
    rows: list[list[Cell]] = []
    for ind in site.indicators:
        cells = [figs.get(ind.id, y, ministry) for y in years]
        if all(c is None for c in cells):
            continue
        unit = ind.unit if lang == "nl" else ind.unit_en
        domain = DOMAINS[ind.domain][0 if lang == "nl" else 1]
        rows.append([domain, ind.id, ind.label(lang), unit, *[_cell(c) for c in cells]])
    columns = [w["domain"], "id", w["indicator"], w["unit"], *[str(y) for y in years]]
    return Table(ministry_name(ministry, lang), columns, rows)


# ---------------------------------------------------------------- page contexts


@dataclass
class Page:
    path: str  # URL path, ending in /
    lang: str
    template: str
    context: dict[str, Any]
    title: str

    @property
    def file(self) -> str:
        return self.path.lstrip("/") + "index.html"


def _base_context(site: Site, path: str, lang: str, title: str) -> dict[str, Any]:
    def link(to: str) -> str:
        return relative(path, to)

    return {
        "lang": lang,
        "w": WORDS[lang],
        "title": title,
        "path": path,
        "link": link,
        "asset": lambda name: relative(path, f"/assets/{name}"),
        "opendata": lambda name="": relative(path, "/") + "../opendata/" + name,
        "other_lang_href": link(other_lang(path, lang)),
        "other_lang": "en" if lang == "nl" else "nl",
        "home": link(page_path("home", lang)),
        "ministries_home": link(
            page_path("ministry", lang, site.all_ministries[0], max(site.years))
        )
        if site.all_ministries and site.years
        else link(page_path("home", lang)),
        "data_page": link(page_path("data", lang)),
        "permalink": site.base_url + path,
        "suppression_note": suppression_note(lang),
    }


def _year_links(
    site: Site, path_of: Callable[[int], str], here: str, year: int, exists: Callable[[int], bool]
) -> list[dict]:
    """The year filter: a link to each published year that has this page."""
    return [
        {"text": str(y), "href": relative(here, path_of(y)), "current": y == year}
        for y in sorted(site.years, reverse=True)
        if y == year or exists(y)
    ]


def _table_view(
    table: Table, lang: str, highlight: str | None = None, links: dict | None = None
) -> dict[str, Any]:
    """A Table as the template shows it: formatted cells, suppressed marks, no numbers lost."""
    return {
        "title": table.title,
        "columns": table.columns,
        "highlight": highlight,
        "rows": table.rows,
        "links": links or {},
    }


def overview_page(site: Site, lang: str, year: int, home: bool = False) -> Page:
    w = WORDS[lang]
    path = page_path("home", lang) if home else page_path("year", lang, year)
    title = f"{w['overview']} {year}"
    ctx = _base_context(site, path, lang, title)
    figs = site.figures[lang]
    domains = []
    for domain, names in DOMAINS.items():
        rows = []
        for ind in (i for i in site.indicators if i.domain == domain):
            f = figs.get(ind.id, year)
            if f is None:
                continue
            rows.append(
                {
                    "ind": ind,
                    "label": ind.label(lang, year),
                    "href": relative(path, page_path("indicator", lang, ind.id, year)),
                    "figure": f,
                    "previous": figs.get(ind.id, year - 1),
                }
            )
        if rows:
            domains.append({"id": domain, "name": names[0 if lang == "nl" else 1], "rows": rows})
    ctx.update(
        year=year,
        domains=domains,
        years=_year_links(site, lambda y: page_path("year", lang, y), path, year, bool),
        ministry_links=[
            {
                "text": f"{m} – {ministry_name(m, lang)}",
                "href": relative(path, page_path("ministry", lang, m, year)),
                "current": False,
            }
            for m in site.ministries.get(year, [])
        ],
        downloads=_downloads(site, lang, path, f"year/{year}"),
        corrections=site.corrections(year),
    )
    return Page(path, lang, "overview.html.j2", ctx, title)


def download_stem(lang: str, key: str) -> str:
    """Where a table's downloads live: ``downloads/<lang>/<key>/<name>`` (+ ``.csv`` ...);
    ``key`` is ``indicator/ID``, ``indicator/ID/categories``, ``year/Y`` or ``ministry/M``,
    so a year-specific table has its year as a path segment (the server's embargo rule)."""
    parts = key.split("/")
    name = "-".join(["jbr", *parts[1:]]) if parts[0] != "indicator" else "-".join(parts[1:])
    return f"downloads/{lang}/{key}/{name}"


def _downloads(site: Site, lang: str, path: str, key: str) -> list[dict[str, str]]:
    if (lang, key) not in site.downloads:
        return []
    stem = download_stem(lang, key)
    return [
        {"format": fmt.upper(), "href": relative(path, "/") + f"{stem}.{fmt}"}
        for fmt in ("csv", "xlsx", "ods")
    ]


def indicator_page(site: Site, lang: str, ind: Indicator, year: int, ministry: str = RIJK) -> Page:
    w = WORDS[lang]
    figs = site.figures[lang]
    parts: tuple[Any, ...] = (ind.id, year) if ministry == RIJK else (ind.id, year, ministry)
    path = page_path("indicator", lang, *parts)
    name = ministry_name(ministry, lang)
    title = f"{ind.label(lang, year)} – {name} {year}"
    ctx = _base_context(site, path, lang, title)
    figure = figs.get(ind.id, year, ministry)
    rijk = figs.get(ind.id, year, RIJK)
    table = indicator_table(site, ind, lang, None if ministry == RIJK else ministry)
    cats = category_table(site, ind, lang, ministry)
    chart = site.charts.get((lang, ind.id)) if ministry == RIJK else None
    ministries_here = [m for m in site.index.get((ind.id, year), []) if m != RIJK]
    ctx.update(
        ind=ind,
        label=ind.label(lang, year),
        definition=ind.definition(lang),
        unit=ind.unit if lang == "nl" else ind.unit_en,
        domain=DOMAINS[ind.domain][0 if lang == "nl" else 1],
        year=year,
        ministry=ministry,
        ministry_name=name,
        figure=figure,
        rijk=rijk,
        table=_table_view(table, lang, str(year)),
        table_rows=[
            {
                "code": r[0],
                "name": r[1],
                "href": _row_href(path, lang, ind, year, str(r[0]), ministry),
                "cells": [
                    _cell_view(figs.get(ind.id, int(y), str(r[0])), y == str(year))
                    for y in table.columns[2:]
                ],
            }
            for r in table.rows
        ],
        years_header=table.columns[2:],
        categories=_category_view(site, ind, lang, year, ministry, cats),
        chart=chart,
        chart_src=relative(path, "/") + chart[0] if chart else None,
        years=_year_links(
            site,
            lambda y: page_path(
                "indicator", lang, *((ind.id, y) if ministry == RIJK else (ind.id, y, ministry))
            ),
            path,
            year,
            lambda y: ministry in site.index.get((ind.id, y), []),
        ),
        ministry_links=[
            {
                "text": w["all_ministries"],
                "href": relative(path, page_path("indicator", lang, ind.id, year)),
                "current": ministry == RIJK,
                "group": w["rijk"],  # <optgroup> of the enhanced filter
            }
        ]
        + [
            {
                "text": f"{m} – {ministry_name(m, lang)}",
                # static page: jump to the ministry's row; a figure page (rendered by the
                # server) links to the other ministries' figure pages
                "href": f"#m-{m}"
                if ministry == RIJK
                else relative(path, page_path("indicator", lang, ind.id, year, m)),
                "current": m == ministry,
                "group": w["ministries"],
            }
            for m in ministries_here
        ],
        downloads=_downloads(site, lang, path, f"indicator/{ind.id}"),
        category_downloads=_downloads(site, lang, path, f"indicator/{ind.id}/categories")
        if ministry == RIJK
        else [],
        full_table=relative(path, page_path("indicator", lang, ind.id, year))
        if ministry != RIJK
        else None,
        ministry_page=relative(path, page_path("ministry", lang, ministry, year))
        if ministry != RIJK
        else None,
        corrections=site.corrections(year),
        sources=", ".join(ind.sources),
        notes=figure.notes if figure else (),
    )
    return Page(path, lang, "indicator.html.j2", ctx, title)


def _category_view(
    site: Site, ind: Indicator, lang: str, year: int, ministry: str, cats: Table | None
) -> dict[str, Any] | None:
    if cats is None:
        return None
    figs = site.figures[lang]
    pairs = category_pairs(site, ind, ministry)
    by_ministry = any(m != ministry for m, _ in pairs)
    years = sorted(site.years, reverse=True)
    return {
        "title": cats.title,
        "by_ministry": by_ministry,
        "years": [str(y) for y in years],
        "rows": [
            {
                "ministry": m,
                "name": c,
                # a figure's permanent URL points at this row (opendata.figure_path)
                "anchor": category_anchor(c) if not by_ministry else f"m-{m}-{category_anchor(c)}",
                "cells": [_cell_view(figs.get(f"{ind.id}.{c}", y, m), y == year) for y in years],
            }
            for m, c in pairs
        ],
    }


def _row_href(path: str, lang: str, ind: Indicator, year: int, code: str, ministry: str) -> str:
    """A table row's link: on the (static) Rijk page the ministry's own table; on a
    ministry's figure page (rendered on request) the Rijk or that ministry's figure."""
    if ministry == RIJK:
        if code == RIJK:
            return relative(path, page_path("year", lang, year))
        return relative(path, page_path("ministry", lang, code, year))
    parts = (ind.id, year) if code == RIJK else (ind.id, year, code)
    return relative(path, page_path("indicator", lang, *parts))


def _cell_view(f: Figure | None, current: bool) -> dict[str, Any]:
    if f is None:
        return {"text": "", "suppressed": False, "current": current, "status": None}
    return {"text": f.text, "suppressed": f.suppressed, "current": current, "status": f}


def ministry_page(site: Site, lang: str, ministry: str, year: int) -> Page:
    """The table of one ministry: every indicator over the years, ``year`` highlighted."""
    w = WORDS[lang]
    path = page_path("ministry", lang, ministry, year)
    name = ministry_name(ministry, lang)
    title = f"{name} {year}"
    ctx = _base_context(site, path, lang, title)
    figs = site.figures[lang]
    years = sorted(site.years, reverse=True)
    domains = []
    for domain, names in DOMAINS.items():
        rows = []
        for ind in (i for i in site.indicators if i.domain == domain):
            cells = [figs.get(ind.id, y, ministry) for y in years]
            if all(c is None for c in cells):
                continue
            f = figs.get(ind.id, year, ministry)
            # the indicator's page of this year, or of the latest year it has a figure
            shown = year if f else next(y for y, c in zip(years, cells, strict=True) if c)
            rows.append(
                {
                    "label": ind.label(lang),
                    "unit": ind.unit if lang == "nl" else ind.unit_en,
                    "href": relative(path, page_path("indicator", lang, ind.id, shown))
                    + f"#m-{ministry}",
                    "cells": [_cell_view(c, y == year) for c, y in zip(cells, years, strict=True)],
                    "figure": f,
                }
            )
        if rows:
            domains.append({"id": domain, "name": names[0 if lang == "nl" else 1], "rows": rows})
    ctx.update(
        year=year,
        years_header=years,
        ministry=ministry,
        ministry_name=name,
        domains=domains,
        years=_year_links(
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
        downloads=_downloads(site, lang, path, f"ministry/{ministry}"),
        corrections=site.corrections(year),
    )
    return Page(path, lang, "ministry.html.j2", ctx, title)


def data_page(site: Site, lang: str) -> Page:
    w = WORDS[lang]
    path = page_path("data", lang)
    ctx = _base_context(site, path, lang, w["data"])
    root = relative(path, "/") + "../opendata/"
    ctx.update(
        releases=list(reversed(site.published.releases)),
        version=site.published.version,
        files=[
            {"name": n, "href": root + n}
            for n in (
                "figures.csv", "figures.parquet", "indicators.csv", "indicators.parquet",
                "ministries.csv", "ministries.parquet", "datapackage.json", "dcat.jsonld",
            )
        ],
        version_href=lambda n: f"{root}versions/{n}/",
    )  # fmt: skip
    return Page(path, lang, "data.html.j2", ctx, w["data"])


def empty_page(lang: str) -> Page:
    w = WORDS[lang]
    path = page_path("home", lang)
    ctx = {
        "lang": lang, "w": w, "title": w["site"], "path": path,
        "link": lambda to: relative(path, to),
        "asset": lambda name: relative(path, f"/assets/{name}"),
        "other_lang_href": relative(path, other_lang(path, lang)),
        "other_lang": "en" if lang == "nl" else "nl",
        "home": relative(path, path), "ministries_home": relative(path, path),
        "data_page": relative(path, path), "permalink": path, "suppression_note": "",
    }  # fmt: skip
    return Page(path, lang, "empty.html.j2", ctx, w["site"])


def render(page: Page) -> str:
    return environment().get_template(page.template).render(**page.context)


# ---------------------------------------------------------------- all pages


def pages(site: Site) -> Iterator[Page]:
    """Every page the static site holds, for both languages.

    One ministry's figure (``/indicator/ID/Y/M/``, SPEC §6's permanent URL) is not a
    file: there are some 12,000 (×2 languages), and writing them took longer than the
    rest of the site together. Each is a row of its indicator page (anchor ``#m-CODE``)
    and ``render_path`` renders the page itself on request (``jbr serve``).
    """
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
                if (ind.id, year) in site.index:
                    yield indicator_page(site, lang, ind, year)


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
            if ministry in site.index.get((rest[0], year), []):
                return render(indicator_page(site, lang, by_id()[rest[0]], year, ministry))
    except ValueError:
        return None
    return None


def write_site(db: Path | str, out: Path | str, base_url: str | None = None, **kwargs: Any) -> list:
    """``out/site/`` and ``out/opendata/`` from the store's publication snapshots (the entry
    point of ``jbr build`` and ``jbr publish``); see ``site_write.py``."""
    from .site_write import write_site as write

    return write(db, out, base_url, **kwargs)
