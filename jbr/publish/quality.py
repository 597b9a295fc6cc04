"""The data-quality annex (SPEC §6): who delivered what for the reporting year, in
which version, what was rejected and what is missing; plus the reorganisation
mappings used in year-over-year comparisons.

Reads the store's delivery log (``deliveries``, ``coverage``) read-only; the
rejected files come from the build's load outcomes (a rejected file stores nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ..codelists import RIJK, ministries_valid_in, reorganisations
from ..deliveries.themes import THEMES
from ..locale import text
from .format import day, number, readable

MAX_PROBLEMS = 3  # problems quoted per rejected file; the full list is `jbr validate`'s


@dataclass
class Cell:
    """One theme × ministry of the reporting year."""

    version: int = 0  # number of deliveries that covered it (the latest is current)
    rows: int = 0


@dataclass
class DataQuality:
    year: int
    ministries: list[str] = field(default_factory=list)  # columns of the coverage matrix
    # theme → ministry → Cell; a theme delivered Rijk-wide has the single column RIJK
    coverage: dict[str, dict[str, Cell]] = field(default_factory=dict)
    rijk_themes: list[str] = field(default_factory=list)
    suppliers: list[dict[str, Any]] = field(default_factory=list)  # per supplier × theme
    # per theme: its suppliers (the print edition's compact form of ``suppliers``)
    theme_suppliers: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)  # covering the year
    rejected: list[dict[str, Any]] = field(default_factory=list)
    reorganisations: list[dict[str, str]] = field(default_factory=list)
    theme_labels: dict[str, str] = field(default_factory=dict)  # theme code → readers' name
    # findings of the computation in readers' words (jbr.indicators.findings), newest first
    findings: list[str] = field(default_factory=list)
    # record listings that belong to data quality, in readers' words: caption, headers,
    # rows, and ``name`` and ``downloads`` where the list goes in full to the report's
    # downloads (tabellen/<name>.*) and the annex shows its count and links instead
    listings: list[dict[str, Any]] = field(default_factory=list)
    # the review before publication (publish/review.py ReviewAnnex), issue 17
    review: Any = None

    def missing(self) -> dict[str, list[str]]:
        """theme → ministries expected but not delivered for the year."""
        out = {}
        for theme, cells in self.coverage.items():
            expected = [RIJK] if theme in self.rijk_themes else self.ministries
            gaps = [m for m in expected if cells.get(m, Cell()).version == 0]
            if gaps:
                out[theme] = gaps
        return out


def expected_themes() -> tuple[list[str], list[str]]:
    """Themes every ministry delivers itself (own ``ministerie`` column), and Rijk-wide
    themes. Child themes (suspensions, energy readings, occupancy) follow their parent
    and are not expected on their own."""
    own = [n for n, t in THEMES.items() if isinstance(t.ministry, str)]
    rijk = [n for n, t in THEMES.items() if t.ministry is None]
    return own, rijk


def data_quality(db: Path, year: int, outcomes: list[Any], lang: str = "nl") -> DataQuality:
    own, rijk = expected_themes()
    dq = DataQuality(
        year=year,
        ministries=sorted(m.code for m in ministries_valid_in(year)),
        rijk_themes=rijk,
    )
    dq.coverage = {t: {} for t in own + rijk}
    dq.theme_labels = {name: t.label(lang) for name, t in THEMES.items()}
    con = duckdb.connect(str(db), read_only=True)
    try:
        # Registers without a year (jaar NULL) count for every year.
        for theme, ministry, versions, rows in con.execute(
            """SELECT c.theme, c.ministerie, count(DISTINCT c.delivery_id),
                      arg_max(c.rows, c.delivery_id)
               FROM coverage c WHERE c.jaar = ? OR c.jaar IS NULL GROUP BY ALL""",
            [year],
        ).fetchall():
            if theme in dq.coverage:
                dq.coverage[theme][ministry] = Cell(int(versions), int(rows))
        dq.suppliers = [
            {
                "supplier": r[0],
                "theme": dq.theme_labels.get(r[1], r[1]),
                "files": number(r[2], "", lang),
                "ministries": number(r[3], "", lang),
                "rows": readable(r[4], "", lang),
                "last": day(r[5].date(), lang),
            }
            for r in con.execute(
                """SELECT d.supplier, c.theme, count(DISTINCT d.delivery_id),
                          count(DISTINCT c.ministerie), sum(c.rows), max(d.loaded_at)
                   FROM deliveries d JOIN coverage c USING (delivery_id)
                   WHERE c.jaar = ? OR c.jaar IS NULL GROUP BY ALL ORDER BY 1, 2""",
                [year],
            ).fetchall()
        ]
        dq.theme_suppliers = [
            {
                "theme": dq.theme_labels.get(r[0], r[0]),
                "suppliers": r[1] if r[2] == 1 else number(r[2], "", lang),
                "files": number(r[3], "", lang),
                "ministries": number(r[4], "", lang),
                "rows": readable(r[5], "", lang),
            }
            for r in con.execute(
                """SELECT c.theme, min(d.supplier), count(DISTINCT d.supplier),
                          count(DISTINCT d.delivery_id), count(DISTINCT c.ministerie), sum(c.rows)
                   FROM deliveries d JOIN coverage c USING (delivery_id)
                   WHERE c.jaar = ? OR c.jaar IS NULL GROUP BY ALL ORDER BY 1""",
                [year],
            ).fetchall()
        ]
        dq.deliveries = _deliveries(con, year, lang)
    finally:
        con.close()
    dq.rejected = [
        {
            "file": o.file.name,
            "problems": number(sum(p.is_error for p in o.problems), "", lang),
            "first": [p.text for p in o.problems if p.is_error][:MAX_PROBLEMS],
        }
        for o in outcomes
        if o.status == "rejected"
    ]
    dq.reorganisations = [
        {
            "day": day(r.day, lang),
            "old": r.old,
            "new": r.new,
            # what happens to the predecessor's records in its last part-year (SPEC §6)
            "role": text(
                "kwaliteit.reorganisatie.voortzetting"
                if r.continues
                else "kwaliteit.reorganisatie.neemt_over",
                lang,
            ),
            "note": getattr(r, f"note_{lang}"),  # the codelist's note in ``lang``
        }
        for r in reorganisations()
    ]
    return dq


def _deliveries(con: duckdb.DuckDBPyConnection, year: int, lang: str) -> list[dict[str, Any]]:
    """The deliveries that cover the reporting year, each current or (partly) superseded."""
    rows = con.execute(
        """SELECT d.delivery_id, d.file_name, d.supplier, d.themes, d.rows,
                  bool_and(latest.delivery_id IS NOT NULL) AS current
           FROM deliveries d
           JOIN coverage c USING (delivery_id)
           LEFT JOIN (SELECT theme, ministerie, jaar, max(delivery_id) AS delivery_id
                      FROM coverage GROUP BY ALL) latest
             ON latest.theme = c.theme AND latest.ministerie = c.ministerie
            AND latest.jaar IS NOT DISTINCT FROM c.jaar AND latest.delivery_id = d.delivery_id
           WHERE d.delivery_id IN (SELECT delivery_id FROM coverage WHERE jaar = ? OR jaar IS NULL)
           GROUP BY ALL ORDER BY d.delivery_id""",
        [year],
    ).fetchall()
    labels = {name: t.label(lang) for name, t in THEMES.items()}
    current = text("kwaliteit.levering.actueel", lang)
    old = text("kwaliteit.levering.vervangen", lang)
    return [
        {
            "delivery_id": r[0],
            "file_name": r[1],
            "supplier": r[2],
            "themes": ", ".join(labels.get(t, t) for t in str(r[3]).split(",") if t),
            "rows_text": readable(r[4], "", lang),
            "status": current if r[5] else old,
        }
        for r in rows
    ]
