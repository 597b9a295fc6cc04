"""The open data's tables: every published figure (one row each, with its marker and
permanent URL), the indicator catalogue (SPEC §5) and the ministry code list."""

from __future__ import annotations

from ...codelists import RIJK, ministries
from ...indicators import IndicatorValue, catalogue
from ..tables import Cell, Table
from ..urls import TOP, Place, site_url
from .permalinks import figure_path
from .schema import FIGURE_FIELDS, INDICATOR_FIELDS, MINISTRY_FIELDS
from .values import decimals, marker_and_reason, rounded


def figures_table(
    values: dict[int, list[IndicatorValue]],
    versions: dict[int, int],
    base_url: str | None,
    place: Place = TOP,
) -> Table:
    rows: list[list[Cell]] = []
    position = {ind.id: n for n, ind in enumerate(catalogue())}
    everything = [v for y in sorted(values) for v in values[y]]
    everything.sort(
        key=lambda v: (
            v.year,
            position.get(v.indicator, 0),
            v.ministry != RIJK,
            v.ministry,
            v.breakdown or "",
        )
    )
    catalogue_by_id = {ind.id: ind for ind in catalogue()}
    for v in everything:
        shown = v.public()
        ind = catalogue_by_id.get(v.indicator)
        places = decimals(ind) if ind else 1
        law = ind.law_note(v.year) if ind else None
        marker, reason = marker_and_reason(v, ind)
        notes = [n for n in (reason, *v.notes, law) if n]
        rows.append(
            [
                v.figure_id,
                v.indicator,
                v.breakdown,
                v.year,
                v.ministry,
                rounded(shown.value, places),
                v.unit,
                rounded(v.target, places),
                None if v.suppressed else v.status,
                v.suppressed,
                marker,
                "; ".join(notes) or None,
                versions[v.year],
                site_url(
                    base_url, figure_path(v.indicator, v.year, v.ministry, v.breakdown), place
                ),
            ]
        )
    return Table("figures", [f["name"] for f in FIGURE_FIELDS], rows)  # fmt: skip


def indicators_table(
    base_url: str | None, values: dict[int, list[IndicatorValue]], place: Place = TOP
) -> Table:
    """The catalogue; ``url`` is the indicator's Rijk page of the latest year it has a figure."""
    latest: dict[str, int] = {}
    for year, figures in values.items():
        for v in figures:
            latest[v.indicator] = max(latest.get(v.indicator, year), year)
    rows: list[list[Cell]] = []
    for ind in catalogue():
        if ind.quality:
            continue
        t, p = ind.target, ind.prognosis
        last = latest.get(ind.id)
        rows.append(
            [
                ind.id, ind.domain, ind.label_nl, ind.label_en, ind.definition_nl,
                ind.definition_en, ind.formula, ind.unit, ind.unit_en, ind.aggregation,
                "; ".join(ind.sources),
                t.value if t and not t.from_data else None,
                t.direction if t else None,
                t.year if t else None,
                t.baseline_year if t else None,
                t.source if t else None,
                ind.kind,
                p.basis if p else None,
                f"{p.method_nl}; {p.bounds_nl}" if p else None,
                p.horizon if p else None,
                site_url(base_url, f"/indicator/{ind.id}/{last}/", place) if last else None,
                decimals(ind),
            ]
        )  # fmt: skip
    return Table("indicators", [f["name"] for f in INDICATOR_FIELDS], rows)


def ministries_table() -> Table:
    rows: list[list[Cell]] = [[RIJK, "Rijk (totaal)", "Central government (total)", None, None]]
    for m in ministries():
        rows.append(
            [
                m.code,
                m.name_nl,
                m.name_en,
                m.valid_from.isoformat(),  # CSV text; a date in Parquet (write.py)
                m.valid_to.isoformat() if m.valid_to else None,
            ]
        )
    return Table("ministries", [f["name"] for f in MINISTRY_FIELDS], rows)
