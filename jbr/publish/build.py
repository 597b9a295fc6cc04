"""Compute every indicator for every year in the store and write the publications."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from ..indicators import compute, listings, open_context, store_years
from .format import number
from .report import ReportData, write_report


def _deliveries(db: Path, outcomes: list[Any], lang: str) -> list[dict[str, Any]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """SELECT d.delivery_id, d.file_name, d.supplier, d.themes, d.rows,
                      bool_and(latest.delivery_id IS NOT NULL) AS current
               FROM deliveries d
               JOIN coverage c USING (delivery_id)
               LEFT JOIN (SELECT theme, ministerie, jaar, max(delivery_id) AS delivery_id
                          FROM coverage GROUP BY ALL) latest
                 ON latest.theme = c.theme AND latest.ministerie = c.ministerie
                AND latest.jaar IS NOT DISTINCT FROM c.jaar AND latest.delivery_id = d.delivery_id
               GROUP BY ALL ORDER BY d.delivery_id"""
        ).fetchall()
    finally:
        con.close()
    current = {"nl": "actueel", "en": "current"}[lang]
    old = {"nl": "(deels) vervangen", "en": "(partly) superseded"}[lang]
    return [
        {
            "delivery_id": r[0],
            "file_name": r[1],
            "supplier": r[2],
            "themes": r[3],
            "rows_text": number(r[4], "", lang),
            "status": current if r[5] else old,
        }
        for r in rows
    ]


LISTING_CAPTIONS = {
    "ai.risk_assessed_pct": (
        "AI-toepassingen in gebruik zonder risicoanalyse",
        "AI use cases in operation without a risk analysis",
    ),
    "housing.occupancy_pct": (
        "Kantoren zonder bezettingsgegevens",
        "Offices without occupancy data",
    ),
    "energy.gas_tj": (
        "Ontbrekende meetmaanden (datakwaliteit)",
        "Missing reading months (data quality)",
    ),
}
MAX_LISTED = 200


def _listings(ctx: Any, year: int, lang: str) -> dict[str, tuple[str, list[str], list[list[Any]]]]:
    out = {}
    for indicator, frame in listings(ctx, year).items():
        nl, en = LISTING_CAPTIONS[indicator]
        caption = f"{nl if lang == 'nl' else en}, {year}"
        if len(frame) > MAX_LISTED:
            word = "van" if lang == "nl" else "of"
            caption += (
                f" (de eerste {MAX_LISTED} {word} {len(frame)})"
                if lang == "nl"
                else f" (the first {MAX_LISTED} {word} {len(frame)})"
            )
        rows = [
            ["" if v is None else str(v) for v in r]
            for r in frame.head(MAX_LISTED).itertuples(index=False)
        ]
        out[indicator] = (caption, [str(c) for c in frame.columns], rows)
    return out


def publish_all(
    db: Path,
    out: Path,
    year: int | None,
    outcomes: list[Any],
    engine: str,
    lang: str,
    timings: dict[str, float] | None = None,
) -> tuple[int | None, list[Path]]:
    """``timings["indicators"]``: seconds spent computing (the rest is rendering)."""
    start = time.perf_counter()
    ctx = open_context(db, engine)
    years = store_years(ctx)
    if year is None:
        year = max(years) if years else None
    ctx.years = tuple(y for y in years if year is None or y <= year)
    values = {y: compute(ctx, y) for y in ctx.years}
    rejected = [
        {
            "file": o.file.name,
            "problems": sum(p.is_error for p in o.problems),
            "first": next((p.message for p in o.problems if p.is_error), ""),
        }
        for o in outcomes
        if o.status == "rejected"
    ]
    listed = _listings(ctx, year, lang) if year else {}
    if timings is not None:
        timings["indicators"] = time.perf_counter() - start
    data = ReportData(
        year=year or 0,
        years=sorted(values),
        values=values,
        deliveries=_deliveries(db, outcomes, lang),
        rejected=rejected,
        listings=listed,
    )
    return year, [write_report(data, out, lang)]
