"""``rapport.html`` / ``rapport.pdf``: the JBR itself (SPEC §6, issue 7).

Title page, summary, a chapter per SPEC area, per indicator a short text, a trend
chart with its data table, a table per ministry (this year, last year, change,
target status) and footnotes with sources; a methodology annex generated from the
indicator catalogue and a data-quality annex.

Rendering is pure: it takes computed values, the published figures (every number
comes from ``figures.py``), charts and delivery metadata and returns HTML. The same
HTML is the web page and, through its print CSS, the PDF source.

This module renders (``render_report``: the chapters, the summary, the title page's
words); its parts: the data model ``report_data`` (``ReportData``), one indicator's
section ``report_views``, the print edition's per-ministry tables ``report_matrices`` and
the templates' Jinja ``environment``. Their names callers use are importable from here.
"""

from __future__ import annotations

from typing import Any

from ..deliveries.themes import THEMES
from ..indicators import DOMAINS, by_id, catalogue, key_figures
from ..indicators.values import MIN_PERSONS
from ..locale import text
from .charts.model import Chart
from .environment import environment
from .figures import (
    RESTATED_MARK,
    STATUS_SYMBOL,
    SUPPRESSED_MARK,
    PublishedFigures,
    published_figures,
    status_words,
    value_text,
)
from .format import day
from .report_data import ReportData, reported, scope_text
from .report_matrices import balanced, ministry_matrices
from .report_views import PRINT_LISTED, indicator_view, prognosis_view, records_summary
from .words import domain_name, ministry_label

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
        words=title_texts(data, lang),  # the report's title words; t is the catalogue (jbr/locale)
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


# Callers import these from here (the report's parts live in report_data, report_views,
# report_matrices and environment).
__all__ = [
    "ReportData",
    "balanced",
    "chapters",
    "environment",
    "records_summary",
    "render_report",
    "summary",
    "title_texts",
]
