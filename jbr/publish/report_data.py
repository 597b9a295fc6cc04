"""The report's data model: what a publication shows, gathered before it is rendered.

``ReportData`` (the year, its computed values, the deliveries and the listings), which
organisations the figures cover (``scope``, configuration) and which indicators a
publication reports (``reported``). The report, the publieksversie and the Kamerbrief
all render from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ..indicators import DOMAINS, IndicatorValue
from ..indicators.catalogue import Indicator
from .quality import DataQuality


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
    # indicator id → download name (tabellen/<name>.*) of a listing per record (building):
    # the report says how many and links to it instead of printing the list
    listing_files: dict[str, str] = field(default_factory=dict)
    generated: date = field(default_factory=date.today)
    quality: DataQuality | None = None


@cache
def scope() -> dict[str, Any]:
    """Which organisations the figures cover: ``rules/scope.toml`` (configuration)."""
    text = resources.files("jbr.publish").joinpath("rules/scope.toml").read_text("utf-8")
    return tomllib.loads(text)


def scope_text(lang: str) -> dict[str, Any]:
    """The scope statement and its per-area lines in ``lang``, in chapter order."""
    data = scope()
    areas = {a["domain"]: a[lang] for a in data.get("area", [])}
    return {
        "summary": data[f"summary_{lang}"],
        "areas": [areas[d] for d in DOMAINS if d in areas],
    }


def reported(indicators: tuple[Indicator, ...] | list[Indicator]) -> list[Indicator]:
    """The indicators a publication reports: not the data-quality counters (annex B)."""
    return [i for i in indicators if not i.quality]
