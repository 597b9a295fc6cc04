"""Year-over-year comparison across reorganisations (SPEC §4).

When a ministry is split or renamed between 31 December Y−1 and 31 December Y
(e.g. EZK → EZ + KGG on 2 July 2024), a successor has no figure of its own for
Y−1. Its previous-year figure is the predecessor's, split over all successors
by their share of the same figure in year Y (the "verdeelsleutel"). For a pure
rename the share is 1. Every mapping applied is returned as a note.
"""

from __future__ import annotations

from datetime import date

from ..codelists import reorganisations


def previous_year_values(
    current: dict[str, float], previous: dict[str, float], year: int, lang: str = "nl"
) -> tuple[dict[str, float], list[str]]:
    """Values of Y−1 restated to the ministries of Y, and the mappings applied."""
    start, end = date(year - 1, 12, 31), date(year, 12, 31)
    edges = [r for r in reorganisations() if start < r.day <= end]
    restated = {m: v for m, v in previous.items()}
    notes: list[str] = []
    for old in sorted({e.old for e in edges}):
        if old not in previous:
            continue
        new = [e.new for e in edges if e.old == old]
        total = sum(current.get(n, 0.0) for n in new)
        restated.pop(old, None)
        for n in new:
            share = current.get(n, 0.0) / total if total else 1.0 / len(new)
            restated[n] = previous[old] * share
        day = next(e.day for e in edges if e.old == old)
        targets = ", ".join(new)
        if lang == "nl":
            notes.append(
                f"{old} {year - 1} verdeeld over {targets} naar hun aandeel in {year} "
                f"(reorganisatie {day:%d-%m-%Y})"
            )
        else:
            notes.append(
                f"{old} {year - 1} split over {targets} by their share in {year} "
                f"(reorganisation {day:%Y-%m-%d})"
            )
    return restated, notes
