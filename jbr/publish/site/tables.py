"""The site's tables: what a page shows as a table, and offers as a download (CSV,
XLSX, ODS). A suppressed figure is its mark in every cell, never its number. The report's
tables (``tabellen/``) are the indicator tables too (``write.write_report_tables``).
"""

from __future__ import annotations

from ...codelists import RIJK
from ...indicators import Indicator, by_id
from ..figures import SUPPRESSED_MARK, Figure, indicator_unit
from ..format import titled
from ..tables import Cell, Table
from ..words import domain_name
from .model import Site, category_pairs
from .words import WORDS, ministry_name


def download_table(site: Site, lang: str, key: str) -> Table:
    """The table behind a download key (see ``model.table_keys``)."""
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
    unit = indicator_unit(ind, lang)
    columns = ["code", w["ministry"], *[str(y) for y in years]]
    return Table(titled(ind.name(lang), unit), columns, rows)  # "Aantal fte (fte)"


def _cell(f: Figure | None) -> Cell:
    """A published table cell: the public value, or the suppression mark; never the number."""
    if f is None:
        return None
    if f.suppressed:
        return SUPPRESSED_MARK
    return f.value


def category_table(site: Site, ind: Indicator, lang: str, ministry: str = RIJK) -> Table | None:
    """A broken-down indicator's categories (rows, see ``model.category_pairs``) over the
    published years, latest first; None for an indicator without categories."""
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
    head = ["code", w["category"]]
    head = [w["ministry"], *head] if by_ministry else head
    return Table(category_title(ind, lang, ministry), [*head, *[str(y) for y in years]], rows)


def category_title(ind: Indicator, lang: str, ministry: str = RIJK) -> str:
    """The title of ``category_table``'s table (a page shows it above its own table)."""
    return f"{ind.name(lang)}, {WORDS[lang]['by_category']}, {ministry_name(ministry, lang)}"


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
                domain_name(ind.domain, lang),
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
        unit = indicator_unit(ind, lang)
        domain = domain_name(ind.domain, lang)
        rows.append([domain, ind.id, ind.label(lang), unit, *[_cell(c) for c in cells]])
    columns = [w["domain"], "id", w["indicator"], w["unit"], *[str(y) for y in years]]
    return Table(ministry_name(ministry, lang), columns, rows)
