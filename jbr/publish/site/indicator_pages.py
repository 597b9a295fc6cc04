"""The indicator's pages: the Rijk page (``/indicator/ID/Y/``: the figure, its trend
chart, every ministry over the years, categories, definition, downloads) and each
ministry's figure page (``/indicator/ID/Y/M/``, SPEC §6's permanent URL), with the
ministry filter they share.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...codelists import RIJK
from ...deliveries.themes import THEMES
from ...indicators import Indicator, by_id
from ...store.lineage import DeliveryRef
from ..figures import Figure, indicator_unit
from ..opendata.permalinks import category_anchor
from ..passport import passport_view, sources_view
from ..words import domain_name
from .layout import (
    Link,
    base_context,
    cell_view,
    download_links,
    filter_nav,
    mark_current,
    sibling_year_filter,
)
from .model import Site, category_pairs
from .tables import category_title, indicator_table
from .templates import Page, View, environment
from .urls import page_path, relative, to_root
from .words import WORDS, ministry_name


def indicator_page(site: Site, lang: str, ind: Indicator, year: int) -> Page:
    """The indicator for the Rijk in ``year``: chart, every ministry over the years,
    categories, definition and downloads."""
    figs = site.figures[lang]
    path = page_path("indicator", lang, ind.id, year)
    name = ministry_name(RIJK, lang)
    title = f"{ind.name(lang, year)} – {name} {year}"
    ctx = base_context(site, path, lang, title)
    figure = figs.get(ind.id, year, RIJK)
    chart = site.charts.get((lang, ind.id))
    comparison = site.comparisons.get((lang, ind.id, year))
    basis = by_id()[ind.prognosis.basis] if ind.prognosis else None
    ctx.update(
        ind=ind,
        label=ind.name(lang, year),
        definition=ind.definition(lang),
        # the tables' unit (€ mln, MWh, ...), and the unit the indicator is defined in
        unit=figs.table_unit(ind.id) if ind.unit_en != "year" else "",
        base_unit=indicator_unit(ind, lang),
        domain=domain_name(ind.domain, lang),
        year=year,
        ministry=RIJK,
        ministry_name=name,
        figure=figure,
        table_rows=[
            View(row, href=_row_href(site, path, lang, ind, year, row["code"]))
            for row in _table_rows(site, lang, ind)
        ],
        years_header=[str(y) for y in sorted(site.years, reverse=True)],
        categories=_category_view(site, ind, lang, RIJK),
        chart=chart,
        chart_src=to_root(path) + chart[0] if chart else None,
        comparison=comparison,
        comparison_src=to_root(path) + comparison[0] if comparison else None,
        prognosis_basis={
            "label": basis.name(lang, year),
            "href": relative(path, page_path("indicator", lang, basis.id, year)),
        }
        if basis
        else None,
        year_filter=sibling_year_filter(
            site,
            lang,
            ("indicator", ind.id),
            lambda y: page_path("indicator", lang, ind.id, y),
            year,
            lambda y: (ind.id, y) in site.index,
        ),
        ministry_links=_ministry_links(site, lang, ind, year, RIJK, path),
        downloads=download_links(site, lang, path, f"indicator/{ind.id}"),
        category_downloads=download_links(site, lang, path, f"indicator/{ind.id}/categories"),
        corrections=site.corrections(year),
        sources=", ".join(THEMES[t].label(lang) for t in ind.sources if t in THEMES),
        notes=figure.notes if figure else (),
        passport=_passport(site, ind, year, RIJK, lang),
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
    ctx = base_context(site, path, lang, title)
    figure = figs.get(ind.id, year, ministry)
    ctx.update(
        label=label,
        prognosis=ind.prognosis,  # a prognosis says so, with method and bounds, no status
        definition=ind.definition(lang),
        # the tables' unit (€ mln, MWh, ...), as on the indicator's page
        unit=figs.table_unit(ind.id) if ind.unit_en != "year" else "",
        domain=domain_name(ind.domain, lang),
        year=year,
        ministry_name=name,
        figure=figure,
        rijk=figs.get(ind.id, year, RIJK),
        trend=_trend_rows(site, lang, ind, year, ministry),
        categories=_category_view(site, ind, lang, ministry),
        year_filter=sibling_year_filter(
            site,
            lang,
            ("figure", ind.id, ministry),
            lambda y: page_path("indicator", lang, ind.id, y, ministry),
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
        passport=_passport(site, ind, year, ministry, lang),
    )
    return Page(path, lang, "figure.html.j2", ctx, title)


def _table_rows(site: Site, lang: str, ind: Indicator) -> list[dict[str, Any]]:
    """The rows of the Rijk page's table of every ministry over the years
    (``indicator_table``'s) with their cells as (year, text, suppressed): the same on the
    page of every year (the template marks the page's year), made once."""

    def rows() -> list[dict[str, Any]]:
        figs = site.figures[lang]
        years = [(y, str(y)) for y in sorted(site.years, reverse=True)]
        out = []
        for code, name, *_ in indicator_table(site, ind, lang).rows:
            figures = [(shown, figs.get(ind.id, y, str(code))) for y, shown in years]
            cells = [(shown, _text(f), bool(f and f.suppressed)) for shown, f in figures]
            out.append({"code": str(code), "name": name, "cells": cells})
        return out

    return site.once(("indicator-rows", lang, ind.id), rows)


def _trend_rows(site: Site, lang: str, ind: Indicator, year: int, ministry: str) -> list[Markup]:
    """The rows of a figure page's table of the ministry's figure year by year beside the
    Rijk's (``macros.trend_row``), latest first. The figure's page of every year has the
    same rows, only its own year marked: each row is rendered once per figure in both forms."""

    def rows() -> dict[tuple[int, bool], Markup]:
        figs = site.figures[lang]
        row = environment().get_template("macros.html.j2").module.trend_row  # type: ignore[attr-defined]
        return {
            (y, current): row(
                View(
                    year=y,
                    current=current,
                    own=cell_view(figs.get(ind.id, y, ministry), current),
                    rijk=cell_view(figs.get(ind.id, y, RIJK), current),
                )
            )
            for y in sorted(site.years, reverse=True)
            if y in site.figure_years.get((ind.id, ministry), ())
            for current in (False, True)
        }

    shown = site.once(("trend", lang, ind.id, ministry), rows)
    return [row for (y, current), row in shown.items() if current == (y == year)]


def _passport(site: Site, ind: Indicator, year: int, ministry: str, lang: str) -> dict | None:
    """The figure passport (``passport.passport_view``) with its list of deliveries as
    HTML, rendered once per list (``passport.Sources``): figures that read the same
    deliveries share it, some three pages per list. A delivery's row is rendered once: it
    is listed on hundreds of pages."""
    view = passport_view(site, ind, year, ministry, lang)
    if view is None:
        return None

    def deliveries() -> Markup:
        listed = sources_view(view["sources"], lang)
        listed["deliveries"] = [
            _delivery_row(site, lang, ref, row)
            for ref, row in zip(view["sources"].refs, listed["deliveries"], strict=True)
        ]
        template = environment().get_template("_passport_deliveries.html.j2")
        return Markup(template.render(listed))  # noqa: S704

    return {**view, "deliveries": site.once(("passport", lang, view["sources"]), deliveries)}


def _delivery_row(site: Site, lang: str, ref: DeliveryRef, row: dict[str, Any]) -> Markup:
    """A delivery's row in the passport (``macros.delivery_row``), rendered once."""
    macros = environment().get_template("macros.html.j2").module
    return site.once(("delivery", lang, ref), lambda: macros.delivery_row(row))  # type: ignore[attr-defined]


def _ministry_targets(
    site: Site, lang: str, ind: Indicator, year: int, path: str
) -> list[tuple[str, str, str, str]]:
    """(code, text, href) of the ministry filter of an indicator's pages: the Rijk page and
    every ministry's figure page of this year, as links from the Rijk page (``path`` is
    it) or from a figure page (a folder below it). Made once per indicator, year and
    page kind: every figure page of a year is a sibling of the others. The fourth item is
    the option group of the enhanced filter (the Rijk, the ministries)."""
    rijk_page = page_path("indicator", lang, ind.id, year)
    up = "" if path == rijk_page else "../"
    w = WORDS[lang]

    def targets() -> list[tuple[str, str, str, str]]:
        return [(RIJK, w["all_ministries"], up + "index.html", w["rijk"])] + [
            (m, f"{m} – {ministry_name(m, lang)}", f"{up}{m}/index.html", w["ministries"])
            for m in site.index.get((ind.id, year), [])
            if m != RIJK
        ]

    return site.once(("ministries", lang, ind.id, year, up), targets)


def _ministry_links(
    site: Site, lang: str, ind: Indicator, year: int, current: str, path: str
) -> list[Link]:
    targets = _ministry_targets(site, lang, ind, year, path)
    return [Link(text, href, code == current, group) for code, text, href, group in targets]


def _ministry_nav(
    site: Site, lang: str, ind: Indicator, year: int, current: str, path: str
) -> Markup:
    """The ministry filter of a figure page, as HTML: rendered once per indicator and year
    (some 30 links, the bulk of a light page) and marked with the current ministry."""

    def unmarked() -> Markup:
        links = _ministry_links(site, lang, ind, year, "", path)
        return filter_nav("f-ministry", WORDS[lang]["ministry"], links)

    nav = site.once(("ministry-nav", lang, ind.id, year), unmarked)
    href = next(
        h for code, _t, h, _g in _ministry_targets(site, lang, ind, year, path) if code == current
    )
    return mark_current(nav, href)


def _category_view(site: Site, ind: Indicator, lang: str, ministry: str) -> View | None:
    """The categories of a broken-down indicator as its pages show them (``category_table``'s
    rows; ``macros.categories`` marks the page's year): the same on the page of every
    year, made once. None for an indicator without categories."""

    def view() -> View | None:
        pairs = category_pairs(site, ind, ministry)
        if not pairs:
            return None
        figs = site.figures[lang]
        by_ministry = any(m != ministry for m, _ in pairs)
        years = [(y, str(y)) for y in sorted(site.years, reverse=True)]
        return View(
            title=category_title(ind, lang, ministry),
            by_ministry=by_ministry,
            years=[shown for _, shown in years],
            rows=[
                View(
                    ministry=m,
                    name=ind.category(c, lang),
                    # a figure's permanent URL points at this row (opendata.figure_path)
                    anchor=category_anchor(c) if not by_ministry else f"m-{m}-{category_anchor(c)}",
                    cells=[(shown, _text(figs.get(f"{ind.id}.{c}", y, m))) for y, shown in years],
                )
                for m, c in pairs
            ],
        )

    return site.once(("categories", lang, ind.id, ministry), view)


def _text(f: Figure | None) -> str:
    return f.text if f else ""


def _row_href(site: Site, path: str, lang: str, ind: Indicator, year: int, code: str) -> str:
    """A row of the Rijk page's table: the Rijk row leads to the year's overview, a
    ministry's row to its figure page of this year (or of the nearest year it has one)."""
    if code == RIJK:
        return relative(path, page_path("year", lang, year))
    shown = site.figure_year(ind.id, code, year) or year  # a row has a figure in some year
    return relative(path, page_path("indicator", lang, ind.id, shown, code))
