"""Review before publication (wederhoor, SPEC §8, issue 17): what each ministry gets,
and whether a year may be published.

- ``sendings``: a ministry's own figures of a year per chapter (the report's chapters,
  catalogue ``DOMAINS``): every published figure of that ministry (suppressed ones
  without their value, as they would be published), no data-quality counters, no Rijk
  totals (those are every ministry's).
- ``start``: send what is new or changed since the last sending (``jbr review start``);
  a chapter whose figures changed after an approval is sent again, which reopens it.
- ``gate``: the chapters of a year that may not be published yet, judged on the
  figures as computed *now*: an approval holds only for the figures it approved, so a
  corrected delivery loaded after it reopens the chapter even before it is sent again.
- ``workbook``: the XLSX a ministry reviews (the portal serves it): each figure with
  definition, formula and source deliveries, and the deliveries themselves.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codelists import RIJK
from ..indicators import DOMAINS, IndicatorValue, by_id
from ..locale import text
from ..store import review as store
from ..store.connection import connect
from .figures import indicator_unit, status_word
from .format import number
from .passport import Lineage, delivery_rows
from .tables import safe_cell
from .words import domain_name

Key = tuple[str, str]  # (ministry, chapter)
CHAPTERS = tuple(DOMAINS)


def chapter_name(chapter: str, lang: str = "nl") -> str:
    return domain_name(chapter, lang)


def sendings(values: list[IndicatorValue]) -> dict[Key, list[dict[str, Any]]]:
    """(ministry, chapter) → that ministry's figures of the chapter, as published."""
    known = by_id()
    out: dict[Key, list[dict[str, Any]]] = {}
    for v in values:
        ind = known.get(v.indicator)
        if ind is None or ind.quality or v.ministry == RIJK:
            continue
        row = v.public().as_row()
        out.setdefault((v.ministry, ind.domain), []).append({k: row[k] for k in store.FIGURE_KEYS})
    return out


def fingerprints(values: list[IndicatorValue]) -> dict[Key, str]:
    return {key: store.fingerprint(figs) for key, figs in sendings(values).items()}


@dataclass
class Started:
    """What ``jbr review start`` did."""

    year: int
    sent: list[store.Event] = field(default_factory=list)  # first sendings
    resent: list[store.Event] = field(default_factory=list)  # changed figures, sent again
    unchanged: int = 0
    ministries: list[str] = field(default_factory=list)


def start(db: Path | str, year: int, values: list[IndicatorValue], by: str) -> Started:
    """Send every (ministry, chapter) whose figures were not sent yet, or changed since."""
    now = sendings(values)
    latest = {
        key: s.sent for key, s in store.chapter_states(store.read_events(db, year), year).items()
    }
    todo = {
        key: figs
        for key, figs in now.items()
        if latest.get(key) is None or latest[key].fingerprint != store.fingerprint(figs)  # type: ignore[union-attr]
    }
    result = Started(year, ministries=sorted({m for m, _ in now}))
    result.unchanged = len(now) - len(todo)
    for event in store.record_sending(db, year, todo, by) if todo else []:
        key = (event.ministry, event.chapter or "")
        (result.resent if latest.get(key) is not None else result.sent).append(event)
    return result


class ReviewIncomplete(Exception):
    """A year whose review is not complete: chapters neither approved as they stand nor
    overridden."""

    def __init__(self, year: int, open_chapters: list[store.ChapterState]) -> None:
        self.year = year
        self.open = open_chapters
        super().__init__(f"{year}: {len(open_chapters)} chapter(s) without approval")


def gate(db: Path | str, year: int, values: list[IndicatorValue]) -> list[store.ChapterState]:
    """The chapters that stop publication of ``year`` (empty: it may be published)."""
    current = fingerprints(values)
    states = store.chapter_states(store.read_events(db, year), year, current)
    return sorted(
        (s for key, s in states.items() if key in current and not s.cleared),
        key=lambda s: (s.ministry, CHAPTERS.index(s.chapter) if s.chapter in CHAPTERS else 99),
    )


def status_text(status: str, lang: str = "nl") -> str:
    """A chapter's state in the review in words (``kwaliteit.stand.*``)."""
    return text(f"kwaliteit.stand.{status}", lang)


