"""``rapport.html``: a section per SPEC area, every indicator over the years (SPEC §6).

Rendering is pure: it takes computed values and delivery metadata and returns
HTML. Published cells use the public view: a figure describing fewer than ten
persons shows no number, only a mark with its footnote.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..codelists import RIJK, ministry_by_code, reorganisations
from ..indicators import DOMAINS, IndicatorValue, catalogue
from ..indicators.engine import MIN_PERSONS
from .format import day, number

STATUS_TEXT = {
    "nl": {"met": "gehaald", "on_track": "op koers", "off_track": "niet op koers"},
    "en": {"met": "met", "on_track": "on track", "off_track": "off track"},
}


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
    generated: date = field(default_factory=date.today)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jbr.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _ministry_name(code: str, lang: str) -> str:
    if code == RIJK:
        return "Rijk" if lang == "nl" else "Central government"
    m = ministry_by_code().get(code)
    return m.name(lang) if m else code


def reorganisation_notes(years: list[int], ministries: set[str], lang: str) -> list[str]:
    """Footnotes for a table whose years span a reorganisation of a ministry it shows."""
    if not years:
        return []
    first, last = date(min(years), 1, 1), date(max(years), 12, 31)
    notes: dict[tuple[date, str], list[str]] = {}
    for r in reorganisations():
        if first <= r.day <= last and r.old != r.new and ({r.old, r.new} & ministries):
            notes.setdefault((r.day, r.old), []).append(r.new)
    out = []
    for (day_, old), new in sorted(notes.items()):
        joined = (" en " if lang == "nl" else " and ").join(new)
        out.append(
            f"{old} → {joined} per {day(day_, lang)}."
            if lang == "nl"
            else f"{old} → {joined} as of {day(day_, lang)}."
        )
    return out


def _cells(values: dict[int, IndicatorValue], years: list[int], unit: str, lang: str) -> list[dict]:
    """One table row's cells, latest year first; a suppressed figure shows only its mark."""
    out = []
    for y in years:
        cell = values.get(y)
        text = "" if cell is None else ("*" if cell.suppressed else number(cell.value, unit, lang))
        out.append(
            {
                "text": text,
                "suppressed": bool(cell and cell.suppressed),
                "status": STATUS_TEXT[lang].get(cell.status or "", "") if cell else "",
            }
        )
    return out


def indicator_tables(data: ReportData, lang: str) -> list[dict[str, Any]]:
    """Per domain, per indicator: rows (Rijk first, then ministries) × years (latest first).

    A broken-down indicator (e.g. fte by province) gets a second table by category:
    the Rijk's categories when it has them, else each ministry's.
    """
    years = sorted((y for y in data.years if y <= data.year), reverse=True)
    Cells = dict[str, dict[int, IndicatorValue]]
    totals: dict[str, Cells] = defaultdict(lambda: defaultdict(dict))
    parts: dict[str, dict[tuple[str, str], dict[int, IndicatorValue]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    notes: dict[str, list[str]] = defaultdict(list)
    for y in years:
        for v in data.values.get(y, []):
            if v.breakdown is None:
                totals[v.indicator][v.ministry][y] = v.public()
            else:
                parts[v.indicator][(v.ministry, v.breakdown)][y] = v.public()
            for n in v.notes:
                if f"{y}: {n}" not in notes[v.indicator]:
                    notes[v.indicator].append(f"{y}: {n}")
    domains = []
    for domain, (name_nl, name_en) in DOMAINS.items():
        indicators = []
        for ind in (i for i in catalogue() if i.domain == domain):
            by_ministry = totals.get(ind.id, {})
            rows: list[dict[str, Any]] = [
                {
                    "code": m,
                    "name": _ministry_name(m, lang),
                    "cells": _cells(by_ministry[m], years, ind.unit, lang),
                }
                for m in sorted(by_ministry, key=lambda m: (m != RIJK, m))
            ]
            by_category = parts.get(ind.id, {})
            rijk_only = any(m == RIJK for m, _ in by_category)
            breakdown: list[dict[str, Any]] = [
                {
                    "code": c if m == RIJK else f"{m} {c}",
                    "name": c,
                    "cells": _cells(cells, years, ind.unit, lang),
                }
                for (m, c), cells in sorted(by_category.items())
                if m == RIJK or not rijk_only
            ]
            for text in reorganisation_notes(years, set(by_ministry), lang):
                if text not in notes[ind.id]:
                    notes[ind.id].append(text)
            indicators.append(
                {
                    "id": ind.id,
                    "label": ind.label(lang),
                    "definition": ind.definition(lang),
                    "unit": ind.unit if lang == "nl" else ind.unit_en,
                    "formula": ind.formula,
                    "sources": ", ".join(ind.sources),
                    "rows": rows,
                    "breakdown": breakdown,
                    "listing": data.listings.get(ind.id),
                    "notes": notes.get(ind.id, []),
                    "any_suppressed": any(
                        c["suppressed"] for r in rows + breakdown for c in r["cells"]
                    ),
                }
            )
        domains.append(
            {"id": domain, "name": name_nl if lang == "nl" else name_en, "indicators": indicators}
        )
    return domains


def render_report(data: ReportData, lang: str = "nl") -> str:
    template = _environment().get_template("rapport.html.j2")
    years = sorted((y for y in data.years if y <= data.year), reverse=True)
    return template.render(
        lang=lang,
        year=data.year,
        years=years,
        domains=indicator_tables(data, lang),
        deliveries=data.deliveries,
        rejected=data.rejected,
        min_persons=MIN_PERSONS,
        generated=day(data.generated, lang),
        indicators=catalogue(),
    )


def write_report(data: ReportData, out: Path, lang: str = "nl") -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "rapport.html"
    path.write_text(render_report(data, lang), encoding="utf-8")
    return path
