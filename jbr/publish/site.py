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

Every page is a file (some 14,000 on the full demo); links between them are relative
and name the file (``…/index.html``), so the site works as plain files with no server
(SPEC §6 "the static output stands alone"). Filters are plain links to these pages;
``assets/site.js`` turns the link lists into select boxes. No inline script or style (the server's CSP forbids them).
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
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..codelists import RIJK, ministry_by_code
from ..deliveries.themes import THEMES
from ..indicators import DOMAINS, Indicator, by_id, catalogue
from .figures import SUPPRESSED_MARK, Figure, PublishedFigures, published_figures, suppression_note
from .format import titled
from .opendata import Published, category_anchor
from .tables import Cell, Table

LANGS = ("nl", "en")


class View(dict):
    """A dict that a template reads by attribute at full speed (``w.site``, ``l.href``).

    Jinja tries ``getattr`` before ``[]``, and on a plain dict every miss raises and
    catches an exception: that was some 40 % of rendering the 11,000 figure pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__ = self


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
        "categories_of": "Categorie",
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
        "trend": "Per jaar",
        "ministry_figures": "Alle cijfers van",
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
        "categories_of": "Category",
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
        "trend": "Year by year",
        "ministry_figures": "All figures of",
    },
}
WORDS = {lang: View(words) for lang, words in WORDS.items()}


class Link(NamedTuple):
    """A link of a filter or menu (a tuple: cheap to make, by attribute in a template)."""

    text: str
    href: str
    current: bool = False


class CellView(NamedTuple):
    """A table cell as a page shows it: the figure's text, marked when suppressed."""

    text: str
    suppressed: bool
    current: bool
    status: Figure | None


# What the open-data page calls each file (its name stays in the link).
FILE_TITLES = {
    "nl": {
        "figures.csv": "Alle gepubliceerde cijfers (CSV)",
        "figures.parquet": "Alle gepubliceerde cijfers (Parquet)",
        "indicators.csv": "De indicatoren met hun definities (CSV)",
        "indicators.parquet": "De indicatoren met hun definities (Parquet)",
        "ministries.csv": "De ministeries (CSV)",
        "ministries.parquet": "De ministeries (Parquet)",
        "datapackage.json": "Beschrijving van de dataset (Data Package, JSON)",
        "dcat.jsonld": "Metadata voor data.overheid.nl (DCAT-AP-DONL, JSON-LD)",
    },
    "en": {
        "figures.csv": "All published figures (CSV)",
        "figures.parquet": "All published figures (Parquet)",
        "indicators.csv": "The indicators with their definitions (CSV)",
        "indicators.parquet": "The indicators with their definitions (Parquet)",
        "ministries.csv": "The ministries (CSV)",
        "ministries.parquet": "The ministries (Parquet)",
        "datapackage.json": "Description of the dataset (Data Package, JSON)",
        "dcat.jsonld": "Metadata for data.overheid.nl (DCAT-AP-DONL, JSON-LD)",
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


def to_root(from_path: str) -> str:
    """The way from a page's folder (``/a/b/``) up to the site's root (``""`` at ``/``)."""
    return "../" * (from_path.count("/") - 1)


def relative(from_path: str, to_path: str) -> str:
    """A link from one page to another (or to a file of the site) that works on any host
    and from file:// with no server: up to the folder both share, then down; a page (a
    path ending in ``/``) is named by its file, ``index.html``, which a browser reading
    files does not add by itself."""
    here = from_path.strip("/").split("/") if from_path != "/" else []
    there = to_path.strip("/").split("/") if to_path != "/" else []
    if not to_path.endswith("/"):
        there, name = there[:-1], there[-1]
    else:
        name = "index.html"
    shared = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        shared += 1
    return "../" * (len(here) - shared) + "".join(p + "/" for p in there[shared:]) + name


# ---------------------------------------------------------------- the data a site shows


@dataclass
class Site:
    """Everything the pages show: published figures per language, releases, base URL."""

    published: Published
    figures: dict[str, PublishedFigures]
    base_url: str | None = None  # the public address; None: every URL is relative
    charts: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)
    # the (language, table key)s that have downloads (see download_stem)
    downloads: set[tuple[str, str]] = field(default_factory=set)
    # what many pages share, made once (see _ministry_targets and _ministry_nav)
    link_cache: dict[tuple, list] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
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
        # data-quality counters belong in the report's data-quality annex, not on the site
        return [i for i in catalogue() if i.id in present and not i.quality]

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

    @cached_property
    def figure_years(self) -> dict[tuple[str, str], list[int]]:
        """(indicator, ministry) → the years that have a page of its figure, ascending."""
        out: dict[tuple[str, str], list[int]] = {}
        for (indicator, year), codes in sorted(self.index.items(), key=lambda kv: kv[0][1]):
            for code in codes:
                out.setdefault((indicator, code), []).append(year)
        return out

    def figure_year(self, indicator: str, ministry: str, year: int) -> int | None:
        """The year of the ministry's figure page a link from ``year`` goes to: that year,
        else the nearest (the later when two are as near) in which the ministry has the
        figure (a ministry that did not exist yet, or no longer, in ``year``)."""
        years = self.figure_years.get((indicator, ministry), [])
        if not years:
            return None
        if year in years:
            return year
        return min(years, key=lambda y: (abs(y - year), -y))

    def corrections(self, year: int) -> list[Any]:
        return self.published.corrections(year)


def ministry_name(code: str, lang: str) -> str:
    if code == RIJK:
        return WORDS[lang]["rijk"]
    m = ministry_by_code().get(code)
    return m.name(lang) if m else code


def build_site(published: Published, base_url: str | None = None) -> Site:
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
            content = repr((version, lang, ind.id, ind.name(lang), [
                (f.year, f.value, f.text, f.with_unit, f.target, f.target_text, f.status,
                 f.suppressed)
                for f in series
            ]))  # fmt: skip
            key = hashlib.sha256(content.encode()).hexdigest()[:20]
            out[(lang, ind.id)] = (
                f"assets/charts/{key}.svg",
                trend_text(ind.name(lang), series, lang),
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
    return Table(with_unit_title(ind.name(lang), unit), columns, rows)


def with_unit_title(label: str, unit: str) -> str:
    """ "Aantal fte (fte)", but not "Aardgasverbruik (TJ) (TJ)" when the label names it."""
    return titled(label, unit)


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

    def order(mc: tuple[str, str]) -> tuple[str, tuple[int, str]]:
        return (mc[0], ind.category_key(mc[1]))  # provinces north to south, not by code

    if own or ministry != RIJK:
        return sorted(own, key=order)
    pairs = {(m, c) for (i, _y, m), cs in site.categories.items() if i == ind.id for c in cs}
    return sorted(pairs, key=order)


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
        name = ind.category(c, lang)
        rows.append([m, c, name, *cells] if by_ministry else [c, name, *cells])
    title = f"{ind.name(lang)}, {w['by_category']}, {ministry_name(ministry, lang)}"
    head = ["code", w["category"]]
    head = [w["ministry"], *head] if by_ministry else head
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
        "opendata": lambda name="": to_root(path) + "../opendata/" + name,
        "other_lang_href": link(other_lang(path, lang)),
        "other_lang": "en" if lang == "nl" else "nl",
        "home": link(page_path("home", lang)),
        "ministries_home": _ministries_home(site, lang, path),
        "data_page": link(page_path("data", lang)),
        "permalink": site.base_url + path if site.base_url else path,
        "permalink_href": site.base_url + path if site.base_url else link(path),
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


def _year_links(
    site: Site, path_of: Callable[[int], str], here: str, year: int, exists: Callable[[int], bool]
) -> list[Link]:
    """The year filter: a link to each published year that has this page."""
    return [
        Link(str(y), relative(here, path_of(y)), y == year)
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
                    "label": ind.name(lang, year),
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
        {"format": fmt.upper(), "href": to_root(path) + f"{stem}.{fmt}"}
        for fmt in ("csv", "xlsx", "ods")
    ]


def indicator_page(site: Site, lang: str, ind: Indicator, year: int) -> Page:
    """The indicator for the Rijk in ``year``: chart, every ministry over the years,
    categories, definition and downloads."""
    figs = site.figures[lang]
    path = page_path("indicator", lang, ind.id, year)
    name = ministry_name(RIJK, lang)
    title = f"{ind.name(lang, year)} – {name} {year}"
    ctx = _base_context(site, path, lang, title)
    figure = figs.get(ind.id, year, RIJK)
    table = indicator_table(site, ind, lang)
    cats = category_table(site, ind, lang, RIJK)
    chart = site.charts.get((lang, ind.id))
    ctx.update(
        ind=ind,
        label=ind.name(lang, year),
        definition=ind.definition(lang),
        # the tables' unit (€ mln, MWh, ...), and the unit the indicator is defined in
        unit=figs.table_unit(ind.id) if ind.unit_en != "year" else "",
        base_unit=ind.unit if lang == "nl" else ind.unit_en,
        domain=DOMAINS[ind.domain][0 if lang == "nl" else 1],
        year=year,
        ministry=RIJK,
        ministry_name=name,
        figure=figure,
        table=_table_view(table, lang, str(year)),
        table_rows=[
            {
                "code": r[0],
                "name": r[1],
                "href": _row_href(site, path, lang, ind, year, str(r[0])),
                "cells": [
                    _cell_view(figs.get(ind.id, int(y), str(r[0])), y == str(year))
                    for y in table.columns[2:]
                ],
            }
            for r in table.rows
        ],
        years_header=table.columns[2:],
        categories=_category_view(site, ind, lang, year, RIJK, cats),
        chart=chart,
        chart_src=to_root(path) + chart[0] if chart else None,
        years=_year_links(
            site,
            lambda y: page_path("indicator", lang, ind.id, y),
            path,
            year,
            lambda y: (ind.id, y) in site.index,
        ),
        ministry_links=_ministry_links(site, lang, ind, year, RIJK, path),
        downloads=_downloads(site, lang, path, f"indicator/{ind.id}"),
        category_downloads=_downloads(site, lang, path, f"indicator/{ind.id}/categories"),
        corrections=site.corrections(year),
        sources=", ".join(THEMES[t].label(lang) for t in ind.sources if t in THEMES),
        notes=figure.notes if figure else (),
    )
    return Page(path, lang, "indicator.html.j2", ctx, title)


def figure_page(site: Site, lang: str, ind: Indicator, year: int, ministry: str) -> Page:
    """One ministry's figure (SPEC §6's permanent URL ``/indicator/ID/YEAR/MINISTRY/``).

    Kept light, as there are some 11,000 per language: the figure with its target and
    status, the Rijk figure beside it, the ministry's figure year by year, its categories
    (a broken-down figure's URL points at a row there), the definition and links back to
    the indicator's full table (with its downloads) and to the ministry's page."""
    figs = site.figures[lang]
    path = page_path("indicator", lang, ind.id, year, ministry)
    name = ministry_name(ministry, lang)
    label = ind.name(lang, year)
    title = f"{label} – {name} {year}"
    ctx = _base_context(site, path, lang, title)
    figure = figs.get(ind.id, year, ministry)
    cats = category_table(site, ind, lang, ministry)
    ctx.update(
        label=label,
        definition=ind.definition(lang),
        # the tables' unit (€ mln, MWh, ...), as on the indicator's page
        unit=figs.table_unit(ind.id) if ind.unit_en != "year" else "",
        domain=DOMAINS[ind.domain][0 if lang == "nl" else 1],
        year=year,
        ministry_name=name,
        figure=figure,
        rijk=figs.get(ind.id, year, RIJK),
        trend=[
            View(
                year=y,
                current=y == year,
                own=_cell_view(figs.get(ind.id, y, ministry), y == year),
                rijk=_cell_view(figs.get(ind.id, y, RIJK), y == year),
            )
            for y in sorted(site.years, reverse=True)
            if y in site.figure_years.get((ind.id, ministry), ())
        ],
        categories=_category_view(site, ind, lang, year, ministry, cats),
        years=_year_links(
            site,
            lambda y: page_path("indicator", lang, ind.id, y, ministry),
            path,
            year,
            lambda y: ministry in site.index.get((ind.id, y), []),
        ),
        ministry_nav=_ministry_nav(site, lang, ind, year, ministry, path),
        full_table=relative(path, page_path("indicator", lang, ind.id, year)),
        ministry_page=relative(path, page_path("ministry", lang, ministry, year))
        if ministry in site.ministries.get(year, [])
        else None,
        corrections=site.corrections(year),
        notes=figure.notes if figure else (),
    )
    return Page(path, lang, "figure.html.j2", ctx, title)


def _ministry_targets(
    site: Site, lang: str, ind: Indicator, year: int, path: str
) -> list[tuple[str, str, str]]:
    """(code, text, href) of the ministry filter of an indicator's pages: the Rijk page and
    every ministry's figure page of this year, as links from the Rijk page (``path`` is
    it) or from a figure page (a folder below it). Made once per indicator, year and
    page kind: every figure page of a year is a sibling of the others."""
    rijk_page = page_path("indicator", lang, ind.id, year)
    up = "" if path == rijk_page else "../"
    key = (lang, ind.id, year, up)
    targets = site.link_cache.get(key)
    if targets is None:
        targets = [(RIJK, WORDS[lang]["all_ministries"], up + "index.html")]
        targets += [
            (m, f"{m} – {ministry_name(m, lang)}", f"{up}{m}/index.html")
            for m in site.index.get((ind.id, year), [])
            if m != RIJK
        ]
        site.link_cache[key] = targets
    return targets


def _ministry_links(
    site: Site, lang: str, ind: Indicator, year: int, current: str, path: str
) -> list[Link]:
    targets = _ministry_targets(site, lang, ind, year, path)
    return [Link(text, href, code == current) for code, text, href in targets]


def _ministry_nav(
    site: Site, lang: str, ind: Indicator, year: int, current: str, path: str
) -> Markup:
    """The ministry filter of a figure page, as HTML: rendered once per indicator and year
    (some 30 links, the bulk of a light page) and marked with the current ministry."""
    key = ("nav", lang, ind.id, year)
    nav = site.link_cache.get(key)
    if nav is None:
        links = _ministry_links(site, lang, ind, year, "", path)
        macros = environment().get_template("macros.html.j2").module
        nav = macros.filter("f-ministry", WORDS[lang]["ministry"], links)  # type: ignore[attr-defined]
        site.link_cache[key] = nav
    href = next(
        h for code, _t, h in _ministry_targets(site, lang, ind, year, path) if code == current
    )
    anchor = f'<a href="{escape(href)}">'
    marked = str(nav).replace(anchor, anchor[:-1] + ' aria-current="page">', 1)
    return Markup(marked)  # noqa: S704 (the macro's own escaped output)


def _category_view(
    site: Site, ind: Indicator, lang: str, year: int, ministry: str, cats: Table | None
) -> View | None:
    if cats is None:
        return None
    figs = site.figures[lang]
    pairs = category_pairs(site, ind, ministry)
    by_ministry = any(m != ministry for m, _ in pairs)
    years = sorted(site.years, reverse=True)
    return View(
        title=cats.title,
        by_ministry=by_ministry,
        years=[str(y) for y in years],
        rows=[
            View(
                ministry=m,
                name=ind.category(c, lang),
                # a figure's permanent URL points at this row (opendata.figure_path)
                anchor=category_anchor(c) if not by_ministry else f"m-{m}-{category_anchor(c)}",
                cells=[_cell_view(figs.get(f"{ind.id}.{c}", y, m), y == year) for y in years],
            )
            for m, c in pairs
        ],
    )


def _row_href(site: Site, path: str, lang: str, ind: Indicator, year: int, code: str) -> str:
    """A row of the Rijk page's table: the Rijk row leads to the year's overview, a
    ministry's row to its figure page of this year (or of the nearest year it has one)."""
    if code == RIJK:
        return relative(path, page_path("year", lang, year))
    shown = site.figure_year(ind.id, code, year) or year  # a row has a figure in some year
    return relative(path, page_path("indicator", lang, ind.id, shown, code))


def _cell_view(f: Figure | None, current: bool) -> CellView:
    if f is None:
        return CellView("", False, current, None)
    return CellView(f.text, f.suppressed, current, f)


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
            # the ministry's figure page of this year, or of the latest year it has one
            shown = year if f else next(y for y, c in zip(years, cells, strict=True) if c)
            rows.append(
                {
                    "label": ind.name(lang),
                    "unit": figs.table_unit(ind.id) if ind.unit_en != "year" else "",
                    "href": relative(path, page_path("indicator", lang, ind.id, shown, ministry)),
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
            }
        ]
        + [
            {
                "text": f"{m} – {ministry_name(m, lang)}",
                "href": relative(path, page_path("ministry", lang, m, year)),
                "current": m == ministry,
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
    w = WORDS[lang]
    path = page_path("home", lang)
    ctx = {
        "lang": lang, "w": w, "title": w["site"], "path": path,
        "link": lambda to: relative(path, to),
        "asset": lambda name: relative(path, f"/assets/{name}"),
        "other_lang_href": relative(path, other_lang(path, lang)),
        "other_lang": "en" if lang == "nl" else "nl",
        "home": relative(path, path), "ministries_home": relative(path, path),
        "data_page": relative(path, path), "permalink": path,
        "permalink_href": relative(path, path), "suppression_note": "",
    }  # fmt: skip
    return Page(path, lang, "empty.html.j2", ctx, w["site"])


def render(page: Page) -> str:
    return environment().get_template(page.template).render(**page.context)


# ---------------------------------------------------------------- all pages


def pages(site: Site) -> Iterator[Page]:
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


def write_site(db: Path | str, out: Path | str, base_url: str | None = None, **kwargs: Any) -> list:
    """``out/site/`` and ``out/opendata/`` from the store's publication snapshots (the entry
    point of ``jbr build`` and ``jbr publish``); see ``site_write.py``."""
    from .site_write import write_site as write

    return write(db, out, base_url, **kwargs)
