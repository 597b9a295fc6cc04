"""The print edition's per-ministry tables: ministries × the indicators of a chapter.

The web page has a table per indicator; the PDF has one table per few indicators of a
chapter (``ministry_matrices``, grouped by ``balanced``), which keeps it short and fast
to lay out.
"""

from __future__ import annotations

from typing import Any

from ..codelists import RIJK
from ..indicators.catalogue import Indicator
from .figures import SUPPRESSED_MARK, PublishedFigures, restatement_note
from .format import UNKNOWN, titled
from .report_data import reported
from .report_views import status_view
from .words import ministry_label, ministry_name

PER_MATRIX = 5  # at most this many indicators per per-ministry table in the print edition


WIDE_MATRIX = 3  # a per-ministry table with fewer indicators is as wide as its content


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
                        "status": status_view(f),
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
