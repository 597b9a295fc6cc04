"""``rapport.html`` / ``rapport.pdf``: the JBR itself (SPEC §6, issue 7).

Title page, summary, a chapter per SPEC area, per indicator a short text, a trend
chart with its data table, a table per ministry (this year, last year, change,
target status) and footnotes with sources; a methodology annex generated from the
indicator catalogue and a data-quality annex.

Rendering is pure: it takes computed values, the published figures (every number
comes from ``figures.py``), charts and delivery metadata and returns HTML. The same
HTML is the web page and, through its print CSS, the PDF source.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..codelists import RIJK, ministry_by_code
from ..deliveries.themes import THEMES
from ..indicators import DOMAINS, IndicatorValue, by_id, catalogue, key_figures
from ..indicators.catalogue import LAWS, Indicator
from ..indicators.engine import MIN_PERSONS
from ..locale import install, text
from .charts import Chart
from .figures import (
    RESTATED_MARK,
    STATUS_SYMBOL,
    SUPPRESSED_MARK,
    Change,
    Figure,
    PublishedFigures,
    anchor,
    published_figures,
    restatement_note,
    status_words,
    suppression_note,
    value_text,
)
from .format import UNKNOWN, day, titled
from .quality import DataQuality
from .svgprint import printed_chart
from .tables import report_downloads
from .words import domain_name, ministry_label, ministry_name

PER_MATRIX = 5  # at most this many indicators per per-ministry table in the print edition
WIDE_MATRIX = 3  # a per-ministry table with fewer indicators is as wide as its content
PRINT_LISTED = 25  # rows of a record listing in the print edition (the web page has all)
# the title page's and headings' words: publicatie.rapport.<name> (the template: t.<name>)
TITLE_TEXTS = (
    "title",
    "subtitle",
    "publisher",
    "generated",
    "contents",
    "summary",
    "methodology",
    "quality",
    "chapter",
)


@dataclass
class ReportData:
    """Everything the report shows, computed before rendering."""

    year: int
    years: list[int]
    values: dict[int, list[IndicatorValue]]
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    # indicator id → (caption, column names, rows) shown under that indicator
    listings: dict[str, tuple[str, list[str], list[list[Any]]]] = field(default_factory=dict)
    # indicator id → download name (tabellen/<name>.*) of a listing per record (building):
    # the report says how many and links to it instead of printing the list
    listing_files: dict[str, str] = field(default_factory=dict)
    generated: date = field(default_factory=date.today)
    quality: DataQuality | None = None


@cache
def scope() -> dict[str, Any]:
    """Which organisations the figures cover: ``rules/scope.toml`` (configuration)."""
    text = resources.files("jbr.publish").joinpath("rules/scope.toml").read_text("utf-8")
    return tomllib.loads(text)


def scope_text(lang: str) -> dict[str, Any]:
    """The scope statement and its per-area lines in ``lang``, in chapter order."""
    data = scope()
    areas = {a["domain"]: a[lang] for a in data.get("area", [])}
    return {
        "summary": data[f"summary_{lang}"],
        "areas": [areas[d] for d in DOMAINS if d in areas],
    }


def reported(indicators: tuple[Indicator, ...] | list[Indicator]) -> list[Indicator]:
    """The indicators a publication reports: not the data-quality counters (annex B)."""
    return [i for i in indicators if not i.quality]


def environment() -> Environment:
    """The Jinja environment of the publications' templates (report, public version, letter)."""
    env = Environment(
        loader=PackageLoader("jbr.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install(env)  # t(key): the words of jbr/locale/<lang>/
    env.globals["anchor"] = anchor
    # a chart in a PDF: its SVG in few elements, as an image (svgprint.py, issue 19)
    env.filters["printed"] = printed_chart
    return env


def _cell(f: Figure | None) -> dict[str, Any]:
    if f is None:
        return {"text": "", "suppressed": False}
    return {"text": f.text, "suppressed": f.suppressed}


def _status(f: Figure | None) -> dict[str, str]:
    if f is None or not f.status:
        return {}
    return {"symbol": f.status_symbol, "text": f.status_text, "css": f.status_class}


def _row(
    figures: PublishedFigures, figure_id: str, ministry: str, name: str, code: str
) -> dict[str, Any]:
    """This year, last year, change, status. Across a reorganisation last year is the
    restated figure (marked †) the change was computed from, so the change is the
    arithmetic of the two figures shown (SPEC §6)."""
    y = figures.year
    now, before = figures.get(figure_id, y, ministry), figures.get(figure_id, y - 1, ministry)
    change: Change | None = figures.change(figure_id, y, ministry)
    previous = _cell(before)
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
        "now": _cell(now),
        "before": previous,
        "before_value": before_value,
        "restated": restated,
        "change": change.text if change and change.text != UNKNOWN else "",
        "change_suppressed": bool(change and change.suppressed),
        "status": _status(now),
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


def _source_note(ind: Indicator, year: int, lang: str) -> str:
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
    rows = [_row(figures, ind.id, m, ministry_name(m, lang), m) for m in codes]
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
        _row(
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
    law_row, law_note = _law(ind, [f.year for f in trend], lang)
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
        "source": _source_note(ind, y, lang),
    }


def _law(ind: Indicator, years: list[int], lang: str) -> tuple[list[str], str]:
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


def ministry_matrices(
    indicators: list[Indicator], figures: PublishedFigures, lang: str, per_table: int = PER_MATRIX
) -> list[dict[str, Any]]:
    """The print edition's per-ministry detail: ministries × indicators of a chapter, each
    cell this year's figure, its status symbol and the change against last year.

    One table per few indicators instead of a table per indicator keeps the PDF short
    and fast to lay out; the web page keeps the full table under each indicator.
    """
    shown = [i for i in reported(indicators) if len(figures.ministries(i.id)) > 1]
    out = []
    for group in balanced(shown, per_table):
        codes = sorted(
            {m for i in group for m in figures.ministries(i.id)}, key=lambda m: (m != RIJK, m)
        )
        restated: dict[bool, set[str]] = {True: set(), False: set()}
        rows = []
        for m in codes:
            cells = []
            for i in group:
                f = figures.get(i.id, None, m)
                change = figures.change(i.id, None, m)
                visible = change and change.text not in (UNKNOWN, SUPPRESSED_MARK)
                if visible and change and change.restated:
                    restated[i.additive].add(m)
                cells.append(
                    {
                        "text": f.text if f else "",
                        "suppressed": bool(f and f.suppressed),
                        "status": _status(f),
                        "change": change.text if visible and change else "",
                        "restated": bool(visible and change and change.restated),
                    }
                )
            rows.append(
                {
                    "code": m,
                    "name": ministry_name(m, lang),
                    "label": ministry_label(m, lang) if m == RIJK else m,
                    "cells": cells,
                }
            )
        out.append(
            {
                "id": f"matrix-{group[0].id}",
                "wide": len(group) >= WIDE_MATRIX,
                "columns": [
                    {
                        "id": i.id,
                        "label": i.name(lang),
                        "title": titled(
                            i.name(lang), figures.table_unit(i.id) if i.unit_en != "year" else ""
                        ),
                    }
                    for i in group
                ],
                "rows": rows,
                "restatement": restatement_note(
                    figures.year,
                    restated[True] | restated[False],
                    None if all(restated.values()) else bool(restated[True]),
                    lang,
                ),
            }
        )
    return out


def balanced(items: list[Indicator], most: int) -> list[list[Indicator]]:
    """``items`` in order, in as few groups of at most ``most`` as possible, their sizes
    differing by one at most: 6 in groups of 5 is 3 + 3, not 5 + 1 (a table of one column)."""
    if not items:
        return []
    groups = -(-len(items) // most)
    size, extra = divmod(len(items), groups)
    out, start = [], 0
    for g in range(groups):
        end = start + size + (1 if g < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def chapters(
    data: ReportData,
    figures: PublishedFigures,
    charts: dict[str, Chart],
    lang: str,
    medium: str = "screen",
    comparisons: dict[str, Chart] | None = None,
) -> list[dict[str, Any]]:
    out = []
    for domain in DOMAINS:
        members = [ind for ind in reported(catalogue()) if ind.domain == domain]
        indicators = [
            indicator_view(
                ind, figures, charts, data.listings, lang, comparisons, data.listing_files
            )
            for ind in members
        ]
        matrices = ministry_matrices(members, figures, lang) if medium == "print" else []
        where = {c["id"]: m["id"] for m in matrices for c in m["columns"]}
        for view in indicators:
            view["matrix"] = where.get(view["id"])
        out.append(
            {
                "id": domain,
                "name": domain_name(domain, lang),
                "indicators": indicators,
                "matrices": matrices,
            }
        )
    return out


def summary(figures: PublishedFigures, lang: str) -> dict[str, Any]:
    """Targets with their status (prognoses never: SPEC §6), the prognoses apart with their
    method, and the key figures against last year."""
    targets: list[dict[str, Any]] = []
    prognoses: list[dict[str, Any]] = []
    for ind in reported(catalogue()):
        f = figures.get(ind.id)
        if f is None:
            continue
        if ind.is_prognosis:
            prognoses.append(
                {"id": ind.id, "label": ind.name(lang), "figure": f}
                | (prognosis_view(ind, lang) or {})
            )
        elif ind.target is not None and f.status:
            targets.append({"id": ind.id, "label": ind.name(lang), "figure": f})
    counts = {s: sum(t["figure"].status == s for t in targets) for s in STATUS_SYMBOL}
    key = []
    for ind in key_figures():  # catalogue: key_figure, chapter by chapter
        fid = ind.id
        f = figures.get(fid)
        if f is None:
            continue
        key.append(
            {
                "id": fid,
                "label": ind.name(lang),
                "figure": f,
                "before": figures.get(fid, figures.year - 1),
                "change": figures.change(fid),
            }
        )
    return {"targets": targets, "prognoses": prognoses, "counts": counts, "key": key}


def title_texts(data: ReportData, lang: str) -> dict[str, str]:
    """The title page's and headings' words (``publicatie.rapport.*``) of ``data``."""
    when = day(data.generated, lang)
    return {
        k: text(f"publicatie.rapport.{k}", lang, year=data.year, date=when) for k in TITLE_TEXTS
    }


def render_report(
    data: ReportData,
    lang: str = "nl",
    figures: PublishedFigures | None = None,
    charts: dict[str, Chart] | None = None,
    medium: str = "screen",
    text: Any = None,
    comparisons: dict[str, Chart] | None = None,
) -> str:
    """The report as HTML; ``medium="print"`` is the edition the PDF is made from: per-ministry
    detail in compact chapter tables, listings shortened, the per-file delivery log left out
    (the web page has them in full). ``text`` (``text.Editorial``) puts the team's prose
    before the summary's tables and each chapter's figures; without it the report is a
    concept."""
    figures = figures or published_figures(data.values, data.year, lang)
    template = environment().get_template("rapport.html.j2")
    years = sorted((y for y in data.years if y <= data.year), reverse=True)
    return template.render(
        lang=lang,
        t=title_texts(data, lang),
        year=data.year,
        previous=data.year - 1,
        years=years,
        trend_years=sorted(years),
        chapters=chapters(data, figures, charts or {}, lang, medium, comparisons),
        medium=medium,
        print_listed=PRINT_LISTED,
        summary=summary(figures, lang),
        status_words=status_words(lang),
        status_symbols=STATUS_SYMBOL,
        deliveries=data.deliveries,
        rejected=data.rejected,
        quality=data.quality,
        missing={
            theme: [ministry_label(m, lang) for m in codes]
            for theme, codes in (data.quality.missing() if data.quality else {}).items()
        },
        min_persons=MIN_PERSONS,
        mark=SUPPRESSED_MARK,
        restated_mark=RESTATED_MARK,
        indicators=reported(catalogue()),
        scope=scope_text(lang),
        by_id=by_id(),
        themes=THEMES,
        domains=DOMAINS,
        target_text=lambda i: value_text(i.target.value, i.id, lang),
        # --- the editorial layer (issue 16): prose and concept marking ---
        prose=_prose(text),
        concept=text is None or text.concept,
    )


def _prose(text: Any) -> dict[str, Any]:
    """The team's prose for the template: the summary's and each chapter's HTML."""
    if text is None:
        return {"summary": None, "chapters": {}}
    return {
        "summary": text.summary(),
        "chapters": {d: text.chapter(d) for d in DOMAINS},
    }
