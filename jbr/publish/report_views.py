"""One indicator's section of the report, as its template receives it (``indicator_view``):
the headline, the trend chart with its data table, the table per ministry (this year,
last year, change, target status), the breakdown or a summary of its records, notes and
sources. Every number is a published figure's text (``figures.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..codelists import RIJK, ministry_by_code
from ..deliveries.themes import THEMES
from ..indicators import by_id
from ..indicators.catalogue import Indicator
from ..indicators.laws import LAWS
from ..locale import text
from .charts.model import Chart
from .figures import (
    Change,
    Figure,
    PublishedFigures,
    restatement_note,
    suppression_note,
    value_text,
)
from .format import UNKNOWN, day, titled
from .tables import report_downloads
from .words import ministry_label, ministry_name

PRINT_LISTED = 25  # rows of a record listing in the print edition (the web page has all)


def cell_view(f: Figure | None) -> dict[str, Any]:
    if f is None:
        return {"text": "", "suppressed": False}
    return {"text": f.text, "suppressed": f.suppressed}


def status_view(f: Figure | None) -> dict[str, str]:
    if f is None or not f.status:
        return {}
    return {"symbol": f.status_symbol, "text": f.status_text, "css": f.status_class}


def row_view(
    figures: PublishedFigures, figure_id: str, ministry: str, name: str, code: str
) -> dict[str, Any]:
    """This year, last year, change, status. Across a reorganisation last year is the
    restated figure (marked †) the change was computed from, so the change is the
    arithmetic of the two figures shown (SPEC §6)."""
    y = figures.year
    now, before = figures.get(figure_id, y, ministry), figures.get(figure_id, y - 1, ministry)
    change: Change | None = figures.change(figure_id, y, ministry)
    previous = cell_view(before)
    before_value = before.value if before is not None else None
    restated = bool(change and change.restated)
    if change is not None and change.restated:
        # the restated figure as the table writes it (its unit), the change computed from it
        previous = {"text": change.previous_number, "suppressed": change.suppressed}
        before_value = change.previous
    return {
        "code": code,
        "ministry": ministry,
        "name": name,
        "label": ministry_label(code, figures.lang) if code == RIJK else code,
        "now": cell_view(now),
        "before": previous,
        "before_value": before_value,
        "restated": restated,
        "change": change.text if change and change.text != UNKNOWN else "",
        "change_suppressed": bool(change and change.suppressed),
        "status": status_view(now),
        "value": now.value if now is not None else None,
    }


def table_codes(figures: PublishedFigures, figure_id: str) -> list[str]:
    """The rows of a table of the reporting year: the ministries of its classification
    (31 December) with a figure this year or last (RIJK first). A ministry that has
    ceased has no row; its last year is in its successors' restated figures."""
    y = figures.year
    end = date(y, 12, 31)
    known = ministry_by_code()
    codes = set(figures.ministries(figure_id, y)) | {
        m
        for m in figures.ministries(figure_id, y - 1)
        if m == RIJK or (m in known and known[m].valid_on(end))
    }
    return sorted(codes, key=lambda m: (m != RIJK, m))


def source_note(ind: Indicator, year: int, lang: str) -> str:
    themes = ", ".join(THEMES[t].label(lang).lower() for t in ind.sources if t in THEMES)
    note = text("publicatie.bron.leveringen", lang, themes=themes, year=year)
    if ind.target is not None and ind.target.source:
        note += text("publicatie.bron.doel", lang, source=ind.target.source)
    return note