# --- what a ministry reviews ----------------------------------------------------------------


@dataclass
class ReviewFigure:
    chapter: str
    figure_id: str
    label: str
    category: str
    value: float | None
    value_text: str
    unit: str
    target_text: str
    status_text: str
    suppressed: bool
    definition: str
    formula: str
    sources: list[dict[str, Any]]  # the deliveries (passport rows)
    approved_text: str | None = None  # a reopened chapter: the value as approved


@dataclass
class ReviewChapter:
    chapter: str
    name: str
    state: store.ChapterState
    figures: list[ReviewFigure]


def ministry_review(
    db: Path | str, year: int, ministry: str, lang: str = "nl"
) -> list[ReviewChapter]:
    """The chapters sent to ``ministry`` for ``year`` with their latest figures, each with
    definition, formula and the deliveries it came from (as of the sending)."""
    from .releases import split_figure_id

    if not Path(db).exists():
        return []
    con = connect(db, read_only=True)
    try:
        all_events = store.events(con, year)
        states = store.chapter_states(all_events, year)
        out = []
        lineages: dict[int, Lineage] = {}
        for chapter in CHAPTERS:
            state = states.get((ministry, chapter))
            if state is None or state.sent is None:
                continue
            head = state.sent.delivery_head
            if head not in lineages:
                lineages[head] = Lineage.of(con, head)
            before = _approved_values(con, all_events, state) if state.reopened else {}
            figures = []
            for f in store.sent_figures(con, state.sent.event_id):
                indicator, breakdown = split_figure_id(f["indicator"])
                ind = by_id()[indicator]
                refs = lineages[head].contributing(ind, year, ministry)
                figures.append(
                    ReviewFigure(
                        chapter=chapter,
                        figure_id=f["indicator"],
                        label=ind.name(lang, year),
                        category=ind.category(breakdown, lang) if breakdown else "",
                        value=f["value"],
                        value_text=number(f["value"], ind.unit, lang)
                        if not f["suppressed"]
                        else "*",
                        unit=indicator_unit(ind, lang),
                        target_text=number(f["target"], ind.unit, lang)
                        if f["target"] is not None
                        else "",
                        status_text=status_word(f["status"], lang),
                        suppressed=bool(f["suppressed"]),
                        definition=ind.definition(lang),
                        formula=ind.formula,
                        sources=delivery_rows(refs, lang),
                        approved_text=_value_text(before[f["indicator"]], ind.unit, lang)
                        if f["indicator"] in before
                        else ("–" if state.reopened else None),
                    )
                )
            order = {i: n for n, i in enumerate(by_id())}
            figures.sort(key=lambda x: (order.get(split_figure_id(x.figure_id)[0], 0), x.figure_id))
            out.append(ReviewChapter(chapter, chapter_name(chapter, lang), state, figures))
        return out
    finally:
        con.close()


def _approved_values(
    con: Any, all_events: list[store.Event], state: store.ChapterState
) -> dict[str, dict[str, Any]]:
    """The figures of the sending the (now outdated) approval was about, by figure id."""
    approved = state.approval.fingerprint if state.approval else None
    sent = [
        e
        for e in all_events
        if e.kind == store.SENT
        and (e.ministry, e.chapter) == (state.ministry, state.chapter)
        and e.fingerprint == approved
    ]
    if not sent:
        return {}
    return {f["indicator"]: f for f in store.sent_figures(con, sent[-1].event_id)}


def _value_text(f: dict[str, Any], unit: str, lang: str) -> str:
    return "*" if f["suppressed"] else number(f["value"], unit, lang)


# The workbook's columns: kwaliteit.werkmap.cijfer.<name> and kwaliteit.werkmap.levering.<name>.
FIGURE_COLUMNS = (
    "hoofdstuk", "indicator", "omschrijving", "categorie", "waarde", "eenheid", "doel",
    "status", "onderdrukt", "definitie", "formule", "bronleveringen",
)  # fmt: skip
DELIVERY_COLUMNS = (
    "levering", "gegevens", "ministerie", "jaar", "leverancier", "geladen", "versie",
    "controlegetal",
)  # fmt: skip


