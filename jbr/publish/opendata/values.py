"""How a figure's value is published: at the precision of its indicator, or, without a
value, as a marker with its reason in ``notes`` (SPEC §6: "no base, no figure": empty with
its reason; issue 18). A figure describing fewer than ten persons has an empty value and
the mark ``*`` — never the number; a figure that could not be computed the mark ``.``.
Values are rounded as the report prints them, so that no float noise
(2095.216899999989) is published."""

from __future__ import annotations

from ...indicators import Indicator, IndicatorValue
from ..format import ONE_DECIMAL, shown

SUPPRESSED_MARK = "*"  # the mark the report and site print for a suppressed figure
NO_FIGURE_MARK = "."  # no figure: not delivered or not computable (CBS: "gegevens ontbreken")
SUPPRESSED_REASON = "niet gepubliceerd: het cijfer beschrijft minder dan 10 personen"
NO_FIGURE_REASON = "geen cijfer: niet aangeleverd of niet te berekenen"


def decimals(ind: Indicator) -> int:
    """The precision of an indicator's figures: declared in the catalogue (``decimals``), else
    the one the publications print (format.py: one decimal for percentages, ratios, ages
    and durations, whole numbers for counts, amounts, energy and the like)."""
    if ind.decimals is not None:
        return ind.decimals
    return 1 if ind.unit in ONE_DECIMAL else 0


def rounded(value: float | None, places: int) -> float | int | None:
    """``value`` at ``places`` decimals, rounded as the publications print it (its float
    noise removed, ``format.snapped``; then Babel's half to even on the decimal
    notation); whole numbers as int."""
    if value is None:
        return None
    exact = shown(value, places)
    return int(exact) if places == 0 else float(exact) + 0.0  # + 0.0: no "-0.0"


def marker_and_reason(v: IndicatorValue, ind: Indicator | None) -> tuple[str, str | None]:
    """The marker of a figure without value and why it has none (SPEC §6: "no base, no
    figure": empty with its reason); a figure with a value has neither."""
    if v.suppressed:
        return SUPPRESSED_MARK, SUPPRESSED_REASON
    if v.value is not None:
        return "", None
    if v.reason is not None and ind is not None:  # a prognosis: "daalt niet", "na 2050"
        from ..figures import reason_text

        return NO_FIGURE_MARK, f"leeg: {reason_text(v.reason, ind)}"
    if v.notes:
        return NO_FIGURE_MARK, None  # the computation's own note says why
    return NO_FIGURE_MARK, (ind.no_figure_nl if ind and ind.no_figure_nl else NO_FIGURE_REASON)
