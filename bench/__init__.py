"""Benchmarks (`make bench`): figures for SPEC §7, written to out/bench.json.

Every figure is one object keyed by a stable name: ``value``, ``unit``, ``goal``,
``baseline`` (what it is measured against), ``ratio`` (value ÷ baseline) and
``baseline_of`` (what the baseline is: a measured limit such as DuckDB's own reader, or
the goal when there is nothing to measure against); ``note`` says more. Context figures
(counts, the load average) have no baseline: ``baseline`` and ``ratio`` are null.
"""

from __future__ import annotations

import re
from typing import Any

Figure = dict[str, Any]


def figure(
    value: float,
    unit: str,
    goal: str | None = None,
    baseline: float | None = None,
    of: str | None = None,
    note: str | None = None,
) -> Figure:
    """A figure measured against ``baseline`` (``of`` says what that is)."""
    out: Figure = {"value": value, "unit": unit, "goal": goal}
    out["baseline"] = baseline
    out["ratio"] = value / baseline if baseline else None
    out["baseline_of"] = of if baseline is not None else None
    if note:
        out["note"] = note
    return out


_BOUND = re.compile(r"^\s*(<=|<|>=|>|≤|≥)\s*([\d.,_]+)\s*$")


def complete(fig: Figure) -> Figure:
    """Give a figure of an older suite its baseline: the goal, when the goal is a number
    (``< 90``); else none (a context figure). Figures with a baseline stay as they are."""
    out = dict(fig)
    if out.get("baseline") is None:
        bound = _BOUND.match(str(out.get("goal") or ""))
        if bound:
            out["baseline"] = float(bound.group(2).replace(",", "").replace("_", ""))
            out["baseline_of"] = "goal"
        else:
            out["baseline"] = None
    if out.get("baseline"):
        out.setdefault("baseline_of", None)
        if out.get("ratio") is None:
            out["ratio"] = out["value"] / out["baseline"]
    else:
        out["ratio"] = None
        out["baseline_of"] = None
    out.setdefault("goal", None)
    return out