def workbook(chapters: list[ReviewChapter], year: int, ministry: str, lang: str = "nl") -> bytes:
    """The ministry's review as an XLSX: its figures (one row each, header row, no merged
    cells, text never a formula), their source deliveries, and the state per chapter."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    figures_head = [text(f"kwaliteit.werkmap.cijfer.{c}", lang) for c in FIGURE_COLUMNS]
    deliveries_head = [text(f"kwaliteit.werkmap.levering.{c}", lang) for c in DELIVERY_COLUMNS]
    s1, s2, s3 = (
        text("kwaliteit.werkmap.cijfers", lang),
        text("kwaliteit.werkmap.bronleveringen", lang),
        text("kwaliteit.werkmap.stand", lang),
    )
    withheld = text("kwaliteit.werkmap.ja", lang)
    book = Workbook()
    sheet = book.active
    sheet.title = s1
    sheet.append(figures_head)
    seen: dict[tuple, dict[str, Any]] = {}
    for ch in chapters:
        for f in ch.figures:
            sheet.append(
                [
                    safe_cell(v)
                    for v in (
                        ch.name, f.figure_id, f.label, f.category,
                        None if f.suppressed else f.value, f.unit, f.target_text or None,
                        f.status_text or None, withheld if f.suppressed else None,
                        f.definition, f.formula,
                        ", ".join(str(d["delivery"]) for d in f.sources),
                    )
                ]
            )  # fmt: skip
            for d in f.sources:
                seen[(d["delivery"], d["theme"], d["ministry"], d["year"])] = d
    sources = book.create_sheet(s2)
    sources.append(deliveries_head)
    for d in sorted(seen.values(), key=lambda d: (d["delivery"], d["theme"], str(d["year"]))):
        sources.append(
            [
                safe_cell(v)
                for v in (d["delivery"], d["theme"], d["ministry"], d["year"], d["supplier"],
                          d["loaded"], d["version"], d["sha256"])
            ]
        )  # fmt: skip
    state = book.create_sheet(s3)
    state.append(
        [
            text("kwaliteit.werkmap.stand_kolom.hoofdstuk", lang),
            text("kwaliteit.werkmap.stand_kolom.stand", lang),
        ]
    )
    for ch in chapters:
        state.append([ch.name, status_text(ch.state.status, lang)])
    for ws in (sheet, sources, state):
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the data-quality annex ---------------------------------------------------------------


@dataclass
class ReviewAnnex:
    """The review of the reporting year as the data-quality annex shows it: per ministry
    and chapter its state, and every approval, comment, override and figures-only
    publication with when, by whom and the text."""

    year: int
    chapters: list[str]  # the column headings
    rows: list[dict[str, Any]]  # per ministry: code and a cell per chapter
    events: list[dict[str, Any]]  # decisions, overrides, figures-only publications
    blocking: int = 0


def annex(db: Path | str, year: int, values: list[IndicatorValue], lang: str = "nl") -> ReviewAnnex:
    """The annex's review section, judged on ``values`` (the figures as published)."""
    from .format import day

    found = store.read_events(db, year)
    states = store.chapter_states(found, year, fingerprints(values))
    rows = []
    for ministry in sorted({m for m, _ in states}):
        cells = []
        for chapter in CHAPTERS:
            s = states.get((ministry, chapter))
            if s is None:
                cells.append("–")
                continue
            cells.append(text(f"kwaliteit.kort.{s.status}", lang))
        rows.append({"ministry": ministry, "cells": cells})
    events = [
        {
            "day": day(e.at.date(), lang),
            "who": e.actor,
            "ministry": text("kwaliteit.gebeurtenis.all", lang)
            if e.ministry == store.ALL
            else e.ministry,
            "chapter": chapter_name(e.chapter, lang) if e.chapter else "",
            "what": text(f"kwaliteit.gebeurtenis.{e.kind}", lang),
            "text": e.text or "",
        }
        for e in found
        if e.kind != store.SENT
    ]
    return ReviewAnnex(
        year,
        [chapter_name(c, lang) for c in CHAPTERS],
        rows,
        events,
        blocking=sum(1 for s in states.values() if not s.cleared),
    )