def records_summary(ind: Indicator, rows: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """A breakdown per record (building, project) in a few numbers — how many, the lowest,
    the median and the highest of the reporting year — and the downloads with them all."""
    present = [r for r in rows if r["now"]["text"]]  # records of the reporting year
    values = sorted(r["value"] for r in present if r["value"] is not None)
    n = len(values)
    median = (values[(n - 1) // 2] + values[n // 2]) / 2 if n else None
    shown = (
        [value_text(v, ind.id, lang) for v in (values[:1] + [median] + values[-1:])] if n else []
    )
    assert ind.records is not None
    return {
        "noun": ind.records.noun(lang),
        "count": len(present),
        "known": n,
        "low": shown[0] if shown else UNKNOWN,
        "median": shown[1] if shown else UNKNOWN,
        "high": shown[2] if shown else UNKNOWN,
        "downloads": report_downloads(f"{ind.id}-categorieen"),
    }


def indicator_view(
    ind: Indicator,
    figures: PublishedFigures,
    charts: dict[str, Chart],
    listings: dict[str, Any],
    lang: str,
    comparisons: dict[str, Chart] | None = None,
    listing_files: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One indicator's section: headline, chart + data table, ministry table, notes."""
    y = figures.year
    codes = table_codes(figures, ind.id)
    rows = [row_view(figures, ind.id, m, ministry_name(m, lang), m) for m in codes]
    unit = figures.table_unit(ind.id) if ind.unit_en != "year" else ""
    end = date(y, 12, 31)
    known = ministry_by_code()
    categories = sorted(
        {
            (f.ministry, f.breakdown or "")
            for f in figures
            if f.indicator == ind.id
            and f.breakdown is not None
            and (
                f.year == y
                or (
                    f.year == y - 1
                    and (
                        f.ministry == RIJK
                        or (f.ministry in known and known[f.ministry].valid_on(end))
                    )
                )
            )
        },
        key=lambda mc: (mc[0], ind.category_key(mc[1])),
    )
    rijk_only = any(m == RIJK for m, _ in categories)
    breakdown = [
        row_view(
            figures,
            f"{ind.id}.{c}",
            m,
            ind.category(c, lang) if m == RIJK else f"{m} {ind.category(c, lang)}",
            c if m == RIJK else f"{m} {c}",
        )
        for m, c in categories
        if m == RIJK or not rijk_only
    ]
    records = records_summary(ind, breakdown, lang) if ind.records and breakdown else None
    if records is not None:
        breakdown = []  # per building or project: in the downloads, summarised here
    trend = [f for f in figures.series(ind.id) if f.year <= y]
    shown = [f for f in figures if f.indicator == ind.id and f.year in (y, y - 1)] + trend
    if ind.is_prognosis:  # the notes of earlier prognoses describe earlier trends
        shown = [f for f in shown if f.year == y]
    notes: list[str] = []
    for f in sorted(shown, key=lambda f: f.year):
        for n in f.notes:
            note = f"{f.year}: {n}"
            if note not in notes:
                notes.append(note)
    restated_rows = [r["ministry"] for r in rows + breakdown if r["restated"]]
    restatement = restatement_note(y, restated_rows, ind.additive, lang)
    any_suppressed = any(f.suppressed for f in shown) or any(
        r["change_suppressed"] for r in rows + breakdown
    )
    headline = figures.get(ind.id)
    law_row, law_note = law_view(ind, [f.year for f in trend], lang)
    if law_note:
        notes.append(law_note)
    files = listing_files or {}
    return {
        "id": ind.id,
        "label": ind.name(lang, y),
        "title": titled(ind.name(lang, y), unit),
        "law_row": law_row,
        "prognosis": prognosis_view(ind, lang),
        "has_target": ind.target is not None,
        "definition": ind.definition(lang),
        "unit": unit,
        "headline": headline,
        "headline_change": figures.change(ind.id),
        "chart": charts.get(ind.id),
        "comparison": (comparisons or {}).get(ind.id),
        "trend": trend,
        # a target row per year where the target is the year's (from the data, or a norm
        # for every year); a target with a year is its path in the chart, not "0 t" a year
        "trend_targets": any(f.target is not None for f in trend)
        and ind.target is not None
        and (ind.target.from_data or ind.target.year is None),
        "rows": rows,
        "breakdown": breakdown,
        # print edition: a long breakdown (per building, per project) shows its largest rows
        "breakdown_print": breakdown
        if len(breakdown) <= PRINT_LISTED
        else sorted((r for r in breakdown if r["value"] is not None), key=lambda r: -r["value"])[
            :PRINT_LISTED
        ],
        "listing": listings.get(ind.id),
        "listing_downloads": report_downloads(files[ind.id]) if ind.id in files else [],
        "records": records,
        "notes": notes,
        "restatement": restatement,
        # the print edition shows the breakdown table but not the ministry table
        "restatement_print": restatement if any(r["restated"] for r in breakdown) else "",
        "suppression_note": suppression_note(lang) if any_suppressed else "",
        "source": source_note(ind, y, lang),
    }


def law_view(ind: Indicator, years: list[int], lang: str) -> tuple[list[str], str]:
    """For an indicator whose label names a law that replaced another (the Woo the Wob):
    the law of each trend year, and one note saying when it changed (else nothing)."""
    if not ind.law or not years:
        return [], ""
    change = LAWS[ind.law]
    row = [change.in_year(y) for y in years]
    if min(years) > change.since.year:
        return [], ""
    note = text(
        "publicatie.wet.noot",
        lang,
        before=change.before,
        before_name=getattr(change, f"before_{lang}"),  # the catalogue's name in ``lang``
        name=change.name,
        name_long=getattr(change, f"name_{lang}"),
        since=day(change.since, lang),
    )
    return row, note


def prognosis_view(ind: Indicator, lang: str) -> dict[str, str] | None:
    """A prognosis's method, bounds and the indicator (with the target) it projects."""
    if ind.prognosis is None:
        return None
    basis = by_id()[ind.prognosis.basis]
    return {
        "method": ind.prognosis.method(lang),
        "bounds": ind.prognosis.bounds(lang),
        "basis": basis.id,
        "basis_label": basis.label(lang),
    }
