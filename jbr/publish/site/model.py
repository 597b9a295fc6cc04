"""What the site shows, built from the releases: ``Site``.

Only published figures (the store's publication snapshots, ``releases.from_store``)
reach the site: a year under embargo has no page, no table cell and no chart point.
``build_site`` makes the ``Site`` once per build (or per request of a server that renders
a newer publication): the published figures in both languages, which indicators,
ministries, years and categories have a page, which tables have downloads, and the file
of each chart (named after what it shows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from ...codelists import RIJK
from ...indicators import Indicator, catalogue
from ..figures import PublishedFigures, published_figures
from ..releases import Published
from .words import LANGS

T = TypeVar("T")


@dataclass
class Site:
    """Everything the pages show: published figures per language, releases, base URL."""

    published: Published
    figures: dict[str, PublishedFigures]
    base_url: str | None = None  # the public address; None: every URL is relative
    charts: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)
    # (language, indicator, year) → the ministries as bars: image file and text alternative
    comparisons: dict[tuple[str, str, int], tuple[str, str]] = field(default_factory=dict)
    # the (language, table key)s that have downloads (see urls.download_stem)
    downloads: set[tuple[str, str]] = field(default_factory=set)
    # what many pages share, made once (see ``once``)
    shared: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)

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

    def once(self, key: tuple, make: Callable[[], T]) -> T:
        """``make()``, made once per ``key``: what many pages share (a filter, a table, a
        passport's deliveries) is made for the first and read by the others. It is never
        changed after."""
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]


def build_site(published: Published, base_url: str | None = None) -> Site:
    """The site of what is published, with its downloads and the files of its charts."""
    values = published.as_of()
    if not values:
        return Site(published, {lang: PublishedFigures(lang, 0, []) for lang in LANGS}, base_url)
    figures = {lang: published_figures(values, max(values), lang) for lang in LANGS}
    site = Site(published, figures, base_url)
    site.downloads = set(table_keys(site))
    site.charts = chart_files(site)
    site.comparisons = comparison_files(site)
    return site


def _charts_version() -> str:
    """A chart depends on the code and words that draw it too: part of every key."""
    from ..charts.model import drawing_version

    return drawing_version()


def chart_files(site: Site) -> dict[tuple[str, str], tuple[str, str] | None]:
    """Per (language, indicator): the Rijk trend's image file and its text alternative.

    The file is named after a hash of what the chart shows (and of charts.py), so an
    unchanged chart keeps its name from build to build and is drawn once.
    """
    from ..charts.alt_text import trend_text
    from ..charts.model import chart_figures, has_trend

    version = _charts_version()
    out: dict[tuple[str, str], tuple[str, str] | None] = {}
    for lang in LANGS:
        for ind in site.indicators:
            series = site.figures[lang].series(ind.id)
            if not has_trend(ind, series):
                out[(lang, ind.id)] = None  # no trend chart (charts.has_trend)
                continue
            drawn = chart_figures(site.figures[lang], ind.id)  # the series and its prognoses
            content = repr((version, lang, ind.id, ind.name(lang), [
                (f.indicator, f.year, f.value, f.text, f.with_unit, f.target, f.target_text,
                 f.status, f.suppressed)
                for f in drawn
            ]))  # fmt: skip
            key = hashlib.sha256(content.encode()).hexdigest()[:20]
            out[(lang, ind.id)] = (
                f"assets/charts/{key}.svg",
                trend_text(ind.name(lang), series, lang, drawn[len(series) :]),
            )
    return out


def comparison_files(site: Site) -> dict[tuple[str, str, int], tuple[str, str]]:
    """Per (language, indicator the catalogue marks ``compare``, year): the bars of the
    ministries, named after a hash of what they show (see ``chart_files``)."""
    from ..bars import comparison_figures, comparison_text

    version = _charts_version()
    out: dict[tuple[str, str, int], tuple[str, str]] = {}
    for lang in LANGS:
        for ind in (i for i in site.indicators if i.compare):
            for year in site.years:
                ministries, rijk = comparison_figures(site.figures[lang], ind.id, year)
                if sum(f.value is not None for f in ministries) < 2:
                    continue  # nothing to compare (charts.ministry_chart)
                content = repr((version, lang, ind.id, year, [
                    (f.ministry, f.value, f.with_unit, f.target, f.target_text, f.suppressed)
                    for f in [*ministries, *([rijk] if rijk else [])]
                ]))  # fmt: skip
                key = hashlib.sha256(content.encode()).hexdigest()[:20]
                alt = comparison_text(ind.name(lang, year), ministries, rijk, lang)
                out[(lang, ind.id, year)] = (f"assets/charts/{key}.svg", alt)
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


def category_pairs(site: Site, ind: Indicator, ministry: str = RIJK) -> list[tuple[str, str]]:
    """(ministry, category) rows of a broken-down indicator: the ministry's own categories;
    on the Rijk page each ministry's when the Rijk has none (e.g. ICT projects)."""
    return site.once(("category_pairs", ind.id, ministry), lambda: _pairs(site, ind, ministry))


def _pairs(site: Site, ind: Indicator, ministry: str) -> list[tuple[str, str]]:
    own = {
        (ministry, c) for y in site.years for c in site.categories.get((ind.id, y, ministry), [])
    }

    def order(mc: tuple[str, str]) -> tuple[str, tuple[int, str]]:
        return (mc[0], ind.category_key(mc[1]))  # provinces north to south, not by code

    if own or ministry != RIJK:
        return sorted(own, key=order)
    pairs = {(m, c) for (i, _y, m), cs in site.categories.items() if i == ind.id for c in cs}
    return sorted(pairs, key=order)
